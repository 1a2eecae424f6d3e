"""Sending reminders: who gets what, once, in which form. Real database, Django's in-memory mail.

The conftest plan: 1.1.1 due 31 December 2026, led by Vicky Buchanan (the ``owner`` persona's
person); 1.1.2 led by the National Probation Service, due at the end of Sprint 1 (29 November
2026); 1.1.3 completed.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from clearsight.audit.models import AuditEvent
from clearsight.conftest import make_user
from clearsight.organisations.models import OrgUnit, Person
from clearsight.plans.models import Action
from clearsight.reminders.models import Delivery, Notification, ReminderPreference
from clearsight.reminders.services import preference_update, reminders_send

DUE_SOON = date(2026, 12, 28)  # 1.1.1 due in 3 days; 1.1.2 29 days late


def sent_to(email: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [email]]


@pytest.fixture
def only_111(plan):
    """Just action 1.1.1 open, so counts are about one action."""
    Action.objects.filter(plan=plan).exclude(ref="1.1.1").update(status="completed")
    return plan


def test_an_owner_is_reminded_once_with_text_and_html_and_a_link(owner, lead, only_111):
    result = reminders_send(today=DUE_SOON)
    assert result.sent == 1
    (message,) = mail.outbox
    assert message.to == ["owner@sefton.example"]
    assert message.subject == "Action 1.1.1 is due soon (Sefton)"
    assert "Due in 3 days, on 31 December 2026." in message.body
    assert f"http://127.0.0.1:8000/plans/{only_111.pk}/actions/1.1.1/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f'href="http://127.0.0.1:8000/plans/{only_111.pk}/actions/1.1.1/"' in html
    assert "matches you by name" in message.body
    note = Notification.objects.get()
    assert (note.kind, note.period, note.status) == ("due_soon", "due:2026-12-31", "sent")
    event = AuditEvent.objects.get(verb="reminder.sent")
    assert event.after["recipient"] == "owner@sefton.example" and event.after["kind"] == "due_soon"


def test_running_again_sends_nothing_new(owner, lead, only_111):
    assert reminders_send(today=DUE_SOON).sent == 1
    assert reminders_send(today=DUE_SOON).sent == 0
    assert reminders_send(today=date(2026, 12, 30)).sent == 0  # still the same due date
    assert len(mail.outbox) == 1


def test_it_becomes_overdue_then_escalates_to_the_lead_then_the_chair(owner, lead, chair, only_111):
    reminders_send(today=date(2027, 1, 1))
    assert [m.subject for m in mail.outbox] == ["Action 1.1.1 is overdue (Sefton)"]
    mail.outbox.clear()
    assert reminders_send(today=date(2027, 1, 13)).sent == 0  # 13 days late: nothing new
    reminders_send(today=date(2027, 1, 14))
    (escalated,) = mail.outbox
    assert escalated.to == ["lead@sefton.example"]
    assert escalated.subject == "Action 1.1.1 is overdue and has been escalated to you (Sefton)"
    assert "Overdue by 14 days" in escalated.body
    mail.outbox.clear()
    assert reminders_send(today=date(2027, 1, 27)).sent == 0
    reminders_send(today=date(2027, 1, 28))
    (to_chair,) = mail.outbox
    assert to_chair.to == ["chair@sefton.example"] and "You chair the improvement board." in to_chair.body


def test_escalation_goes_to_the_managers_over_the_leads_team_when_known(owner, lead, only_111, sefton):
    service = OrgUnit.objects.create(authority=sefton, kind="service", name="Children's Social Care")
    team = OrgUnit.objects.create(authority=sefton, kind="team", name="Assessment Team", parent=service)
    Person.objects.filter(name="Vicky Buchanan").update(org_unit=team)
    make_user("head@sefton.example", sefton, "manager", org_unit=service)
    make_user("other@sefton.example", sefton, "manager",
              org_unit=OrgUnit.objects.create(authority=sefton, kind="service", name="Early Help"))
    reminders_send(today=date(2027, 1, 14))
    escalations = [m for m in mail.outbox if "escalated to you" in m.subject]
    assert [m.to for m in escalations] == [["head@sefton.example"]]


def test_without_a_chair_the_chair_escalation_goes_to_the_performance_lead_saying_so(owner, lead, only_111):
    reminders_send(today=date(2027, 1, 28))
    to_lead = [m for m in sent_to("lead@sefton.example") if "board chair" in m.subject]
    assert len(to_lead) == 1 and "No board chair is set up in Clearsight" in to_lead[0].body


def test_a_lead_with_no_sign_in_is_listed_for_the_performance_lead(lead, plan):
    # 1.1.2 is led by the probation service, which has no users: its reminder is not dropped.
    reminders_send(today=date(2026, 12, 1))
    (message,) = [m for m in sent_to("lead@sefton.example") if "1.1.2" in m.subject]
    assert message.subject == "Action 1.1.2 is overdue (Sefton)"
    assert "No one with a Clearsight sign-in leads this action" in message.body
    assert "National Probation Service" in message.body


def test_a_partner_is_reminded_about_their_agencys_action(board, lead, plan):
    reminders_send(today=date(2026, 12, 1))
    assert [m.subject for m in sent_to("board@sefton.example")] == ["Action 1.1.2 is overdue (Sefton)"]
    assert not [m for m in sent_to("lead@sefton.example") if "1.1.2 is overdue (" in m.subject]


def test_a_lead_matched_by_job_title_is_reminded(lead, plan, sefton):
    qa = make_user("qa@sefton.example", sefton, "owner")
    Person.objects.create(authority=sefton, name="Quinn Quality", job_title="Quality assurance manager", user=qa)
    Action.objects.filter(ref="1.1.3").update(status="in_progress", due_kind="day", due_date=date(2026, 12, 30))
    reminders_send(today=DUE_SOON)
    assert [m.subject for m in sent_to("qa@sefton.example")] == ["Action 1.1.3 is due soon (Sefton)"]


def test_a_weekly_digest_gathers_reminders_into_one_mail_on_its_day(lead, plan, settings):
    settings.CLEARSIGHT_DIGEST_WEEKDAY = 3  # Thursday
    preference_update(user=lead, delivery=Delivery.WEEKLY, reminders_on=True)
    tuesday, thursday = date(2027, 1, 12), date(2027, 1, 14)
    assert reminders_send(today=tuesday).sent == 0 and mail.outbox == []
    assert reminders_send(today=thursday).sent == 1
    (digest,) = mail.outbox
    assert digest.subject.startswith("Your weekly Clearsight digest: ")
    assert "Action 1.1.2 is overdue" in digest.body  # unmatched lead, for the performance lead
    assert "Action 1.1.1 is overdue" in digest.body  # Vicky Buchanan has no sign-in here
    assert "in a weekly digest" in digest.body
    # Most urgent first: escalations, then overdue, each section headed.
    body = digest.body
    assert body.index("== Escalated (") < body.index("== Overdue (")
    assert "== Due soon" not in body  # nothing is due soon, so no empty section
    html = digest.alternatives[0][0]
    assert "<h2" in html and "<h3" in html and "Open action 1.1.2 in Clearsight" in html
    items = Notification.objects.filter(recipient=lead).exclude(kind="digest")
    assert items.count() >= 2 and all(n.digest_id for n in items)
    assert reminders_send(today=date(2027, 1, 15)).sent == 0  # one digest a week
    mail.outbox.clear()
    # The next week: only what is new (1.1.1 reaches the board chair's escalation step).
    assert reminders_send(today=date(2027, 1, 28)).sent == 1
    assert "escalated to the board chair" in mail.outbox[0].body
    assert "Action 1.1.2 is overdue\n" not in mail.outbox[0].body


def test_opting_out_keeps_escalations_only(owner, lead, only_111):
    preference_update(user=owner, delivery=Delivery.IMMEDIATE, reminders_on=False)
    preference_update(user=lead, delivery=Delivery.IMMEDIATE, reminders_on=False)
    reminders_send(today=date(2027, 1, 14))
    assert sent_to("owner@sefton.example") == []  # overdue: a reminder, switched off
    assert [m.subject for m in sent_to("lead@sefton.example")] == [
        "Action 1.1.1 is overdue and has been escalated to you (Sefton)"]


def test_a_dry_run_sends_and_records_nothing(owner, lead, only_111):
    result = reminders_send(today=DUE_SOON, dry_run=True)
    assert result.sent == 0 and mail.outbox == [] and not Notification.objects.exists()
    assert result.lines == ["would send straight away to owner@sefton.example: Action 1.1.1 is due soon"]


def test_a_failed_send_is_released_to_try_again(owner, lead, only_111, settings):
    settings.EMAIL_BACKEND = "clearsight.reminders.tests.test_services.FailingBackend"
    result = reminders_send(today=DUE_SOON)
    assert result.sent == 0 and "failed: owner@sefton.example" in result.lines[-1]
    assert not Notification.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminders_send(today=DUE_SOON).sent == 1


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server refused the connection")


def test_changing_preferences_is_audited(owner):
    preference_update(user=owner, delivery=Delivery.WEEKLY, reminders_on=False)
    preference = ReminderPreference.objects.get(user=owner)
    assert (preference.delivery, preference.reminders_on) == ("weekly", False)
    event = AuditEvent.objects.get(verb="reminders.preferences_changed")
    assert event.before == {"delivery": "immediate", "reminders_on": True}
    assert event.after == {"delivery": "weekly", "reminders_on": False} and event.actor == owner


def test_an_unknown_delivery_is_refused(owner):
    with pytest.raises(ValueError):
        preference_update(user=owner, delivery="hourly", reminders_on=True)
    assert not ReminderPreference.objects.exists()


def test_an_action_with_a_lead_on_clearsight_and_one_without_reaches_both(owner, lead, only_111, probation):
    from clearsight.plans.models import ActionLead

    ActionLead.objects.create(action=Action.objects.get(ref="1.1.1"), order=2, agency=probation)
    reminders_send(today=DUE_SOON)
    assert [m.subject for m in sent_to("owner@sefton.example")] == ["Action 1.1.1 is due soon (Sefton)"]
    (to_lead,) = sent_to("lead@sefton.example")
    assert "One of this action's leads (National Probation Service) has no Clearsight sign-in" in to_lead.body

"""The notifications and preferences pages: sign-in needed, each person sees and changes only
their own, GOV.UK errors on a bad form."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from clearsight.reminders.models import Notification, ReminderPreference

PAGES = ["notifications", "reminder-preferences"]


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def note_for(user, title, **kw):
    return Notification.objects.create(recipient=user, kind="overdue", subject_key=f"action:{title}",
                                       period="due:2026-12-31", title=title, detail="Overdue by 3 days.",
                                       link="/plans/1/actions/1.1.1/", status="sent", **kw)


@pytest.mark.parametrize("page", PAGES)
def test_nothing_is_shown_without_signing_in(page, db):
    response = client_for().get(reverse(page))
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", ["lead", "owner", "viewer", "manager", "board", "outsider"])
def test_everyone_signed_in_has_their_own_pages(page, persona, request):
    response = client_for(request.getfixturevalue(persona)).get(reverse(page))
    assert response.status_code == 200


def test_people_see_only_their_own_notifications(owner, lead, sefton):
    note_for(owner, "Action 1.1.1 is overdue", authority=sefton)
    note_for(lead, "Action 9.9.9 is overdue", authority=sefton)
    page = client_for(owner).get(reverse("notifications")).content.decode()
    assert "Action 1.1.1 is overdue" in page and "Action 9.9.9 is overdue" not in page
    assert "Overdue by 3 days." in page and 'href="/plans/1/actions/1.1.1/"' in page


def test_a_digest_envelope_is_not_listed_but_its_items_are(owner):
    envelope = Notification.objects.create(recipient=owner, kind="digest", subject_key=f"user:{owner.pk}",
                                           period="2026-W48", title="Weekly digest 2026-W48", status="sent")
    note_for(owner, "Action 1.1.1 is overdue", digest=envelope)
    page = client_for(owner).get(reverse("notifications")).content.decode()
    assert "Weekly digest 2026-W48" not in page and "In your weekly digest" in page


def test_the_notifications_page_says_when_there_are_none(viewer):
    assert "No reminders or alerts have been sent to you yet." in client_for(viewer).get(
        reverse("notifications")).content.decode()


def test_saving_preferences_changes_only_your_own(owner, lead):
    response = client_for(owner).post(reverse("reminder-preferences"),
                                      {"delivery": "weekly", "reminders_on": "no"})
    assert response.status_code == 302 and response["Location"] == reverse("notifications")
    assert ReminderPreference.objects.get(user=owner).delivery == "weekly"
    assert not ReminderPreference.objects.filter(user=lead).exists()
    page = client_for(owner).get(reverse("notifications")).content.decode()
    assert "in a weekly digest" in page and "only escalations" in page


def test_the_form_shows_the_saved_choice(owner):
    ReminderPreference.objects.create(user=owner, delivery="weekly", reminders_on=False)
    page = client_for(owner).get(reverse("reminder-preferences")).content.decode()
    assert 'value="weekly" checked' in page and 'value="no" checked' in page


def test_a_form_with_nothing_chosen_says_what_to_do_and_saves_nothing(owner):
    response = client_for(owner).post(reverse("reminder-preferences"), {"delivery": "hourly"})
    page = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in page
    assert "Choose whether you want reminders and alerts." in page
    assert "Choose straight away or a weekly digest." in page
    assert not ReminderPreference.objects.exists()


def test_preferences_need_a_csrf_token(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post(reverse("reminder-preferences"), {"delivery": "weekly", "reminders_on": "yes"})
    assert response.status_code == 403 and not ReminderPreference.objects.exists()


def test_changing_an_authoritys_reminder_policy_in_the_admin_is_audited(sefton):
    from clearsight.audit.models import AuditEvent
    from clearsight.organisations.models import User
    from clearsight.reminders.models import ReminderPolicy

    admin_user = User.objects.create_superuser("admin@sefton.example", "a-long-test-password")
    response = client_for(admin_user).post(reverse("admin:reminders_reminderpolicy_add"), {
        "authority": sefton.pk, "due_soon_days": 5, "escalate_lead_after_days": 10,
        "escalate_chair_after_days": 20, "board_update_days": 14, "data_deadline_working_days": 10,
        "board_chair": "",
    })
    assert response.status_code == 302
    assert ReminderPolicy.objects.get().escalate_lead_after_days == 10
    event = AuditEvent.objects.get(verb="reminders.policy_changed")
    assert event.after["escalate_lead_after_days"] == "10" and event.actor == admin_user


def test_the_admin_refuses_a_chair_escalation_before_the_leads(sefton):
    from clearsight.organisations.models import User
    from clearsight.reminders.models import ReminderPolicy

    admin_user = User.objects.create_superuser("admin@sefton.example", "a-long-test-password")
    response = client_for(admin_user).post(reverse("admin:reminders_reminderpolicy_add"), {
        "authority": sefton.pk, "due_soon_days": 7, "escalate_lead_after_days": 30,
        "escalate_chair_after_days": 20, "board_update_days": 14, "data_deadline_working_days": 10,
    })
    assert response.status_code == 200
    assert "Escalate to the board chair after, not before, the lead." in response.content.decode()
    assert not ReminderPolicy.objects.exists()


def test_the_notifications_page_does_not_query_per_row(owner, sefton, django_assert_max_num_queries):
    for n in range(30):
        note_for(owner, f"Action 1.{n} is overdue", authority=sefton)
    client = client_for(owner)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("notifications")).content.decode()
    assert page.count("is overdue</a>") == 30

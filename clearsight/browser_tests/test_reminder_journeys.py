"""A person reads the reminders sent to them and switches to a weekly digest. Checked with axe."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from playwright.sync_api import Page, expect

from clearsight.browser_tests import assert_accessible

PASSWORD = "a-long-test-password"


def test_an_owner_reads_their_reminders_and_chooses_a_weekly_digest(
    page: Page, sign_in: Callable[[Page, str, str], None], transactional_db
) -> None:
    from clearsight.conftest import make_user
    from clearsight.organisations.models import Authority, Person
    from clearsight.plans.models import Action, ActionLead, Plan, Priority
    from clearsight.reminders.models import ReminderPreference
    from clearsight.reminders.services import reminders_send

    sefton = Authority.objects.create(name="Sefton", ons_code="E08000014", dfe_number="343")
    owner = make_user("owner@sefton.example", sefton, "owner")
    make_user("lead@sefton.example", sefton, "lead")
    person = Person.objects.create(authority=sefton, name="Peter Yates", job_title="Service Manager", user=owner)
    plan = Plan.objects.create(authority=sefton, title="Improvement Action Plan", period_label="2026-27")
    priority = Priority.objects.create(plan=plan, order=1, code="1.1", kind="recommendation",
                                       title="Assessment and Planning")
    action = Action.objects.create(plan=plan, priority=priority, order=1, ref="1.1.1", text="Train managers",
                                   due_text="31/12/2026", due_kind="day", due_date=date(2026, 12, 31))
    ActionLead.objects.create(action=action, order=1, person=person)
    assert reminders_send(today=date(2027, 1, 4)).sent >= 1

    sign_in(page, "owner@sefton.example", PASSWORD)
    page.get_by_role("link", name="Reminders").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your reminders and alerts")
    expect(page.get_by_role("link", name="Action 1.1.1 is overdue")).to_be_visible()
    expect(page.get_by_text("Overdue by 4 days: it was due on 31 December 2026.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Change your reminder preferences").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reminder preferences")
    assert_accessible(page)
    page.get_by_label("A weekly digest, one e-mail a week").check()
    page.get_by_label("No, only send me escalations").check()
    page.get_by_role("button", name="Save preferences").click()
    expect(page.get_by_role("alert")).to_contain_text("Your reminder preferences have been saved.")
    expect(page.locator("main")).to_contain_text("in a weekly digest")
    assert_accessible(page)
    preference = ReminderPreference.objects.get(user=owner)
    assert (preference.delivery, preference.reminders_on) == ("weekly", False)

    page.get_by_role("link", name="Action 1.1.1 is overdue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action 1.1.1")

"""The journeys a council's people make every week: browse the plan, update an action, close a
sprint, and approve a month's figures as a second person. Every page is checked with axe."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from clearsight.browser_tests import assert_accessible

PASSWORD = "a-long-test-password"
WIRRAL_SEED = Path(__file__).resolve().parents[1] / "demo" / "seeds" / "wirral-improvement-plan-2017-19.txt"


@pytest.fixture
def wirral_plan(transactional_db):
    from clearsight.conftest import make_user
    from clearsight.organisations.models import Authority, Person
    from clearsight.planfiles.services import plan_import

    wirral = Authority.objects.create(name="Wirral", ons_code="E08000015", dfe_number="344")
    plan = plan_import(user=None, authority=wirral, data=WIRRAL_SEED.read_bytes(), filename=WIRRAL_SEED.name).plan
    lead = make_user("lead@wirral.example", wirral, "lead")
    Person.objects.create(authority=wirral, name="Lee Lead", user=lead,
                          job_title="Head of Quality, Performance and Improvement")
    plan.sprints.filter(number=1).update(start_date="2017-06-05")
    plan.sprints.filter(number=2).update(start_date="2017-08-28")
    return plan


def test_a_lead_browses_the_plan_adds_an_update_and_closes_a_sprint(
    page: Page, sign_in: Callable[[Page, str, str], None], wirral_plan
) -> None:
    sign_in(page, "lead@wirral.example", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Improvement plans")
    assert_accessible(page)

    page.get_by_role("link", name="Wirral Children and Young People's Improvement Plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wirral Children and Young People's Improvement Plan")
    expect(page.locator(".cs-number").first).to_contain_text("87")
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("^Theme 4: Promote strong leadership")).click()
    expect(page.get_by_role("heading", name="What good looks like")).to_have_count(0)
    expect(page.get_by_role("heading", name="Success criteria")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="4B6 action details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action 4B6")
    expect(page.locator(".govuk-warning-text")).to_contain_text("4B2")  # flagged as a duplicate on import
    assert_accessible(page)

    # My actions: the lead's job title matches 4B2's owner.
    page.get_by_role("link", name="My actions").click()
    expect(page.get_by_role("link", name="4B2 action details")).to_be_visible()
    page.get_by_role("link", name="4B2 action details").click()

    # Add an update with a status change; a missing commentary is refused first.
    page.get_by_role("button", name="Add update").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the progress update.")
    assert_accessible(page)
    page.get_by_label("What has happened since the last update?").fill("Approval process drafted with BI team")
    page.get_by_label("Status").select_option("in_progress")
    page.get_by_role("button", name="Add update").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Your update has been added.")
    expect(page.locator("#updates")).to_contain_text("Approval process drafted with BI team")
    expect(page.locator(".govuk-summary-list")).to_contain_text("In progress")
    page.get_by_role("tab", name="History").click()
    expect(page.locator("#history")).to_contain_text("action.update_added")
    assert_accessible(page)

    # Close Sprint 2: its open actions carry over to Sprint 3.
    page.goto(f"/plans/{wirral_plan.pk}/sprints/")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"^Close Sprint 2 and carry over 44 open actions")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Sprint 2 is closed. 44 unfinished actions carried over to Sprint 3.")
    expect(page.get_by_role("heading", name=re.compile("^Sprint 3"))).to_be_visible()
    expect(page.locator(".cs-card", has_text="4B2")).to_contain_text("Carried 1×")
    assert_accessible(page)


def test_a_second_person_approves_the_months_figures_and_the_watermark_shows(
    page: Page, sign_in: Callable[[Page, str, str], None], transactional_db
) -> None:
    from clearsight.conftest import make_user
    from clearsight.engine.periods import parse_period
    from clearsight.organisations.models import Authority
    from clearsight.performance import services
    from clearsight.performance.models import DataRelease, Measure, MeasurePlacement
    from clearsight.plans.models import Plan, Priority

    sefton = Authority.objects.create(name="Sefton", ons_code="E08000014", dfe_number="343")
    plan = Plan.objects.create(authority=sefton, title="Improvement Action Plan", period_label="2017-18")
    priority = Priority.objects.create(plan=plan, order=1, code="2.0", kind="recommendation", title="Management Oversight")
    measure = Measure.objects.create(authority=sefton, plan=plan, key="re_referrals_12m",
                                     name="Percentage of re-referrals within 12 months", unit="percentage",
                                     requires_improvement_text="20-24", good_text="19-16", outstanding_text="<16")
    MeasurePlacement.objects.create(measure=measure, priority=priority, order=1)
    lead = make_user("lead@sefton.example", sefton, "lead")
    make_user("approver@sefton.example", sefton, "approver")
    services.value_record(user=lead, figure=services.FigureInput(measure, parse_period("2017-10"), Decimal(42),
                                                                 Decimal(240), None))
    services.release_submit(user=lead, release=DataRelease.objects.get())

    sign_in(page, "approver@sefton.example", PASSWORD)
    page.goto(f"/plans/{plan.pk}/scorecard/")
    expect(page.locator("tbody")).to_contain_text("17.5%")
    expect(page.locator("tbody")).to_contain_text("Provisional")
    expect(page.locator("tbody")).to_contain_text("Good")
    assert_accessible(page)

    page.get_by_role("link", name="Data releases").click()
    page.get_by_role("link", name=re.compile("^October 2017")).click()
    expect(page.locator("#watermark")).to_contain_text("Provisional")
    assert_accessible(page)
    page.get_by_role("button", name="Approve and lock these figures").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("approved")
    expect(page.locator("#watermark")).to_contain_text(
        re.compile(r"Approved release Sefton October 2017 v1 · approved by Approver on \d+ \w+ \d{4} · [0-9a-f]{8}"))
    expect(page.get_by_text("the figures still match the fingerprint")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/plans/{plan.pk}/scorecard/")
    expect(page.locator("tbody")).to_contain_text("Approved release Sefton October 2017 v1")
    expect(page.locator("tbody")).not_to_contain_text("Provisional")

    page.get_by_role("link", name="Percentage of re-referrals within 12 months").click()
    expect(page.locator("svg[role=img]").first).to_be_visible()
    expect(page.get_by_role("table", name="The latest figures")).to_contain_text("42 of 240")
    assert_accessible(page)

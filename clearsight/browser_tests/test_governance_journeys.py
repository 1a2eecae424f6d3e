"""Governance journeys: a lead prepares a board meeting's agenda; a board member reads the risk
heat map and its table; an auditor records a case audit. Every page is checked with axe."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from clearsight.browser_tests import assert_accessible

PASSWORD = "a-long-test-password"


@pytest.fixture
def governance(transactional_db):
    from clearsight.conftest import make_user
    from clearsight.governance import services
    from clearsight.organisations.models import Authority, PartnerAgency, Person
    from clearsight.plans.models import Action, ActionLead, Plan, Priority

    sefton = Authority.objects.create(name="Sefton", ons_code="E08000014", dfe_number="343")
    probation = PartnerAgency.objects.create(authority=sefton, name="National Probation Service")
    plan = Plan.objects.create(authority=sefton, title="Improvement Action Plan", period_label="2026-27")
    priority = Priority.objects.create(plan=plan, order=1, code="1.1", kind="recommendation",
                                       title="Assessment and Planning")
    vicky = Person.objects.create(authority=sefton, name="Vicky Buchanan", job_title="Head of Service")
    action = Action.objects.create(plan=plan, priority=priority, order=1, ref="1.1.1", text="Train managers",
                                   due_text="31/12/2026", due_kind="day", due_date=date(2026, 12, 31))
    ActionLead.objects.create(action=action, order=1, person=vicky)
    lead = make_user("lead@sefton.example", sefton, "lead")
    make_user("board@sefton.example", sefton, "board", agency=probation)
    make_user("manager@sefton.example", sefton, "manager")
    board = services.board_create(user=lead, authority=sefton, name="Improvement Board", kind="improvement")
    services.board_member_add(user=lead, board=board, person=vicky, role="chair")
    meeting = services.meeting_schedule(user=lead, board=board, on=date(2026, 12, 9), plan=plan)
    for ref, title, likelihood, impact in [("R1", "Workforce stability", 4, 4), ("R2", "Data quality", 2, 3)]:
        services.risk_create(user=lead, authority=sefton, plan=plan, ref=ref, title=title, cause="c", event="e",
                             effect="f", inherent=(5, 4), residual=(likelihood, impact), on=date(2026, 9, 1))
    services.audit_domains_ensure(sefton)
    services.audit_programme_create(user=lead, authority=sefton, plan=plan, name="Monthly case audits",
                                    start=date(2026, 4, 1), end=date(2027, 3, 31))
    return plan, meeting


def test_a_lead_adds_an_agenda_item_linked_to_an_action_and_a_risk(
    page: Page, sign_in: Callable[[Page, str, str], None], governance
) -> None:
    plan, meeting = governance
    sign_in(page, "lead@sefton.example", PASSWORD)
    page.goto(f"/plans/{plan.pk}/")
    page.get_by_role("link", name="Boards and meetings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Boards and meetings")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Improvement Board, Wednesday 9 December 2026")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Improvement Board, 9 December 2026")
    assert_accessible(page)

    page.get_by_text("Add an agenda item").click()
    page.get_by_label("Title of the item").fill("Workforce deep dive")
    page.get_by_label("Actions it covers (optional)").fill("1.1.1, 9.9.9")
    page.get_by_label("Risks it covers (optional)").fill("R1")
    page.get_by_role("button", name="Add item").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("This plan has no action 9.9.9")
    assert_accessible(page)

    page.get_by_label("Actions it covers (optional)").fill("1.1.1")
    page.get_by_role("button", name="Add item").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("added to the agenda")
    item = page.locator("#item-1")
    expect(item).to_contain_text("1. Workforce deep dive")
    expect(item.get_by_role("link", name="1.1.1")).to_be_visible()
    expect(item.get_by_role("link", name="R1 Workforce stability")).to_be_visible()
    expect(page.locator("#board-pack")).to_be_visible()
    assert_accessible(page)


def test_a_board_member_reads_the_heat_map_and_its_table_but_cannot_edit(
    page: Page, sign_in: Callable[[Page, str, str], None], governance
) -> None:
    plan, _ = governance
    sign_in(page, "board@sefton.example", PASSWORD)
    page.goto(f"/plans/{plan.pk}/risks/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Risk register")
    heat_map = page.get_by_role("table", name="Heat map of residual scores")
    # Likelihood 4 is the second row; impact 4 the fourth column: R1 is written into that cell.
    cell = heat_map.locator("tbody tr").nth(1).locator("td").nth(3)
    expect(cell).to_contain_text("16 Very high")
    expect(cell).to_contain_text("R1")
    expect(page.get_by_role("link", name="Add a risk")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="inherent").click()
    expect(page.get_by_role("heading", name="Heat map of inherent scores")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="R2 Data quality").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Risk R2: Data quality")
    expect(page.get_by_text("Reassess the risk")).to_have_count(0)
    assert_accessible(page)


def test_an_auditor_records_a_case_audit(page: Page, sign_in: Callable[[Page, str, str], None], governance) -> None:
    plan, _ = governance
    sign_in(page, "manager@sefton.example", PASSWORD)
    page.goto(f"/plans/{plan.pk}/quality/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quality assurance")
    assert_accessible(page)
    page.get_by_role("link", name="Monthly case audits").click()
    page.get_by_role("link", name="Record a case audit").click()
    assert_accessible(page)
    page.get_by_label("Child's pseudonymised ID").fill("C-0123456789")
    page.locator("#id_on_day-input").fill("3")
    page.get_by_label("Month").fill("6")
    page.get_by_label("Year").fill("2026")
    for select in page.locator("select[name^=grade_]").all():
        select.select_option("good")
    page.get_by_label("Outstanding").check()
    page.get_by_label("Areas for development, one per line (optional)").fill("Plans are not SMART")
    page.get_by_role("button", name="Save audit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Case audit of C-0123456789")
    expect(page.get_by_text("Area for development: Plans are not SMART")).to_be_visible()
    assert_accessible(page)


def test_a_lead_adds_evidence_and_downloads_the_self_evaluation(
    page: Page, sign_in: Callable[[Page, str, str], None], governance, tmp_path
) -> None:
    from docx import Document

    plan, _ = governance
    sign_in(page, "lead@sefton.example", PASSWORD)
    page.goto(f"/plans/{plan.pk}/evidence/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Evidence library")
    page.locator("summary", has_text="Add evidence").click()
    page.get_by_label("Title").fill("Practice week report")
    page.get_by_label("Or a link (optional)").fill("https://intranet.example/practice-week")
    page.get_by_label("1.1 Assessment and Planning").check()
    page.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_role("link", name="Practice week report (link)")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Self-evaluation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Self-evaluation draft")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the draft (Word)").click()
    path = tmp_path / "draft.docx"
    download.value.save_as(path)
    document = Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["1.1 Assessment and Planning"]
    assert any("Evidence library: Practice week report" in p.text for p in document.paragraphs)

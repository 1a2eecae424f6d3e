"""With a meeting calendar and a risk register: since the last meeting, risks, the meeting's button."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from clearsight.engine.reports.document import Format, ReportKind
from clearsight.governance import services as governance
from clearsight.reports.builders import ReportRequest
from clearsight.reports.services import report_generate
from clearsight.reports.tests.conftest import MEETING


@pytest.fixture
def calendar(plan, lead):
    board = governance.board_create(
        user=lead, authority=plan.authority, name="Improvement Board", kind="improvement", frequency="Monthly"
    )
    governance.meeting_schedule(user=lead, board=board, on=date(2027, 1, 10), plan=plan)
    return governance.meeting_schedule(user=lead, board=board, on=MEETING, plan=plan)


@pytest.fixture
def risks(plan, lead):
    priority = plan.priorities.get()
    high = governance.risk_create(
        user=lead,
        authority=plan.authority,
        plan=plan,
        ref="R1",
        title="Social worker turnover",
        cause="High agency use",
        event="Caseloads rise",
        effect="Children wait for assessments",
        inherent=(4, 4),
        residual=(3, 4),
        on=date(2026, 9, 1),
        review_date=date(2027, 1, 1),
        priority=priority,
    )
    low = governance.risk_create(
        user=lead,
        authority=plan.authority,
        ref="D7",
        title="Office move",
        cause="Lease ends",
        event="Teams split",
        effect="Less joint working",
        inherent=(2, 2),
        residual=(1, 2),
        on=date(2026, 9, 1),
    )
    return high, low


def test_changes_are_counted_from_the_boards_last_meeting(plan, pack, lead, calendar):
    book = load_workbook(
        io.BytesIO(
            report_generate(
                user=lead,
                fmt=Format.XLSX,
                request=ReportRequest(ReportKind.BOARD_PACK, plan, MEETING, user=lead),
            ).content
        )
    )
    about = {r[0]: r[1] for r in book["About"].iter_rows(min_row=3, values_only=True) if r[0]}
    assert about["Changes shown"] == "Since the last meeting of the Improvement Board on 10 January 2027"
    since = {row[0]: row[6] for row in book["Updates"].iter_rows(min_row=2, values_only=True)}
    assert since == {"1.1.3": "Yes", "1.1.1": "No"}


def test_each_theme_lists_its_risks_highest_first_and_the_rest_come_at_the_end(plan, pack, lead, risks):
    document = Document(
        io.BytesIO(
            report_generate(
                user=lead,
                fmt=Format.DOCX,
                request=ReportRequest(ReportKind.BOARD_PACK, plan, MEETING, user=lead),
            ).content
        )
    )
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 2", "Risks to 1.1") in headings and ("Heading 1", "Other risks") in headings
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    r1 = next(r for r in rows if r[0] == "R1")
    assert r1[1] == "Social worker turnover" and r1[3] == "12 (High)" and r1[6] == "1 January 2027 (overdue)"
    assert any(r[0] == "D7" for r in rows)


def test_the_meeting_page_offers_its_pack_and_the_form_takes_its_date(plan, lead, calendar):
    client = Client()
    client.force_login(lead)
    page = client.get(reverse("meeting-detail", args=[plan.pk, calendar.pk])).content.decode()
    link = f"{reverse('report-start', args=[plan.pk])}?meeting={calendar.pk}"
    assert link in page and "Download the board pack for this meeting" in page
    assert "since the meeting on 10 January 2027" in page
    form = client.get(link).content.decode()
    assert 'name="on_day" type="text" inputmode="numeric" value="15"' in form
    assert 'name="on_year" type="text" inputmode="numeric" value="2027"' in form

"""Every format opened with its own library: headings, tables, watermark, suppression, ordering."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from clearsight.engine.reports.cells import FORMULA_STARTS
from clearsight.engine.reports.document import Format, ReportKind
from clearsight.reports.builders import ReportRequest
from clearsight.reports.services import report_generate
from clearsight.reports.tests.conftest import MEETING

PUBLISHED_MARK = re.compile(
    r"Approved release Sefton December 2026 v1 · approved by Approver on \d+ \w+ \d{4}"
)


def generate(plan, user, kind=ReportKind.BOARD_PACK, fmt=Format.PDF, **more):
    return report_generate(user=user, request=ReportRequest(kind, plan, MEETING, user=user, **more), fmt=fmt)


def pdf_pages(content: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def test_the_teams_pdf_is_tagged_marked_provisional_on_every_page_and_puts_exceptions_first(plan, pack, lead):
    generated = generate(plan, lead)
    reader = PdfReader(io.BytesIO(generated.content))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True and "/StructTreeRoot" in root  # noqa: E712 (a pypdf BooleanObject)
    assert root["/Lang"] == "en-GB"
    pages = pdf_pages(generated.content)
    assert len(pages) >= 6
    for number, text in enumerate(pages, start=1):
        assert "Provisional: Sefton January 2027, not yet approved" in text, f"page {number} has no watermark"
        assert f"Page {number} of {len(pages)}" in text
    whole = " ".join(pages)
    order = [
        whole.index(h)
        for h in (
            "Contents",
            "Summary 4 actions",
            "Exceptions What needs",
            "What changed since the last board Changes",
            "1.1: Assessment and Planning 4",
        )
    ]
    assert order == sorted(order)
    # Overdue actions longest first; measures Inadequate, then Requires Improvement, then the rest.
    assert whole.index("1.1.2 Audit supervision") < whole.index("1.1.1 Train managers")
    attention = whole[whole.index("Measures needing attention") :]
    assert (
        attention.index("Assessments completed")
        < attention.index("Re-referrals")
        < attention.index("Children privately fostered")
    )
    assert "62.0%" in whole  # January's draft figure, for the performance team
    assert "fewer than 5" in whole and "(down 1)" not in whole  # the size of a change would give it away


def test_the_board_gets_published_figures_only_with_the_release_watermark(plan, pack, board):
    pages = pdf_pages(generate(plan, board).content)
    for text in pages:
        assert PUBLISHED_MARK.search(text), text[:200]
    whole = " ".join(pages)
    assert "62.0%" not in whole and "60.0%" in whole  # December, not the January draft
    assert "Provisional" not in whole


def test_scrutiny_gets_published_figures_even_when_the_team_asks_and_lines_of_enquiry(plan, pack, lead):
    whole = " ".join(pdf_pages(generate(plan, lead, ReportKind.SCRUTINY).content))
    assert PUBLISHED_MARK.search(whole) and "62.0%" not in whole
    assert "Overview and Scrutiny report" in whole and "Lines of enquiry" in whole
    assert "Action 1.1.2 is 78 days overdue" in whole


def test_word_has_real_headings_tables_and_the_watermark_in_the_page_header(plan, pack, lead):
    document = Document(io.BytesIO(generate(plan, lead, fmt=Format.DOCX).content))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    level_one = [text for style, text in headings if style == "Heading 1"]
    assert level_one[:4] == ["Contents", "Summary", "Exceptions", "What changed since the last board"]
    assert ("Heading 2", "Overdue actions") in headings
    assert ("Heading 3", "Assessments completed within 45 working days") in headings
    assert (
        document.sections[0].header.paragraphs[0].text == "Provisional: Sefton January 2027, not yet approved"
    )
    tables = document.tables
    assert len(tables) >= 8
    summary = tables[0]
    assert [c.text for c in summary.rows[0].cells] == [
        "Theme",
        "Not started",
        "In progress",
        "Blocked",
        "Completed",
        "Withdrawn",
        "Total",
        "Overdue",
    ]
    assert summary.rows[0]._tr.trPr.xml.count("tblHeader") == 1  # the header row repeats on every page
    cells = [c.text for t in tables for row in t.rows for c in row.cells]
    assert "fewer than 5" in cells and "62.0%" in cells


def test_excel_sheets_are_typed_and_nothing_typed_into_the_plan_can_run(plan, pack, lead):
    book = load_workbook(io.BytesIO(generate(plan, lead, fmt=Format.XLSX).content))
    assert book.sheetnames == ["About", "Plan", "Actions", "Updates", "Measures", "Values"]
    about = {
        row[0]: row[1] for row in book["About"].iter_rows(min_row=3, max_col=2, values_only=True) if row[0]
    }
    assert about["Watermark"] == "Provisional: Sefton January 2027, not yet approved"
    for sheet in book.worksheets:
        assert "Provisional: Sefton January 2027" in sheet.oddHeader.center.text
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_STARTS), f"{sheet.title}!{cell.coordinate}"
    actions = {row[0]: row for row in book["Actions"].iter_rows(min_row=2, values_only=True)}
    assert actions["1.1.4"][2] == '\'=HYPERLINK("http://evil.example","Click")'
    updates = [row for row in book["Updates"].iter_rows(min_row=2, values_only=True)]
    assert any(row[5] == "'+Peer review finished; all twelve teams took part" for row in updates)
    values = list(book["Values"].iter_rows(min_row=2, values_only=True))
    fostered = [row for row in values if row[0] == "private_fostering"]
    assert [(r[2], r[5], r[11]) for r in fostered] == [
        ("Nov 2026", 12.0, None),
        ("Dec 2026", None, "fewer than 5"),
        ("Jan 2027", None, "fewer than 5"),
    ]
    timely = [row for row in values if row[0] == "assessments_45wd"]
    assert timely[-1][5] == 62.0 and timely[-1][6] == 62.0 and timely[-1][7] == 100.0
    assert book["Values"].freeze_panes == "A2"


def test_a_partner_report_has_only_the_agencys_actions(plan, pack, board, probation):
    document = Document(io.BytesIO(generate(plan, board, ReportKind.PARTNER, Format.DOCX).content))
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert "1.1.2" in cells and "1.1.1" not in cells and "1.1.4" not in cells
    assert document.paragraphs[1].text == "Partner report: National Probation Service"


def test_a_partner_cannot_ask_for_another_agencys_report(plan, pack, board, sefton):
    from clearsight.organisations.models import PartnerAgency
    from clearsight.reports.exceptions import ReportRefused

    police = PartnerAgency.objects.create(authority=sefton, name="Merseyside Police", sector="police")
    with pytest.raises(ReportRefused, match="your own agency"):
        generate(plan, board, ReportKind.PARTNER, Format.XLSX, agency_id=police.pk)


def test_making_a_report_is_audited(plan, pack, lead):
    from clearsight.audit.models import AuditEvent

    generated = generate(plan, lead, fmt=Format.XLSX)
    event = AuditEvent.objects.get(verb="report.generated")
    assert event.actor == lead and event.after["filename"] == generated.filename == (
        "sefton-board-pack-2027-02-15.xlsx"
    )
    assert event.after["watermark"].startswith("Provisional")


def test_the_suppression_limit_is_the_councils_setting(plan, pack, lead, settings):
    settings.CLEARSIGHT_SUPPRESS_BELOW = 13
    book = load_workbook(io.BytesIO(generate(plan, lead, fmt=Format.XLSX).content))
    fostered = [row for row in book["Values"].iter_rows(min_row=2, values_only=True) if row[0] == "private_fostering"]
    assert [(r[5], r[11]) for r in fostered] == [(None, "fewer than 13")] * 3

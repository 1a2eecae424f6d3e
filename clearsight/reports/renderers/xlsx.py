"""Excel: a cover sheet and one sheet per kind of row (plan, actions, updates, measures, values).

Every string goes through ``engine.reports.cells.safe_text`` and is typed as text, so nothing a
person typed into the plan can run as a formula. Dates are real dates and figures real numbers,
so the sheets filter and sort. The watermark is on the cover and in every sheet's printed header.
"""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from clearsight.engine.reports.cells import safe_text
from clearsight.engine.reports.document import Cell, Report, Sheet

HEADER_FILL = PatternFill("solid", fgColor="F3F2F1")
MAX_CELL = 32_000  # Excel keeps at most 32,767 characters in a cell


def _write(sheet: Worksheet, row: int, column: int, value: Cell) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = safe_text(value[:MAX_CELL])
        cell.data_type = "s"  # text, whatever it starts with
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = "d mmm yyyy"
    else:
        cell.value = value


def _print_header(sheet: Worksheet, report: Report) -> None:
    sheet.oddHeader.center.text = safe_text(report.watermark).replace("&", "&&")
    sheet.oddHeader.center.size = 8
    sheet.oddFooter.left.text = f"{report.authority} · {report.title}".replace("&", "&&")
    sheet.oddFooter.right.text = "Page &P of &N"


def _data_sheet(book: Workbook, sheet_data: Sheet, report: Report) -> None:
    sheet = book.create_sheet(sheet_data.name[:31])
    for column, title in enumerate(sheet_data.header, start=1):
        _write(sheet, 1, column, title)
        cell = sheet.cell(row=1, column=column)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    widths = [len(h) for h in sheet_data.header]
    for row_number, row in enumerate(sheet_data.rows, start=2):
        for column, value in enumerate(row, start=1):
            _write(sheet, row_number, column, value)
            if isinstance(value, str):
                widths[column - 1] = max(widths[column - 1], min(len(value), 60))
                if len(value) > 60:
                    sheet.cell(row=row_number, column=column).alignment = Alignment(
                        wrap_text=True, vertical="top"
                    )
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = max(10, width + 2)
    sheet.freeze_panes = "A2"
    if sheet_data.rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(sheet_data.header))}{len(sheet_data.rows) + 1}"
    _print_header(sheet, report)


def render_xlsx(report: Report) -> bytes:
    book = Workbook()
    cover = book.active
    cover.title = "About"
    lines: list[tuple[str, str]] = [
        ("Report", report.title),
        ("For", report.audience),
        *report.cover,
        ("Watermark", report.watermark),
    ]
    _write(cover, 1, 1, f"{report.title}: {report.authority}")
    cover.cell(row=1, column=1).font = Font(bold=True, size=14)
    for row, (label, value) in enumerate(lines, start=3):
        _write(cover, row, 1, label)
        cover.cell(row=row, column=1).font = Font(bold=True)
        _write(cover, row, 2, value)
    notes = len(lines) + 4
    _write(cover, notes, 1, "Sheets")
    cover.cell(row=notes, column=1).font = Font(bold=True)
    for offset, sheet_data in enumerate(report.sheets, start=1):
        _write(cover, notes + offset, 1, sheet_data.name)
        _write(cover, notes + offset, 2, f"{len(sheet_data.rows)} rows")
    cover.column_dimensions["A"].width = 18
    cover.column_dimensions["B"].width = 100
    _print_header(cover, report)
    for sheet_data in report.sheets:
        _data_sheet(book, sheet_data, report)
    book.properties.title = f"{report.title}: {report.authority}"
    book.properties.creator = "Clearsight"
    book.properties.description = report.watermark
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

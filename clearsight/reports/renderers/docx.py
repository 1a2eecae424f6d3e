"""Word: real heading styles (Heading 1-4, so the navigation pane and a table of contents work),
real tables with a repeating header row, and the watermark in every page's header.

Charts are not drawn in Word: each measure keeps its sentence and its data table, which is what
an officer editing the paper works from. The document stays fully editable.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from clearsight.engine.reports.document import Bullets, Chart, Paragraph, Report, Section, Table

RED = RGBColor(0x94, 0x25, 0x14)
GREY = RGBColor(0x50, 0x5A, 0x5F)


def _repeat_header(row: object) -> None:
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _table(document: Document, table: Table) -> None:
    caption = document.add_paragraph(table.caption, style="Caption")
    caption.paragraph_format.keep_with_next = True
    grid = document.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    usable = 174  # mm between A4 margins of 18 mm
    weights = table.widths or (1,) * len(table.header)
    widths = [Mm(usable * w / sum(weights)) for w in weights]

    def fill(cells: list[object], values: tuple[str, ...], bold: bool) -> None:
        # Widths are set cell by cell as rows are made: grid.columns[i].cells walks the whole
        # table each time, which made a 60-page pack take seconds longer.
        for index, (cell, text) in enumerate(zip(cells, values, strict=True)):
            cell.width = widths[index]  # type: ignore[attr-defined]
            paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
            run = paragraph.add_run(text)
            run.bold = bold
            if index in table.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    fill(grid.rows[0].cells, table.header, True)
    _repeat_header(grid.rows[0])
    for values in table.rows:
        fill(grid.add_row().cells, values, False)
    document.add_paragraph()


def _section(document: Document, section: Section) -> None:
    if section.level == 1:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading(section.heading, level=min(section.level, 4))
    for block in section.blocks:
        if isinstance(block, Paragraph):
            paragraph = document.add_paragraph(
                block.text, style="Intense Quote" if block.style == "inset" else None
            )
            if block.style == "lead":
                for run in paragraph.runs:
                    run.font.size = Pt(12)
        elif isinstance(block, Bullets):
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, Chart):
            note = document.add_paragraph(f"Chart (in the PDF version): {block.summary}")
            for run in note.runs:
                run.italic = True
            _table(document, block.table)
    for child in section.subsections:
        _section(document, child)


def render_docx(report: Report) -> bytes:
    document = Document()
    page = document.sections[0]
    page.orientation = WD_ORIENT.PORTRAIT
    page.page_width, page.page_height = Mm(210), Mm(297)
    page.left_margin = page.right_margin = Mm(18)
    page.top_margin, page.bottom_margin = Mm(22), Mm(20)
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    header = page.header.paragraphs[0]
    header.text = report.watermark
    for run in header.runs:
        run.font.size = Pt(8)
        run.font.color.rgb = RED if report.provisional else GREY
    footer = page.footer.paragraphs[0]
    footer.text = (
        f"{report.authority} · {report.title} · {report.meeting_date.day} {report.meeting_date:%B %Y}"
    )
    properties = document.core_properties
    properties.title = f"{report.title}: {report.authority}, {report.meeting_date:%d %B %Y}"
    properties.author = report.authority
    properties.subject = report.plan_title
    properties.comments = report.watermark

    document.add_paragraph(report.authority, style="Subtitle")
    document.add_heading(report.title, level=0)
    document.add_paragraph(report.audience)
    for label, value in report.cover:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    mark = document.add_paragraph(report.watermark, style="Intense Quote")
    mark.paragraph_format.space_before = Pt(12)

    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading("Contents", level=1)
    for level, heading, _anchor in report.headings():
        if level <= 2:
            document.add_paragraph(heading, style="List Number" if level == 1 else "List Bullet 2")
    for section in report.sections:
        _section(document, section)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

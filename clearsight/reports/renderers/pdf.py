"""PDF: an HTML template with print CSS, drawn by WeasyPrint as a tagged PDF (PDF/UA-1).

The watermark is in the page header of every page (a CSS margin box, so it cannot be lost by a
page break) and, while figures are provisional, also across each page. Charts are inline SVG,
which WeasyPrint draws as vectors, each followed by its data table.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from clearsight.engine.reports.document import Report


def render_html(report: Report) -> str:
    return render_to_string(
        "reports/pdf/report.html",
        {
            "report": report,
            "headings": [h for h in report.headings() if h[0] <= 2],
            "generated": timezone.localtime(),
        },
    )


def render_pdf(report: Report) -> bytes:
    html = HTML(string=render_html(report), base_url=".")
    return html.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, uncompressed_pdf=False)  # type: ignore[no-any-return]

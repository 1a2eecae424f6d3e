"""One renderer per format, all drawing the same ``engine.reports.document.Report``."""

from __future__ import annotations

import importlib
import logging

from clearsight.engine.reports.document import Format, Report

# Imported when first used: WeasyPrint takes seconds to import, and Word and Excel never need it.
RENDERERS = {
    Format.PDF: ("clearsight.reports.renderers.pdf", "render_pdf"),
    Format.DOCX: ("clearsight.reports.renderers.docx", "render_docx"),
    Format.XLSX: ("clearsight.reports.renderers.xlsx", "render_xlsx"),
}


# WeasyPrint logs each stylesheet it parses, and fontTools each font table it subsets, at INFO:
# hundreds of lines per pack that say nothing to the person waiting for it.
for _noisy in ("weasyprint.progress", "fontTools"):
    logging.getLogger(_noisy).setLevel(logging.WARNING)


def render(report: Report, fmt: Format) -> bytes:
    module, name = RENDERERS[fmt]
    drawer = getattr(importlib.import_module(module), name)
    return bytes(drawer(report))

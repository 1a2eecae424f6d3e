"""Template helpers for drawing report blocks in HTML (the PDF and its preview)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from clearsight.engine.reports.document import Bullets, Chart, Paragraph, Table

register = template.Library()


@register.filter
def block_kind(block: Any) -> str:
    for cls, name in ((Paragraph, "paragraph"), (Bullets, "bullets"), (Table, "table"), (Chart, "chart")):
        if isinstance(block, cls):
            return name
    return "unknown"


@register.filter
def svg(chart: Chart) -> SafeString:
    # Drawn by engine.charts, which escapes every piece of text it places.
    return mark_safe(chart.svg)


@register.filter
def is_numeric(table: Table, index: int) -> bool:
    return index in table.numeric


@register.filter
def heading_tag(level: int) -> str:
    return f"h{min(int(level) + 1, 6)}"

"""Shape benchmark lines for pages and charts (no queries)."""

from __future__ import annotations

from typing import Any

from clearsight.benchmarks.models import SYNTHETIC_LABEL
from clearsight.engine.benchmarks import CODES
from clearsight.engine.charts import ReferenceLine

STYLES = {"england": "dashed", "region": "dotted", "neighbours": "solid"}


def year_label(year: int | None) -> str:
    """2018 → "2017-18" (the collection year ending 31 March 2018)."""
    return "" if year is None else f"{year - 1}-{year % 100:02d}"


def figure_text(value: float | None, suppressed: str | None) -> str:
    """The figure as shown, or why there is none: never 0 for a gap."""
    if value is not None:
        text = f"{value:,.1f}"
        return text.removesuffix(".0")
    if suppressed:
        return f"Not published ({suppressed}: {CODES.get(suppressed, 'suppressed')})"
    return "No published figure"


def reference_lines(lines: dict[str, Any]) -> list[ReferenceLine]:
    """England, region and neighbour average as chart reference lines (only those with a value)."""
    out = []
    for key in ("england", "region", "neighbours"):
        line = lines.get(key)
        if not line or line.get("value") is None:
            continue
        label = line["label"] + (" (synthetic demo)" if line.get("synthetic") else "")
        out.append(ReferenceLine(label=label, value=float(line["value"]), style=STYLES[key]))
    return out


__all__ = ["SYNTHETIC_LABEL", "figure_text", "reference_lines", "year_label"]

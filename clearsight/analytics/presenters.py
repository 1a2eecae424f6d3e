"""Shaping indicator results for pages: values in words, small numbers suppressed where needed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from clearsight.analytics.models import IndicatorResult

SMALL_NUMBER = 5  # counts from 1 to 4 are suppressed in anything board members or partners see


def year_label(result: IndicatorResult) -> str:
    return f"{result.period_start.year}-{result.period_end.year % 100:02d}"


def format_number(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "–"
    number = float(value)
    if unit in ("percent", "percentage"):
        return f"{number:.1f}%"
    if unit == "count":
        return f"{number:,.0f}"
    return f"{number:,.1f}"


def suppressed(count: Decimal | None, suppress: bool) -> str | None:
    """'fewer than 5' for a small count when suppression applies, else None."""
    if suppress and count is not None and 0 < float(count) < SMALL_NUMBER:
        return f"fewer than {SMALL_NUMBER}"
    return None


@dataclass
class ResultRow:
    level: str
    year: str
    numerator: str
    denominator: str
    value: str
    hidden: bool  # suppressed: the value is withheld because a count is too small
    result: IndicatorResult


def result_rows(results: Iterable[IndicatorResult], *, suppress: bool) -> list[ResultRow]:
    rows = []
    for r in results:
        small = suppressed(r.numerator, suppress) or suppressed(r.denominator, suppress)
        count_unit = "count" if r.unit not in ("average",) else "average"
        rows.append(ResultRow(
            level=r.level, year=year_label(r),
            numerator=suppressed(r.numerator, suppress) or format_number(r.numerator, count_unit),
            denominator=suppressed(r.denominator, suppress) or format_number(r.denominator, count_unit),
            value="withheld (small numbers)" if small else format_number(r.value, r.unit),
            hidden=bool(small), result=r,
        ))
    return rows

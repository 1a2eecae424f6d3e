"""Shaping indicator results for pages: values in words, small numbers suppressed where needed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from clearsight.analytics.models import IndicatorResult
from clearsight.core.suppression import small_number, suppressed  # noqa: F401  (the one rule, re-exported)


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


@dataclass
class ResultRow:
    level: str
    year: str
    numerator: str
    denominator: str
    value: str
    hidden: bool  # suppressed: the value is withheld because a count is too small
    result: Any  # an IndicatorResult, or a Rollup of them


def result_rows(results: Iterable[Any], *, suppress: bool) -> list[ResultRow]:
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


@dataclass
class Rollup:
    """Team figures added up to a service: the numerators and denominators sum, the value is re-derived."""

    level: str
    unit: str
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    period_start: object
    period_end: object


def rollup_by_service(team_results: Iterable[IndicatorResult], services: dict[str, str]) -> list[Rollup]:
    groups: dict[str, list[IndicatorResult]] = {}
    for result in team_results:
        fallback = "Unallocated" if result.level == "Unallocated" else "Teams not in a service"
        groups.setdefault(services.get(result.level, fallback), []).append(result)
    rollups = []
    for name, members in sorted(groups.items()):
        unit = members[0].unit
        numerator = sum((m.numerator or Decimal(0)) for m in members)
        has_denominator = any(m.denominator is not None for m in members)
        denominator = sum((m.denominator or Decimal(0)) for m in members) if has_denominator else None
        if unit in ("percent", "percentage"):
            value = (Decimal(100) * numerator / denominator).quantize(Decimal("0.0001")) if denominator else None
        elif unit == "average":
            value = (numerator / denominator).quantize(Decimal("0.0001")) if denominator else None
        else:
            value = numerator
        rollups.append(Rollup(name, unit, numerator, denominator, value, members[0].period_start,
                              members[0].period_end))
    return rollups

"""Shape governance data for the templates. No queries: callers pass prefetched rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Any

from clearsight.engine.risk import (
    IMPACT_LABELS,
    LIKELIHOOD_LABELS,
    Cell,
    Rating,
    RiskScore,
    Trend,
    heat_map,
    trend,
)

# Symbols beside the words, so a rating never depends on colour alone.
RATING_SYMBOL = {Rating.LOW: "●", Rating.MEDIUM: "▲", Rating.HIGH: "◆", Rating.VERY_HIGH: "■"}
TREND_SYMBOL = {Trend.RISING: "↑", Trend.FALLING: "↓", Trend.STEADY: "→", Trend.NEW: "•"}


@dataclass(frozen=True)
class ScoreView:
    score: int
    likelihood: int
    impact: int
    rating: Rating

    @property
    def rating_label(self) -> str:
        return self.rating.label

    @property
    def symbol(self) -> str:
        return RATING_SYMBOL[self.rating]

    @property
    def css(self) -> str:
        return f"cs-risk--{self.rating.value.replace('_', '-')}"


def score_view(score: RiskScore) -> ScoreView:
    return ScoreView(score.score, score.likelihood, score.impact, score.rating())


@dataclass(frozen=True)
class RiskRow:
    risk: Any
    inherent: ScoreView
    residual: ScoreView
    trend: Trend
    history: tuple[int, ...]
    review_overdue: bool

    @property
    def trend_label(self) -> str:
        return self.trend.label

    @property
    def trend_symbol(self) -> str:
        return TREND_SYMBOL[self.trend]


def risk_row(risk: Any, today: date) -> RiskRow:
    history = tuple(a.residual_score for a in risk.assessments.all())  # prefetched, oldest first
    return RiskRow(
        risk=risk,
        inherent=score_view(risk.inherent),
        residual=score_view(risk.residual),
        trend=trend(history),
        history=history,
        review_overdue=bool(risk.review_date and risk.review_date < today and risk.status == "open"),
    )


@dataclass(frozen=True)
class HeatCell:
    cell: Cell
    risks: tuple[Any, ...]

    @property
    def view(self) -> ScoreView:
        return ScoreView(self.cell.score, self.cell.likelihood, self.cell.impact, self.cell.rating)


@dataclass(frozen=True)
class HeatRow:
    likelihood: int
    label: str
    cells: tuple[HeatCell, ...]


@dataclass(frozen=True)
class HeatMap:
    rows: tuple[HeatRow, ...]
    impacts: tuple[tuple[int, str], ...]
    which: str  # "residual" or "inherent"


def risk_heat_map(rows: Iterable[RiskRow], which: str = "residual") -> HeatMap:
    """The 5 × 5 grid with each risk written into its cell (by ref, linked from the template)."""
    rows = list(rows)
    by_ref = {r.risk.ref: r.risk for r in rows}
    grid = heat_map(
        [(r.risk.ref, r.risk.residual if which == "residual" else r.risk.inherent) for r in rows]
    )
    return HeatMap(
        rows=tuple(
            HeatRow(line[0].likelihood, LIKELIHOOD_LABELS[line[0].likelihood],
                    tuple(HeatCell(cell, tuple(by_ref[ref] for ref in cell.items)) for cell in line))
            for line in grid
        ),
        impacts=tuple(IMPACT_LABELS.items()),
        which=which,
    )


@dataclass(frozen=True)
class MonthOfMeetings:
    label: str
    meetings: tuple[Any, ...]


def calendar(meetings: Iterable[Any]) -> list[MonthOfMeetings]:
    """Meetings grouped by month, in date order, for a calendar list."""
    return [
        MonthOfMeetings(f"{month:%B %Y}", tuple(group))
        for month, group in groupby(meetings, key=lambda m: m.date.replace(day=1))
    ]


# Quality assurance ------------------------------------------------------------------------------

SMALL = 5  # counts under 5 are suppressed for board members and partners


@dataclass(frozen=True)
class AuditCell:
    text: str
    percentage: str  # "70%" or ""


@dataclass(frozen=True)
class AuditRow:
    name: str
    measure: Any
    cells: tuple[AuditCell, ...]


def audit_cell(figure: Any, suppress_small: bool) -> AuditCell:
    if figure.denominator == 0:
        return AuditCell("No audits graded this", "")
    if suppress_small and figure.denominator < SMALL:
        return AuditCell("Fewer than 5 audits: not shown", "")
    return AuditCell(f"{figure.numerator} of {figure.denominator}", f"{figure.percentage:.0f}%")


def audit_table(domains: Iterable[Any], figures: dict[str, list[Any]], suppress_small: bool) -> list[AuditRow]:
    """One row per active domain (and the overall judgement), one cell per quarter."""
    rows = [
        AuditRow(d.name, d.measure, tuple(audit_cell(f, suppress_small) for f in figures.get(d.key, [])))
        for d in domains if d.is_active and d.key in figures
    ]
    if "overall" in figures:
        rows.append(AuditRow("Overall judgement", None,
                             tuple(audit_cell(f, suppress_small) for f in figures["overall"])))
    return rows

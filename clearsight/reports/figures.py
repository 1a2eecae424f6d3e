"""Measures shaped for a pack: graded by ``performance.presenters``, small numbers withheld.

The grading, the change since the period before and the exception rules are the dashboard's
(``performance.presenters.scorecard`` and ``dashboard``), so a pack and the dashboard never
disagree. What this module adds is suppression: in anything a board member, partner or scrutiny
reads, a count from 1 to 4 — or a percentage whose numerator or denominator is one — is withheld,
in the tables and as a gap in the chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clearsight.core.suppression import small_number
from clearsight.engine import charts
from clearsight.engine.reports.document import Chart, Table
from clearsight.engine.thresholds import Grade
from clearsight.performance import presenters as perf
from clearsight.performance.presenters import Figure, ScorecardRow


def suppress_below() -> int:
    """Counts below this are withheld (``CLEARSIGHT_SUPPRESS_BELOW``, default 5)."""
    return small_number()


@dataclass
class ShownFigure:
    label: str
    text: str  # the figure, or "fewer than 5" / "withheld (small numbers)"
    of: str  # "45 of 60", or "" when there is no numerator and denominator
    grade: str
    release: str  # Published, Approved, Provisional
    hidden: bool
    number: float | None  # the value for charts and spreadsheets; None when hidden


def show_figure(figure: Figure) -> ShownFigure:
    """A figure as a pack prints it; one the pages withhold (``perf.withheld_reason``) is withheld here too."""
    value = figure.value
    release = value.release
    status = "Provisional" if figure.provisional else release.get_status_display()
    if figure.withheld:
        return ShownFigure(figure.label, figure.formatted, "", "–", status, True, None)
    of = ""
    if value.numerator is not None and value.denominator:
        of = f"{float(value.numerator):,.0f} of {float(value.denominator):,.0f}"
    return ShownFigure(
        figure.label, figure.formatted, of, str(figure.grade), status, False, float(value.value)
    )


@dataclass
class MeasureView:
    """One measure as a pack shows it."""

    row: ScorecardRow
    figures: list[ShownFigure]
    reasons: list[str]  # why it needs attention (the dashboard's words); empty if it does not

    @property
    def measure(self) -> Any:
        return self.row.measure

    @property
    def latest(self) -> ShownFigure | None:
        return self.figures[-1] if self.figures else None

    @property
    def grade(self) -> str:
        if self.latest is None:
            return "No figure"
        return self.latest.grade if not self.latest.hidden else "Withheld"

    def at(self, before_release_end: Any) -> ShownFigure | None:
        """The latest figure whose release ended before a day (what the last board saw)."""
        earlier = [
            shown
            for shown, fig in zip(self.figures, self.row.figures, strict=True)
            if fig.value.release.period_end < before_release_end
        ]
        return earlier[-1] if earlier else None

    def chart(self, last: int = 24) -> Chart:
        recent = self.figures[-last:]
        unit = self.measure.unit
        points = [
            charts.Point(f.label, f.number, "Provisional" if f.release == "Provisional" else "")
            for f in recent
        ]
        name = self.measure.name
        band_text = self.measure.band_text
        description = f"{name}. " + (
            f"Thresholds as written: {band_text}." if band_text else "No threshold bands."
        )
        if any(f.hidden for f in recent):
            description += " Periods with small numbers are withheld and drawn as gaps."
        svg = (
            charts.line_chart(
                points,
                title=name[:120],
                description=description,
                unit="%" if unit == "percentage" else "",
                bands=charts.bands_for_chart(self.row.thresholds),
            )
            if any(p.value is not None for p in points)
            else ""
        )
        return Chart(title=name, svg=svg, table=self.table(last=12), summary=description)

    def table(self, last: int = 12) -> Table:
        rows = tuple(
            (f.label, f.text, f.of or "–", f.grade, f.release) for f in reversed(self.figures[-last:])
        )
        return Table(
            caption=f"Figures: {self.measure.name[:100]} (latest first)",
            header=("Period", "Figure", "Of", "Grade", "Release"),
            rows=rows,
            numeric=frozenset({1, 2}),
            widths=(2, 2, 3, 3, 2),
        )


def measure_views(
    measures: list[Any], values: dict[int, list[Any]], watermark_of: Any, *, suppress: bool
) -> list[MeasureView]:
    rows = perf.scorecard(measures, values, watermark_of, suppress=suppress)
    views = []
    for row in rows:
        # A withheld figure's change is not sized by the scorecard itself (performance.presenters)
        views.append(MeasureView(row, [show_figure(f) for f in row.figures], perf.attention_reasons(row)))
    return views


def exceptions_in_order(views: list[MeasureView]) -> list[MeasureView]:
    """The dashboard's order: Inadequate, then Requires Improvement, then worsening, then the rest
    of those needing attention (special-cause signals); more reasons first within each."""
    by_row = {id(v.row): v for v in views}
    exceptions, _groups = perf.dashboard([v.row for v in views])
    return [by_row[id(d.row)] for d in exceptions]


GRADE_ORDER = [
    str(Grade.INADEQUATE),
    str(Grade.REQUIRES_IMPROVEMENT),
    str(Grade.GOOD),
    str(Grade.OUTSTANDING),
    str(Grade.IMPROVING),
    str(Grade.NO_CHANGE),
    str(Grade.WORSENING),
    str(Grade.UNGRADED),
    "Withheld",
    "No figure",
]

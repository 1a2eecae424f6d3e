"""Shaping measures and figures for pages: grades as words, changes with their meaning, charts.

No database queries here; selectors fetch, presenters shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.safestring import SafeString, mark_safe

from clearsight.core.suppression import figure_withheld
from clearsight.engine import charts, rollup, spc, whatif
from clearsight.engine.periods import PeriodType
from clearsight.engine.thresholds import (
    Direction,
    Grade,
    Polarity,
    Thresholds,
    describe_range,
    grade,
    parse_thresholds,
)
from clearsight.performance.models import Measure, MeasureValue

GRADE_TAGS = {
    Grade.OUTSTANDING: "govuk-tag--purple",
    Grade.GOOD: "govuk-tag--green",
    Grade.REQUIRES_IMPROVEMENT: "govuk-tag--yellow",
    Grade.INADEQUATE: "govuk-tag--red",
    Grade.UNGRADED: "govuk-tag--grey",
    Grade.IMPROVING: "govuk-tag--green",
    Grade.NO_CHANGE: "govuk-tag--grey",
    Grade.WORSENING: "govuk-tag--red",
}
ATTENTION = (Grade.INADEQUATE, Grade.REQUIRES_IMPROVEMENT, Grade.WORSENING)
UNIT_SUFFIX = {"percentage": "%", "rate_per_10k": " per 10,000", "days": " days"}


def format_value(value: Decimal | float | None, unit: str) -> str:
    if value is None:
        return "No figure"
    number = float(value)
    if unit == "count":
        return f"{number:,.0f}"
    text = f"{number:,.1f}".removesuffix(".0") if unit != "percentage" else f"{number:.1f}"
    return text + UNIT_SUFFIX.get(unit, "")


def thresholds_for(measure: Measure) -> Thresholds:
    # "direction" measures say Increase/Decrease in their band text, which the engine reads itself.
    polarity = "auto" if measure.polarity == "direction" else measure.polarity
    return parse_thresholds(
        measure.requires_improvement_text, measure.good_text, measure.outstanding_text, polarity
    )


@dataclass
class Change:
    """The change since the previous period, in words, including whether it is better."""

    text: str
    direction: str  # up | down | same | none
    better: bool | None

    @property
    def words(self) -> str:
        if self.better is None:
            return self.text
        return f"{self.text} ({'better' if self.better else 'worse'})"


def better_if_up(measure: Measure, thresholds: Thresholds) -> bool | None:
    """Whether a rise is better, or None when the plan gives no direction of good.

    A measure with no bands and no polarity set (Wirral's "Number of contacts") has none: a rise
    in demand is neither better nor worse, so changes are shown without a verdict.
    """
    if not thresholds.bands and thresholds.polarity is not Polarity.DIRECTION and measure.polarity == "auto":
        return None
    if thresholds.polarity is Polarity.DIRECTION:
        return thresholds.direction is not Direction.DECREASE
    return thresholds.polarity is Polarity.HIGHER


def change_between(
    latest: MeasureValue | None, previous: MeasureValue | None, unit: str, up_is_better: bool | None
) -> Change:
    if latest is None or previous is None:
        return Change("No previous figure", "none", None)
    delta = float(latest.value - previous.value)
    if abs(delta) < 1e-9:
        return Change("No change", "same", None)
    size = f"{abs(delta):,.1f}".removesuffix(".0") + (" points" if unit == "percentage" else "")
    better = None if up_is_better is None else (delta > 0) == up_is_better
    return Change(f"{'Up' if delta > 0 else 'Down'} {size}", "up" if delta > 0 else "down", better)


WITHHELD = "withheld (small numbers)"
WITHHELD_CHANGE = "Change not shown: small numbers"


def withheld_reason(value: MeasureValue, unit: str) -> str | None:
    """Why a figure must be withheld from readers outside the performance team, or None.

    The one rule for pages and reports alike: a count from 1 to 4, or a share, rate or average whose
    numerator or denominator is one (the share and the other count would give the count away)."""
    return figure_withheld(value.value, value.numerator, value.denominator, is_count=unit == "count")


@dataclass
class Figure:
    value: MeasureValue
    label: str
    formatted: str  # the figure in words, or why it is withheld
    grade: Grade
    grade_tag: str
    provisional: bool
    demo: bool
    withheld: bool = False  # small numbers: the figure, its counts and its grade are not shown
    note: str = ""  # e.g. "2 of 3 months" for a quarter not yet complete

    @property
    def number(self) -> float | None:
        """The value for charts: None (a gap) when withheld."""
        return None if self.withheld else float(self.value.value)


@dataclass
class ScorecardRow:
    measure: Measure
    thresholds: Thresholds
    figures: list[Figure]
    latest: Figure | None
    change: Change
    watermark: str
    sparkline: SafeString
    grading: str = ""
    priorities: list[str] = field(default_factory=list)

    @property
    def recent_figures(self) -> list[Figure]:
        """The latest twelve figures, newest first, for the table beside the chart."""
        return list(reversed(self.figures[-12:]))

    @property
    def needs_attention(self) -> bool:
        return self.latest is not None and (self.latest.grade in ATTENTION or self.change.better is False)

    @property
    def bands(self) -> list[tuple[str, str]]:
        return [
            (b.grade.value, describe_range(b.low, b.high, b.low_inclusive, b.high_inclusive))
            for b in self.thresholds.bands
        ]


def _grade(measure: Measure, thresholds: Thresholds, value: Decimal, previous: Decimal | None) -> Grade:
    """Against the bands; or, with no bands but a direction of good, against the previous period."""
    if (
        thresholds.bands
        or thresholds.polarity is Polarity.DIRECTION
        or measure.polarity not in ("higher", "lower")
    ):
        return grade(thresholds, float(value), float(previous) if previous is not None else None)
    if previous is None:
        return Grade.UNGRADED
    if value == previous:
        return Grade.NO_CHANGE
    return Grade.IMPROVING if (value > previous) == (measure.polarity == "higher") else Grade.WORSENING


def grading_rule(measure: Measure, thresholds: Thresholds) -> str:
    """How this measure is graded, in words, for its page."""
    if thresholds.bands:
        return thresholds.polarity_reason
    if thresholds.polarity is Polarity.DIRECTION or measure.polarity in ("higher", "lower"):
        better = "higher" if better_if_up(measure, thresholds) else "lower"
        return (
            f"No threshold bands are set, so each figure is graded against the one before: {better} is better "
            "(Improving, No change or Worsening)."
        )
    return "No threshold bands and no direction of good are set, so figures are shown without a grade."


def _figures(measure: Measure, thresholds: Thresholds, values: Sequence[MeasureValue], suppress: bool
             ) -> list[Figure]:
    figures = []
    previous: MeasureValue | None = None
    for value in values:
        g = _grade(measure, thresholds, value.value, previous.value if previous is not None else None)
        why = withheld_reason(value, measure.unit) if suppress else None
        if why:  # a count says how small ("fewer than 5"); a share of one just says it is withheld
            shown = why if measure.unit == "count" else WITHHELD
        else:
            shown = format_value(value.value, measure.unit)
        figures.append(
            Figure(
                value=value,
                label=value.period.short_label,
                formatted=shown,
                grade=g,
                grade_tag=GRADE_TAGS[g],
                provisional=not value.release.is_approved,
                demo=value.is_demo or value.release.is_demo,
                withheld=why is not None,
            )
        )
        previous = value
    return figures


def scorecard_row(measure: Measure, values: Sequence[MeasureValue], watermark_of: object, *,
                  suppress: bool = False) -> ScorecardRow:
    """One measure's figures, graded. With ``suppress`` (readers outside the performance team),
    figures with small numbers are withheld: their value, counts and grade are not shown, charts
    draw them as gaps and the change to or from them is not sized (see ``withheld_reason``)."""
    thresholds = thresholds_for(measure)
    figures = _figures(measure, thresholds, values, suppress)
    latest = figures[-1] if figures else None
    previous = figures[-2] if len(figures) > 1 else None
    recent = figures[-12:]
    spark = (
        charts.sparkline([charts.Point(f.label, f.number) for f in recent], title=f"Trend: {measure.name[:80]}")
        if recent
        else ""
    )
    change = change_between(
        latest.value if latest else None,
        previous.value if previous else None,
        measure.unit,
        better_if_up(measure, thresholds),
    )
    if (latest and latest.withheld) or (previous and previous.withheld):
        change = Change(WITHHELD_CHANGE, change.direction, change.better) if change.direction != "none" else change
    return ScorecardRow(
        measure=measure,
        thresholds=thresholds,
        figures=figures,
        latest=latest,
        change=change,
        watermark=watermark_of(latest.value.release) if latest else "",  # type: ignore[operator]
        sparkline=mark_safe(spark),  # built by our own chart code with escaped text
        grading=grading_rule(measure, thresholds),
        priorities=[p.priority.label for p in measure.placements.all()],
    )


def scorecard(
    measures: Iterable[Measure], values: dict[int, list[MeasureValue]], watermark_of: object, *,
    suppress: bool = False,
) -> list[ScorecardRow]:
    return [scorecard_row(m, values.get(m.pk, []), watermark_of, suppress=suppress) for m in measures]


BY = {"month": None, "quarter": PeriodType.QUARTER, "year": PeriodType.FINANCIAL_YEAR}
BY_LABELS = {"month": "Month", "quarter": "Quarter", "year": "Financial year"}


@dataclass
class OverTime:
    """A measure's figures by month, financial quarter or financial year, for its chart and table."""

    row: ScorecardRow
    by: str  # month | quarter | year
    options: list[tuple[str, str]]  # (by, label) the measure can be shown by; empty if only one
    method: str = ""  # how quarters or years were made from months, in words


def over_time(row: ScorecardRow, values: Sequence[MeasureValue], watermark_of: object, by: str, *,
              suppress: bool = False) -> OverTime:
    """``row`` (a monthly measure's figures) rolled up into quarters or years (``engine.rollup``).

    A rolled figure belongs to the release of its months that is least far along (a quarter with a
    provisional month is provisional); it is graded and withheld by the same rules as a month."""
    measure = row.measure
    if measure.period_type != PeriodType.MONTH.value:
        return OverTime(row, "month", [])
    options = list(BY_LABELS.items())
    to = BY.get(by)
    if to is None:
        return OverTime(row, "month", options)
    rolled = rollup.roll_up(
        [rollup.MonthFigure(v.period, v.value, v.numerator, v.denominator) for v in values], to, measure.unit
    )
    made = []
    for r in rolled:
        months = [values[i] for i in r.months]
        release = next((m.release for m in months if not m.release.is_approved), months[-1].release)
        demo = all(m.is_demo for m in months)
        made.append(MeasureValue(
            measure=measure, release=release, scope="authority", period_type=r.period.type.value,
            period_start=r.period.start, period_end=r.period.end, numerator=r.numerator,
            denominator=r.denominator, value=r.value, origin=MeasureValue.Origin.DEMO if demo else months[-1].origin,
        ))
    rolled_row = scorecard_row(measure, made, watermark_of, suppress=suppress)
    for figure, r in zip(rolled_row.figures, rolled, strict=True):
        figure.note = r.coverage
    method = " ".join(dict.fromkeys(rollup.method_words(r.method, to) for r in rolled))
    return OverTime(rolled_row, by, options, method)


GAPS_NOTE = " Periods with small numbers are withheld and drawn as gaps."


def measure_chart(row: ScorecardRow, references: Sequence[charts.ReferenceLine] = ()) -> SafeString:
    points = [charts.Point(f.label, f.number, "Provisional" if f.provisional else "") for f in row.figures]
    gaps = GAPS_NOTE if any(f.withheld for f in row.figures) else ""
    svg = charts.line_chart(
        points,
        title=row.measure.name[:120],
        description=f"{row.measure.name}. Thresholds as written: {row.measure.band_text}.{gaps}",
        unit="%" if row.measure.unit == "percentage" else "",
        bands=charts.bands_for_chart(row.thresholds),
        references=references,
    )
    return mark_safe(svg)


@dataclass
class MeasureAnalysis:
    """The measure page's analysis: SPC over the figures and what it would take to improve."""

    spc: spc.SpcResult
    spc_chart: SafeString
    steps: list[str]


def _spc_polarity(row: ScorecardRow) -> str | None:
    up = better_if_up(row.measure, row.thresholds)
    return None if up is None else ("higher" if up else "lower")


def measure_analysis(row: ScorecardRow) -> MeasureAnalysis:
    """Control limits over the figures shown (withheld ones are left out), and the steps to the
    next grade from the latest figure unless it is withheld."""
    shown = [f for f in row.figures if not f.withheld]
    values = [float(f.value.value) for f in shown]
    labels = [f.label for f in shown]
    unit = {"percentage": "%"}.get(row.measure.unit, row.measure.unit)
    result = spc.analyse(
        values,
        polarity=_spc_polarity(row),
        unit=unit,
        period={"month": "month", "quarter": "quarter"}.get(row.measure.period_type, "period"),
        labels=labels,
    )
    chart = charts.line_chart(
        [charts.Point(f.label, float(f.value.value)) for f in shown],
        title=f"Statistical process control: {row.measure.name[:100]}",
        description=f"{result.variation_text} {result.assurance_text}".strip()
        + (GAPS_NOTE.replace("drawn as gaps", "left out") if len(shown) < len(row.figures) else ""),
        unit="%" if row.measure.unit == "percentage" else "",
        limits=result.limits,
        highlight=result.highlight,
    )
    latest = row.latest.value if row.latest and not row.latest.withheld else None
    steps: list[str] = []
    if latest is not None and row.thresholds.bands:
        if latest.numerator is not None and latest.denominator:
            steps = [
                s.sentence
                for s in whatif.what_it_would_take(
                    row.thresholds, int(latest.numerator), int(latest.denominator), unit=row.measure.unit
                )
            ]
        else:
            steps = [
                g.sentence
                for g in whatif.value_gap(row.thresholds, float(latest.value), unit=row.measure.unit)
            ]
    return MeasureAnalysis(result, mark_safe(chart), steps)


@dataclass
class DashboardRow:
    row: ScorecardRow
    reasons: list[str]  # why it needs attention, in words; empty if it does not

    @property
    def attention(self) -> bool:
        return bool(self.reasons)


SEVERITY = {Grade.INADEQUATE: 0, Grade.REQUIRES_IMPROVEMENT: 1, Grade.WORSENING: 2}


def attention_reasons(row: ScorecardRow) -> list[str]:
    """Why a measure needs attention: its grade, its change, or a special-cause signal of concern."""
    if row.latest is None:
        return []
    reasons = []
    if row.latest.grade in (Grade.INADEQUATE, Grade.REQUIRES_IMPROVEMENT):
        reasons.append(f"Graded {row.latest.grade}")
    if row.latest.grade is Grade.WORSENING or row.change.better is False:
        reasons.append(f"Worse than the period before ({row.change.text.lower()})")
    polarity = _spc_polarity(row)
    values = [float(f.value.value) for f in row.figures]
    result = spc.analyse(values, polarity=polarity)
    last = len(values) - 1
    concerns = [sig for sig in result.signals if last in sig.indexes and sig.meaning == spc.Meaning.CONCERN]
    if concerns:
        reasons.append("A special-cause signal of concern in the latest figure")
    return reasons


@dataclass
class DashboardGroup:
    label: str
    rows: list[DashboardRow]


def dashboard(
    rows: list[ScorecardRow], *, theme: str = "", grade_filter: str = "", source: str = ""
) -> tuple[list[DashboardRow], list[DashboardGroup]]:
    """Exceptions first, then every measure by priority, after the filters."""
    chosen = [
        DashboardRow(r, attention_reasons(r))
        for r in rows
        if (not theme or theme in r.priorities)
        and (not source or r.measure.source == source)
        and (
            not grade_filter
            or (r.latest is not None and r.latest.grade.value == grade_filter)
            or (grade_filter == "none" and r.latest is None)
        )
    ]
    exceptions = sorted(
        (d for d in chosen if d.attention),
        key=lambda d: (SEVERITY.get(d.row.latest.grade, 3) if d.row.latest else 9, -len(d.reasons)),
    )
    groups: dict[str, list[DashboardRow]] = {}
    for d in chosen:
        for label in d.row.priorities or ["Not placed in the plan"]:
            groups.setdefault(label, []).append(d)
    return exceptions, [DashboardGroup(label, members) for label, members in groups.items()]

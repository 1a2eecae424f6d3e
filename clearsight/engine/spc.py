"""Statistical process control in the NHS England "Making Data Count" (MDC) style: an XmR chart.

Centre line: the mean of the series, or of its first ``baseline`` periods. Process limits: mean ±
2.66 × the mean moving range (2.66 = 3 / 1.128, three sigma for ranges of two points), clipped to
0-100 for a percentage and to 0 and above for other units (``raw_lower``/``raw_upper`` unclipped).
A gap (``None``) is no data: no moving range is taken across it, and it breaks a run, a trend or
a window of three. Fewer than ``min_points`` (12) values: no limits and no signals.

Special-cause rules, as MDC and the NHS-R community's NHSRplotthedots apply them:
 1. ``outside_limits`` — a point above the upper or below the lower process limit;
 2. ``shift`` — ``run_length`` (7) or more points in a row on one side of the mean (a point on
    the mean ends the run);
 3. ``trend`` — ``trend_length`` (7) or more points in a row each higher (or lower) than the one
    before (a tie ends the trend);
 4. ``two_of_three`` — two out of three points in a row beyond two sigma on the same side but
    not beyond the limit (that is rule 1); only the close points are flagged.
Runs, trends and clusters are reported once, at full length. A point in signals that disagree
takes the meaning of rule 1, then the trend, the shift, two-of-three. The variation icon follows
the latest point. Assurance compares the limits with a target. Worked examples: ``docs/spc.md``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from itertools import pairwise

from clearsight.engine.charts import Limits, format_value

SIGMAS = Fraction("2.66")  # limits: the mean moving range times this
NEAR = SIGMAS * 2 / 3  # two sigma: "close to a limit" starts here
MIN_POINTS = 12
PERCENT_UNITS = ("percentage", "%")
NON_NEGATIVE_UNITS = ("count", "rate_per_10k", "days", "average", "number")
_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")


class SpcError(ValueError):
    """A programmer error: an unknown polarity or unit, a value that is not a finite number."""


class Rule(StrEnum):
    OUTSIDE_LIMITS = "outside_limits"
    SHIFT = "shift"
    TREND = "trend"
    TWO_OF_THREE = "two_of_three"


class Side(StrEnum):
    HIGH = "high"
    LOW = "low"


class Meaning(StrEnum):
    IMPROVEMENT = "improvement"
    CONCERN = "concern"
    NEUTRAL = "neutral"  # the measure has no direction of good


class Variation(StrEnum):
    COMMON_CAUSE = "common_cause"
    IMPROVEMENT = "special_cause_improvement"
    CONCERN = "special_cause_concern"
    NEUTRAL = "special_cause_neutral"
    NOT_ENOUGH_POINTS = "not_enough_points"


class Assurance(StrEnum):
    MEETS = "consistently_meets"
    HIT_AND_MISS = "hit_and_miss"
    FAILS = "consistently_fails"


@dataclass(frozen=True)
class Signal:
    """One special cause: which rule, the points it covers, which way, and what it means."""

    rule: Rule
    indexes: tuple[int, ...]
    side: Side  # a trend's side is its direction: HIGH for rising
    meaning: Meaning
    sentence: str


@dataclass(frozen=True)
class PointFlag:
    index: int
    value: float | None
    rules: tuple[Rule, ...]  # empty: common cause (or a gap)
    side: Side | None
    meaning: Meaning | None


@dataclass(frozen=True)
class SpcResult:
    values: tuple[float | None, ...]
    mean: float | None  # None: not enough points for limits
    lower: float | None  # as drawn: clipped for percentages and counts
    upper: float | None
    raw_lower: float | None  # before clipping: mean ± 2.66 × mean moving range
    raw_upper: float | None
    mean_moving_range: float | None
    moving_ranges: tuple[float | None, ...]  # [0] and those across a gap are None
    signals: tuple[Signal, ...]
    points: tuple[PointFlag, ...]
    variation: Variation
    variation_side: Side | None
    variation_text: str
    assurance: Assurance | None
    assurance_text: str

    @property
    def limits(self) -> Limits | None:
        """The centre line and limits for ``charts.line_chart``."""
        return None if self.mean is None else Limits(self.mean, self.lower, self.upper)

    @property
    def highlight(self) -> tuple[int, ...]:
        """Indexes of points in any signal, for ``charts.line_chart(highlight=...)``."""
        return tuple(p.index for p in self.points if p.rules)


_PRIORITY = (Rule.OUTSIDE_LIMITS, Rule.TREND, Rule.SHIFT, Rule.TWO_OF_THREE)


def analyse(
    values: Sequence[float | None],
    *,
    polarity: str | None,
    baseline: int | None = None,
    target: float | None = None,
    run_length: int = 7,
    trend_length: int = 7,
    unit: str = "",
    min_points: int = MIN_POINTS,
    period: str = "point",
    labels: Sequence[str] | None = None,
) -> SpcResult:
    """An XmR chart of ``values`` (oldest first; ``None`` for a period without data).

    ``polarity`` is "higher" or "lower" (is better) or None; ``baseline`` fixes the mean and
    limits on the first N periods; ``period`` ("month") and ``labels`` ("Oct 2017" …) word the
    sentences. Raises ``SpcError`` for arguments that make no sense.
    """
    xs = [_exact(v, i) for i, v in enumerate(values)]
    _check(polarity, baseline, len(xs), run_length, trend_length, min_points, unit, labels, target)
    names = list(labels) if labels is not None else [f"{period} {i + 1}" for i in range(len(xs))]
    text = _Text(period, names, unit, polarity)
    ranges = [None] + [abs(b - a) if a is not None and b is not None else None for a, b in pairwise(xs)]
    fitted = xs[: baseline or len(xs)]
    valued = [x for x in fitted if x is not None]
    fitted_ranges = [r for r in ranges[1 : len(fitted)] if r is not None]
    floats = tuple(None if x is None else float(x) for x in xs)
    moving = tuple(None if r is None else float(r) for r in ranges)
    if len(valued) < min_points or not fitted_ranges:
        why = f"Not enough points for SPC yet (needs {min_points}, has {len(valued)})."
        if valued[min_points - 1 :]:
            why = "Not enough points for SPC yet: no two values in a row to measure the variation."
        points = tuple(PointFlag(i, v, (), None, None) for i, v in enumerate(floats))
        return SpcResult(floats, None, None, None, None, None, None, moving, (), points,
                         Variation.NOT_ENOUGH_POINTS, None, why, None, "")  # fmt: skip
    mean = sum(valued, Fraction(0)) / len(valued)
    mr = sum(fitted_ranges, Fraction(0)) / len(fitted_ranges)
    raw_lower, raw_upper = mean - SIGMAS * mr, mean + SIGMAS * mr
    lower, upper = raw_lower, raw_upper
    if unit in PERCENT_UNITS or unit in NON_NEGATIVE_UNITS:
        top = Fraction(100) if unit in PERCENT_UNITS else upper
        lower, upper = min(max(lower, Fraction(0)), top), max(min(upper, top), Fraction(0))
    signals = [Signal(r, ix, s, _meaning(s, polarity), text.signal(r, ix, s, xs, (lower, upper)))
               for r, ix, s in _signals(xs, mean, mr, run_length, trend_length)]  # fmt: skip
    points = _flags(floats, signals)
    variation, side, said = _variation(points, signals, text)
    assurance, assured = _assurance(target, polarity, lower, upper, text)
    return SpcResult(floats, float(mean), float(lower), float(upper), float(raw_lower), float(raw_upper),
                     float(mr), moving, tuple(signals), points, variation, side, said, assurance,
                     assured)  # fmt: skip


def _exact(value: float | None, index: int) -> Fraction | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal) or not math.isfinite(value):
        raise SpcError(f"value {index} must be a finite number or None, not {value!r}")
    exact = isinstance(value, int | float | Decimal | Fraction)  # NumPy's numbers go through float
    return Fraction(value) if exact else Fraction(float(value))


def _check(polarity: str | None, baseline: int | None, n: int, run: int, trend: int, least: int,
           unit: str, labels: Sequence[str] | None, target: float | None) -> None:  # fmt: skip
    if polarity not in ("higher", "lower", None):
        raise SpcError(f"polarity must be 'higher', 'lower' or None, not {polarity!r}")
    if baseline is not None and not 2 <= baseline <= n:
        raise SpcError(f"baseline must be between 2 and the {n} periods given, not {baseline}")
    if run < 2 or trend < 3 or least < 2:
        raise SpcError("run_length must be at least 2, trend_length at least 3, min_points at least 2")
    if unit not in ("", *PERCENT_UNITS, *NON_NEGATIVE_UNITS):
        raise SpcError(f"unknown unit {unit!r}")
    if labels is not None and len(labels) != n:
        raise SpcError(f"{len(labels)} labels for {n} values")
    if target is not None:
        _exact(target, -1)


def _signals(xs: list[Fraction | None], mean: Fraction, mr: Fraction, run: int,
             trend: int) -> list[tuple[Rule, tuple[int, ...], Side]]:  # fmt: skip
    upper, lower, near = mean + SIGMAS * mr, mean - SIGMAS * mr, NEAR * mr
    found: list[tuple[Rule, tuple[int, ...], Side]] = []
    for i, x in enumerate(xs):
        if x is not None and (x > upper or x < lower):
            found.append((Rule.OUTSIDE_LIMITS, (i,), Side.HIGH if x > upper else Side.LOW))
    sides = [0 if x is None else (x > mean) - (x < mean) for x in xs]
    for start, end, key in _runs(sides):
        if end - start + 1 >= run:
            found.append((Rule.SHIFT, tuple(range(start, end + 1)), Side.HIGH if key > 0 else Side.LOW))
    steps = [0] + [0 if a is None or b is None else (b > a) - (b < a) for a, b in pairwise(xs)]
    for start, end, key in _runs(steps):  # steps start..end join points start-1..end
        if end - start + 2 >= trend:
            found.append((Rule.TREND, tuple(range(start - 1, end + 1)), Side.HIGH if key > 0 else Side.LOW))
    for key, side in ((1, Side.HIGH), (-1, Side.LOW)):
        close = [i for i, x in enumerate(xs) if x is not None and lower <= x <= upper
                 and sides[i] == key and abs(x - mean) > near]  # fmt: skip
        clusters: list[list[int]] = []
        for i in close:
            if clusters and i - clusters[-1][-1] <= 2:
                clusters[-1].append(i)
            else:
                clusters.append([i])
        found += [(Rule.TWO_OF_THREE, tuple(c), side) for c in clusters if len(c) >= 2]
    return sorted(found, key=lambda f: (f[1][0], _PRIORITY.index(f[0])))


def _runs(keys: list[int]) -> list[tuple[int, int, int]]:
    """Maximal stretches of one non-zero key: (first index, last index, key)."""
    out: list[tuple[int, int, int]] = []
    start = 0
    for i, key in enumerate(keys + [0]):
        if i == len(keys) or key != keys[start]:
            if keys[start:i] and keys[start] != 0:
                out.append((start, i - 1, keys[start]))
            start = i
    return out


def _meaning(side: Side, polarity: str | None) -> Meaning:
    if polarity is None:
        return Meaning.NEUTRAL
    good = Side.HIGH if polarity == "higher" else Side.LOW
    return Meaning.IMPROVEMENT if side is good else Meaning.CONCERN


def _flags(floats: tuple[float | None, ...], signals: list[Signal]) -> tuple[PointFlag, ...]:
    ranked = sorted(signals, key=lambda s: _PRIORITY.index(s.rule))
    points = []
    for i, v in enumerate(floats):
        mine = [s for s in ranked if i in s.indexes]
        side, meaning = (mine[0].side, mine[0].meaning) if mine else (None, None)
        points.append(PointFlag(i, v, tuple(dict.fromkeys(s.rule for s in mine)), side, meaning))
    return tuple(points)


def _variation(points: tuple[PointFlag, ...], signals: list[Signal],
               text: _Text) -> tuple[Variation, Side | None, str]:  # fmt: skip
    latest = max(p.index for p in points if p.value is not None)
    point, said = points[latest], f"the latest {text.period}, {text.point(latest, points[latest].value)},"
    if point.meaning is None:
        earlier = f" {len(signals)} earlier special cause signal(s) are listed below." if signals else ""
        return (Variation.COMMON_CAUSE, None, f"Common cause variation: {said} is within what this process "
                f"usually produces; no sign of change.{earlier}")  # fmt: skip
    kind = {Meaning.IMPROVEMENT: Variation.IMPROVEMENT, Meaning.CONCERN: Variation.CONCERN,
            Meaning.NEUTRAL: Variation.NEUTRAL}[point.meaning]  # fmt: skip
    how = {Meaning.IMPROVEMENT: "for the better", Meaning.CONCERN: "for the worse",
           Meaning.NEUTRAL: "upwards" if point.side is Side.HIGH else "downwards"}[point.meaning]  # fmt: skip
    return kind, point.side, (f"Special cause {point.meaning}: {said} is part of a signal that the "
                              f"process has changed {how}.")  # fmt: skip


def _assurance(target: float | None, polarity: str | None, lower: Fraction, upper: Fraction,
               text: _Text) -> tuple[Assurance | None, str]:  # fmt: skip
    if target is None:
        return None, ""
    goal = text.value(Fraction(target))
    if polarity is None:
        return None, f"The target ({goal}) cannot be assessed: this measure has no direction of good."
    limits = f"the process limits are {text.value(lower)} to {text.value(upper)}"
    t = Fraction(target)
    good, bad = (lower >= t, upper < t) if polarity == "higher" else (upper <= t, lower > t)
    if good:
        return Assurance.MEETS, (f"Consistently meets the target ({goal}): {limits}, so unless the process "
                                 f"changes the target will be met every {text.period}.")  # fmt: skip
    if bad:
        return Assurance.FAILS, (f"Consistently fails the target ({goal}): {limits}, so the target will not "
                                 f"be met unless the process changes.")  # fmt: skip
    return Assurance.HIT_AND_MISS, (f"Hit and miss against the target ({goal}): {limits}, so it will be "
                                    f"met in some {text.period}s and missed in others unless the process "
                                    "changes.")  # fmt: skip


class _Text:
    """Plain-English wording for signals, with the measure's unit and the periods' names."""

    def __init__(self, period: str, names: list[str], unit: str, polarity: str | None):
        self.period, self.names, self.polarity = period, names, polarity
        self.unit = "%" if unit in PERCENT_UNITS else ""

    def value(self, x: Fraction | float) -> str:
        return format_value(float(x), self.unit)

    def point(self, i: int, v: float | None) -> str:
        return f"{self.names[i]} ({self.value(v)})" if v is not None else self.names[i]

    def count(self, n: int) -> str:
        return (_WORDS[n] if n < len(_WORDS) else str(n)).capitalize() + f" {self.period}s"

    def span(self, ix: tuple[int, ...]) -> str:
        if len(ix) == 2 or ix[-1] - ix[0] + 1 != len(ix):
            return ", ".join(self.names[i] for i in ix[:-1]) + f" and {self.names[ix[-1]]}"
        return f"{self.names[ix[0]]} to {self.names[ix[-1]]}"

    def signal(self, rule: Rule, ix: tuple[int, ...], side: Side, xs: list[Fraction | None],
               limits: tuple[Fraction, Fraction]) -> str:  # fmt: skip
        high = side is Side.HIGH
        which = "upper" if high else "lower"
        if rule is Rule.OUTSIDE_LIMITS:
            where, limit = "above" if high else "below", self.value(limits[1] if high else limits[0])
            head = (f"{self.point(ix[0], float(xs[ix[0]] or 0))} is {where} the {which} process limit "
                    f"({limit}): a point this far out is unlikely to be chance; something out of the "
                    "ordinary happened")  # fmt: skip
        elif rule is Rule.SHIFT:
            head = (f"{self.count(len(ix))} in a row {'above' if high else 'below'} the average "
                    f"({self.span(ix)}): this is unlikely to be chance; the process has changed")
        elif rule is Rule.TREND:
            head = (f"{self.count(len(ix))} in a row each {'higher' if high else 'lower'} than the one "
                    f"before ({self.span(ix)}): a steady {'rise' if high else 'fall'} this long is unlikely "
                    "to be chance")  # fmt: skip
        else:
            many = (f"Two out of three {self.period}s in a row are" if len(ix) == 2 else
                    f"{self.count(len(ix))}, at least two in every three in a row, are")  # fmt: skip
            head = (f"{many} close to the {which} process limit ({self.span(ix)}): this is unlikely to be "
                    "chance; the process has changed")
        head, meaning = head[:1].upper() + head[1:], _meaning(side, self.polarity)
        if meaning is Meaning.NEUTRAL:
            return f"{head}. This measure has no direction of good, so this is neither better nor worse."
        better = f"{self.polarity} is better for this measure"
        return f"{head} — {'for the better' if meaning is Meaning.IMPROVEMENT else 'a concern'}, as {better}."

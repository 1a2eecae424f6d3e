"""What it would take: how many more (or fewer) cases this period would reach a better grade.

For a measure worked out from a numerator and denominator (a percentage, a rate per 10,000, an
average), ``what_it_would_take`` keeps the denominator as it is and finds the smallest change to
the numerator that reaches the next grade up, Good and Outstanding. For a measure with a value
only (a count), ``value_gap`` finds the nearest value, in whole numbers for a count or tenths
otherwise, that reaches each grade.

The answer is found by searching the whole numbers and grading each candidate with
``thresholds.grade``, not by algebra on the band edges, so open and closed edges, whole-number
contiguity (``65-79 | 80-89``: 79.5 is still Requires Improvement) and gaps between bands are
honoured exactly as everywhere else. Grading is monotone, so the search is a binary search.

A grade already reached says so (change 0). A grade that no numerator between 0 and the
denominator can reach (for a percentage), or that would need a negative count, is "not reachable
this period" (``reachable`` False, change 0, the value as it is). A grade the plan gives no band
for is left out; a direction-only measure (``Increase``) has no steps at all.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from clearsight.engine.charts import format_value
from clearsight.engine.thresholds import Grade, Polarity, Thresholds, grade

SCALES = {"percentage": 100, "rate_per_10k": 10_000, "average": 1, "days": 1, "number": 1}
SUFFIX = {"percentage": "%", "rate_per_10k": "per 10,000", "days": "days"}
_RANK = {Grade.INADEQUATE: 0, Grade.REQUIRES_IMPROVEMENT: 1, Grade.GOOD: 2, Grade.OUTSTANDING: 3}
_FAR = 10**15  # beyond this, an unbounded search gives up: not reachable


class WhatIfError(ValueError):
    """A programmer error: an unknown unit, a negative count, a zero denominator."""


@dataclass(frozen=True)
class Step:
    """One grade to aim for: the change to the numerator (+ more, - fewer) and where it lands."""

    grade: Grade
    change: int
    new_value: float
    sentence: str
    reachable: bool


@dataclass(frozen=True)
class Gap:
    """One grade to aim for, for a measure with a value only: the change to the value itself."""

    grade: Grade
    change: float
    new_value: float
    sentence: str
    reachable: bool


def what_it_would_take(
    thresholds: Thresholds,
    numerator: int,
    denominator: int,
    *,
    unit: str = "percentage",
    counted: tuple[str, str] = ("case", "cases"),
) -> list[Step]:
    """Steps to the next grade up, Good and Outstanding, with the denominator unchanged.

    ``counted`` names what the numerator counts, singular and plural, for the sentences:
    ``("child seen on time", "children seen on time")``.
    """
    if unit not in SCALES:
        raise WhatIfError(f"unit must be one of {', '.join(SCALES)}, not {unit!r}")
    for name, number in (("numerator", numerator), ("denominator", denominator)):
        if isinstance(number, bool) or not isinstance(number, int) or number < 0:
            raise WhatIfError(f"the {name} must be a whole number, 0 or more, not {number!r}")
    if denominator == 0:
        raise WhatIfError("the denominator cannot be 0")
    if unit == "percentage" and numerator > denominator:
        raise WhatIfError(f"the numerator ({numerator}) cannot be more than the denominator ({denominator})")
    scale = SCALES[unit]

    def value(n: int) -> float:
        return scale * n / denominator

    def say(x: float) -> str:
        return format_value(x, SUFFIX.get(unit, ""))

    steps = []
    for target, found in _search(thresholds, value, numerator, denominator if unit == "percentage" else None):
        name = str(target)
        if found is None:
            best = value(denominator if thresholds.polarity is Polarity.HIGHER else 0)
            even = f"even all {denominator}" if thresholds.polarity is Polarity.HIGHER else "even none"
            steps.append(Step(target, 0, value(numerator), f"{name} is not reachable this period: {even} "
                              f"would be {say(best)}.", False))  # fmt: skip
            continue
        change = found - numerator
        if change == 0:
            now = value(numerator)
            steps.append(Step(target, 0, now, _already(thresholds, now, target, say), True))
            continue
        noun = counted[0] if abs(change) == 1 else counted[1]
        more = f"{abs(change):,} {'more' if change > 0 else 'fewer'} {noun} this period (of {denominator:,})"
        steps.append(Step(target, change, value(found), f"{more} would make this "
                          f"{_landing(thresholds, value(found), target, say)}.", True))  # fmt: skip
    return steps


def value_gap(thresholds: Thresholds, value: float, *, unit: str = "count") -> list[Gap]:
    """For a measure with a value only: how far the value is from the next grade up, Good and
    Outstanding. Counts move in whole numbers, other units in tenths."""
    if unit not in (*SCALES, "count"):
        raise WhatIfError(f"unit must be count or one of {', '.join(SCALES)}, not {unit!r}")
    number = isinstance(value, numbers.Real | Decimal) and not isinstance(value, bool)
    if not number or not math.isfinite(value) or value < 0:
        raise WhatIfError(f"the value must be a finite number, 0 or more, not {value!r}")
    value = float(value)
    per = 1 if unit == "count" else 10  # lattice points per unit

    def at(k: int) -> float:
        return k / per

    def say(x: float) -> str:
        return format_value(x, SUFFIX.get(unit, ""))

    higher = thresholds.polarity is Polarity.HIGHER
    start = math.ceil(Fraction(value) * per) if higher else math.floor(Fraction(value) * per)
    gaps = []
    for target, found in _search(thresholds, at, start, 100 * per if unit == "percentage" else None):
        if _at_least(thresholds, value, target):
            gaps.append(Gap(target, 0.0, float(value), _already(thresholds, value, target, say), True))
        elif found is None:
            gaps.append(Gap(target, 0.0, float(value), f"{target} is not reachable: it would need a value "
                            f"{'above 100%' if higher else 'below 0'}.", False))  # fmt: skip
        else:
            new, word = at(found), "or more" if higher else "or less"
            less = "fewer" if unit == "count" else "less"
            landing = _landing(thresholds, new, target, say).replace(f" ({say(new)})", "")
            gaps.append(Gap(target, new - value, new, f"{say(new)} {word} would make this {landing}: "
                            f"{say(abs(new - value))} {'more' if higher else less} than now ({say(value)}).",
                            True))  # fmt: skip
    return gaps


def _rank(thresholds: Thresholds, value: float) -> int:
    """The grade's place, worst 0 to Outstanding 3; beyond a best band that is not Outstanding
    (Ungraded there) counts as past every band, anywhere else Ungraded as below them all."""
    graded = grade(thresholds, value)
    if graded in _RANK:
        return _RANK[graded]
    best = thresholds.bands[-1]
    if thresholds.polarity is Polarity.HIGHER:
        return 4 if best.high is not None and value >= best.high else -1
    return 4 if best.low is not None and value <= best.low else -1


def _at_least(thresholds: Thresholds, value: float, target: Grade) -> bool:
    return _rank(thresholds, value) >= _RANK[target]


def _targets(thresholds: Thresholds, now: int) -> list[Grade]:
    present = [b.grade for b in thresholds.bands if b.grade in _RANK and b.grade is not Grade.INADEQUATE]
    up = [g for g in present if _RANK[g] > now][:1]
    return sorted({*up, *[g for g in present if g in (Grade.GOOD, Grade.OUTSTANDING)]}, key=_RANK.__getitem__)


def _search(thresholds: Thresholds, value: Callable[[int], float], start: int,
            cap: int | None) -> list[tuple[Grade, int | None]]:  # fmt: skip
    """For each target grade, the nearest whole ``k`` from ``start`` (upwards on a higher-is-better
    scale, downwards on a lower one, within 0..cap) whose value is graded at least the target."""
    if thresholds.polarity not in (Polarity.HIGHER, Polarity.LOWER) or not thresholds.bands:
        return []
    higher = thresholds.polarity is Polarity.HIGHER
    out: list[tuple[Grade, int | None]] = []
    for target in _targets(thresholds, _rank(thresholds, value(start))):

        def good(k: int, target: Grade = target) -> bool:
            return _at_least(thresholds, value(k), target)

        if good(start):
            out.append((target, start))
        elif not higher:  # the last k in 0..start that is good: fewer is better
            out.append((target, None if not good(0) else _first(lambda k: not good(k), 0, start) - 1))
        else:
            top = cap if cap is not None else max(start, 1)
            while cap is None and not good(top) and top < _FAR:
                top *= 2
            out.append((target, _first(good, start, top) if good(top) else None))
    return out


def _first(test: Callable[[int], bool], lo: int, hi: int) -> int:
    """The smallest k in lo..hi for which ``test`` holds, given that it holds at hi and is monotone."""
    while lo < hi:
        mid = (lo + hi) // 2
        if test(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


def _already(thresholds: Thresholds, value: float, target: Grade, say: Callable[[float], str]) -> str:
    now = grade(thresholds, value)
    if now is target:
        return f"Already {target} ({say(value)})."
    return f"Already better than {target} ({say(value)}{'' if now is Grade.UNGRADED else f' is {now}'})."


def _landing(thresholds: Thresholds, value: float, target: Grade, say: Callable[[float], str]) -> str:
    reached = grade(thresholds, value)
    if reached is target or reached is Grade.UNGRADED:
        return f"{target} ({say(value)})"
    return f"{reached} ({say(value)}); no smaller change reaches {target} alone"

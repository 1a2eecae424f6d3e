"""Monthly figures rolled up into financial quarters and financial years, as councils report them.

Two rules, and each rolled figure says which it used:

* **Pooled** — a share or an average whose every month has its numerator and denominator: the
  quarter's figure is all the months' numerators over all their denominators (the children seen on
  time in the quarter out of the children due in it), the way DfE works out a year's figure from
  its cases. Averaging the monthly percentages instead would weigh a month of 4 cases like a month
  of 400.
* **Latest** — anything else (counts, rates per 10,000, figures entered without their counts): the
  figure for the last month of the period that has one. Counts are not added up, because most
  counts in a plan are "at the end of the month" (children on a plan, caseloads) and adding them
  would count the same child three times; rates per 10,000 are over a population, not a flow.

A period with fewer months than it covers is kept and says how many months it has.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from clearsight.engine.periods import (
    Period,
    PeriodType,
    financial_year,
    financial_year_start,
    quarter_containing,
)
from clearsight.engine.values import compute_value

POOLED_UNITS = ("percentage", "average", "days")


class Method(StrEnum):
    POOLED = "pooled"
    LATEST = "latest"


@dataclass(frozen=True)
class MonthFigure:
    """One month's figure: what the roll-up reads."""

    period: Period
    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None


@dataclass(frozen=True)
class Rolled:
    """One quarter's or year's figure and how it was made from its months."""

    period: Period
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None
    method: Method
    months: tuple[int, ...]  # indexes of the monthly figures it was made from, in order
    covers: int  # months the period has: 3 or 12

    @property
    def complete(self) -> bool:
        return len(self.months) == self.covers

    @property
    def coverage(self) -> str:
        """'' when every month has a figure, else e.g. '2 of 3 months'."""
        return "" if self.complete else f"{len(self.months)} of {self.covers} months"


class RollUpError(ValueError):
    """Figures that cannot be rolled up (not monthly, or an unknown period type to roll into)."""


def container(period: Period, to: PeriodType) -> Period:
    """The financial quarter or year a month belongs to."""
    if to is PeriodType.QUARTER:
        return quarter_containing(period.start)
    if to is PeriodType.FINANCIAL_YEAR:
        return financial_year(financial_year_start(period.start))
    raise RollUpError(f"Monthly figures roll up into quarters or financial years, not {to.value}.")


def roll_up(figures: Sequence[MonthFigure], to: PeriodType, unit: str) -> list[Rolled]:
    """The quarters or financial years ``figures`` (monthly, any order) fall in, oldest first."""
    groups: dict[Period, list[int]] = {}
    for index, figure in enumerate(figures):
        if figure.period.type is not PeriodType.MONTH:
            raise RollUpError(f"Only monthly figures roll up; {figure.period.key} is a {figure.period.type.value}.")
        groups.setdefault(container(figure.period, to), []).append(index)
    rolled = []
    for period in sorted(groups):
        indexes = tuple(sorted(groups[period], key=lambda i: figures[i].period))
        members = [figures[i] for i in indexes]
        covers = 3 if to is PeriodType.QUARTER else 12
        counted = [(f.numerator, f.denominator) for f in members]
        if unit in POOLED_UNITS and all(n is not None and d is not None for n, d in counted):
            numerator = sum((n for n, _ in counted if n is not None), Decimal(0))
            denominator = sum((d for _, d in counted if d is not None), Decimal(0))
            value = compute_value(unit, numerator, denominator)
            if value is not None:
                rolled.append(Rolled(period, value, numerator, denominator, Method.POOLED, indexes, covers))
                continue
        last = members[-1]
        rolled.append(Rolled(period, last.value, last.numerator, last.denominator, Method.LATEST,
                             indexes, covers))  # fmt: skip
    return rolled


def method_words(method: Method, to: PeriodType) -> str:
    """How a rolled figure was made, for the page beside the chart."""
    span = "quarter" if to is PeriodType.QUARTER else "financial year"
    if method is Method.POOLED:
        return (f"Each {span}'s figure counts its months together: all the months' numerators over all "
                f"their denominators, not an average of the monthly figures.")
    return (f"Each {span} shows the figure for its last month with a figure: these figures are not "
            "added up or averaged across months.")

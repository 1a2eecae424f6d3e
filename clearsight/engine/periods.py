"""Reporting periods as children's services use them.

The collection year runs 1 April to 31 March, so quarters are financial quarters (Q1 is April
to June). Every period has a stable ``key`` used in files and URLs and a ``label`` for people:

=====================  ====================  =============================
type                   key                   label
=====================  ====================  =============================
month                  2017-10               October 2017
quarter                2017-18-Q3            2017-18 Q3 (Oct to Dec 2017)
financial_year         2017-18               2017-18
year_to_date           2017-18-ytd-10        2017-18 to October 2017
rolling_12_months      r12-2017-10           12 months to October 2017
snapshot               2017-10-31            at 31 October 2017
=====================  ====================  =============================
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class PeriodType(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    FINANCIAL_YEAR = "financial_year"
    YEAR_TO_DATE = "year_to_date"
    ROLLING_12_MONTHS = "rolling_12_months"
    SNAPSHOT = "snapshot"


class PeriodError(ValueError):
    """A period key or date that does not name a real period."""


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def financial_year_start(day: date) -> int:
    """The calendar year in which the financial year containing ``day`` began."""
    return day.year if day.month >= 4 else day.year - 1


def _fy_label(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: its type and the first and last days it covers."""

    type: PeriodType
    start: date
    end: date

    @property
    def key(self) -> str:
        t, s, e = self.type, self.start, self.end
        if t is PeriodType.MONTH:
            return f"{s:%Y-%m}"
        if t is PeriodType.QUARTER:
            quarter = ((s.month - 4) % 12) // 3 + 1
            return f"{_fy_label(financial_year_start(s))}-Q{quarter}"
        if t is PeriodType.FINANCIAL_YEAR:
            return _fy_label(s.year)
        if t is PeriodType.YEAR_TO_DATE:
            return f"{_fy_label(s.year)}-ytd-{e:%m}"
        if t is PeriodType.ROLLING_12_MONTHS:
            return f"r12-{e:%Y-%m}"
        return f"{e:%Y-%m-%d}"

    @property
    def label(self) -> str:
        t, s, e = self.type, self.start, self.end
        if t is PeriodType.MONTH:
            return f"{s:%B %Y}"
        if t is PeriodType.QUARTER:
            return f"{self.key.replace('-Q', ' Q')} ({s:%b} to {e:%b %Y})"
        if t is PeriodType.FINANCIAL_YEAR:
            return self.key
        if t is PeriodType.YEAR_TO_DATE:
            return f"{_fy_label(s.year)} to {e:%B %Y}"
        if t is PeriodType.ROLLING_12_MONTHS:
            return f"12 months to {e:%B %Y}"
        return f"at {e.day} {e:%B %Y}"

    @property
    def short_label(self) -> str:
        if self.type is PeriodType.MONTH:
            return f"{self.start:%b %Y}"
        if self.type is PeriodType.QUARTER:
            return self.key.replace("-Q", " Q")
        if self.type is PeriodType.SNAPSHOT:
            return f"{self.end:%d %b %Y}"
        return self.label

    @property
    def collection_year(self) -> int:
        """The collection year (ending 31 March) that the period ends in, e.g. 2018 for 2017-18."""
        return financial_year_start(self.end) + 1

    def previous(self) -> Period:
        """The period before this one, of the same type (for 'change since previous')."""
        t = self.type
        if t is PeriodType.MONTH:
            y, m = _add_months(self.start.year, self.start.month, -1)
            return month(y, m)
        if t is PeriodType.QUARTER:
            y, m = _add_months(self.start.year, self.start.month, -3)
            return quarter_containing(date(y, m, 1))
        if t is PeriodType.FINANCIAL_YEAR:
            return financial_year(self.start.year - 1)
        if t is PeriodType.YEAR_TO_DATE:
            y, m = _add_months(self.end.year, self.end.month, -1)
            return year_to_date(month_end(y, m))
        if t is PeriodType.ROLLING_12_MONTHS:
            y, m = _add_months(self.end.year, self.end.month, -1)
            return rolling_12_months(month_end(y, m))
        y, m = _add_months(self.end.year, self.end.month, -1)
        return snapshot(month_end(y, m) if self.end == month_end(self.end.year, self.end.month) else
                        date(y, m, min(self.end.day, calendar.monthrange(y, m)[1])))

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def month(year: int, month_number: int) -> Period:
    return Period(PeriodType.MONTH, date(year, month_number, 1), month_end(year, month_number))


def quarter_containing(day: date) -> Period:
    """The financial quarter containing ``day``; each lies within one calendar year."""
    first_month = ((day.month - 4) % 12) // 3 * 3 + 4
    if first_month > 12:
        first_month -= 12
    return Period(PeriodType.QUARTER, date(day.year, first_month, 1), month_end(day.year, first_month + 2))


def financial_year(start_year: int) -> Period:
    return Period(PeriodType.FINANCIAL_YEAR, date(start_year, 4, 1), date(start_year + 1, 3, 31))


def year_to_date(end: date) -> Period:
    return Period(PeriodType.YEAR_TO_DATE, date(financial_year_start(end), 4, 1), end)


def rolling_12_months(end: date) -> Period:
    """The twelve calendar months ending with the month of ``end``."""
    year, first = _add_months(end.year, end.month, -11)
    return Period(PeriodType.ROLLING_12_MONTHS, date(year, first, 1), end)


def snapshot(day: date) -> Period:
    return Period(PeriodType.SNAPSHOT, day, day)


_MONTH_NAMES = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTH_NAMES.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTH_NAMES["sept"] = 9


def parse_period(key: str) -> Period:
    """The period a key names.

    Keys are those in the module docstring. ``2017-18`` is a financial year because 18 follows
    17; ``2017-10`` is a month. The only keys that could be read both ways are 2000-01 to
    2011-12; they are read as financial years, so write those months by name ("November 2010").
    """
    text = " ".join(key.split())
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-Q([1-4])", text, re.IGNORECASE):
            start_year = _fy_start(m.group(1), m.group(2), key)
            y, mo = _add_months(start_year, 4, 3 * (int(m.group(3)) - 1))
            return quarter_containing(date(y, mo, 1))
        if m := re.fullmatch(r"(\d{4})-(\d{2})-ytd-(\d{2})", text, re.IGNORECASE):
            start_year = _fy_start(m.group(1), m.group(2), key)
            end_month = int(m.group(3))
            return year_to_date(month_end(start_year if end_month >= 4 else start_year + 1, end_month))
        if m := re.fullmatch(r"r12-(\d{4})-(\d{2})", text, re.IGNORECASE):
            return rolling_12_months(month_end(int(m.group(1)), int(m.group(2))))
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
            return snapshot(date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
            year, second = int(m.group(1)), int(m.group(2))
            if second == (year + 1) % 100:
                return financial_year(year)
            return month(year, second)
        if m := re.fullmatch(r"([A-Za-z]+),? (\d{4})", text):
            number = _MONTH_NAMES.get(m.group(1).lower())
            if number is not None:
                return month(int(m.group(2)), number)
    except ValueError as exc:
        raise PeriodError(f"'{key}' is not a real period ({exc}).") from None
    raise PeriodError(
        f"'{key}' is not a period. Use 2017-10 or October 2017 (a month), 2017-18-Q2 (a quarter), "
        "2017-18 (a financial year), 2017-18-ytd-10 (year to date), r12-2017-10 (12 months to) "
        "or 2017-10-31 (a snapshot)."
    )


def _fy_start(first: str, second: str, key: str) -> int:
    start_year = int(first)
    if int(second) != (start_year + 1) % 100:
        raise ValueError(f"{first}-{second} is not a financial year; did you mean {_fy_label(start_year)}?")
    return start_year


def months_between(first: Period, last: Period) -> list[Period]:
    """Every month from the month of ``first.start`` to the month of ``last.end``, in order."""
    result = []
    year, number = first.start.year, first.start.month
    while (year, number) <= (last.end.year, last.end.month):
        result.append(month(year, number))
        year, number = _add_months(year, number, 1)
    return result

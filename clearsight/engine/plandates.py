"""Dates as councils write them in plans: ``31/10/17``, ``Oct, 2017``, ``Sprint 2``, ``Ongoing``.

``read_plan_date`` keeps the text exactly as written and normalises only what is certain. A
value it cannot read with certainty (``Dec 202017``) comes back as ``UNREADABLE`` with a reason,
never as a guess.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class DateKind(StrEnum):
    BLANK = "blank"
    DAY = "day"  # a calendar date
    MONTH = "month"  # month precision: "Oct 2017"
    SPRINT = "sprint"  # "Sprint 2"
    ONGOING = "ongoing"
    COMPLETED = "completed"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class PlanDate:
    """A date value from a plan: the text as written plus what it certainly means."""

    text: str
    kind: DateKind
    value: date | None = None  # the day, or the first of the month for MONTH
    sprint: int | None = None
    reason: str = ""  # why an UNREADABLE value could not be read

    @property
    def is_date(self) -> bool:
        return self.kind in (DateKind.DAY, DateKind.MONTH)

    def last_day(self) -> date | None:
        """The last day this value allows: the day itself, or the month's end."""
        if self.value is None:
            return None
        if self.kind is DateKind.MONTH:
            days = calendar.monthrange(self.value.year, self.value.month)[1]
            return self.value.replace(day=days)
        return self.value

    def display(self) -> str:
        if self.kind is DateKind.DAY and self.value:
            return f"{self.value.day} {self.value:%B %Y}"
        if self.kind is DateKind.MONTH and self.value:
            return f"{self.value:%B %Y}"
        if self.kind is DateKind.SPRINT:
            return f"Sprint {self.sprint}"
        if self.kind is DateKind.BLANK:
            return "Not set"
        return self.text.strip()


BLANK = PlanDate("", DateKind.BLANK)

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9

_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]+)\.?,?\s+(\d+)$")
_SPRINT = re.compile(r"^sprint\s*(\d+)$", re.IGNORECASE)

# Plans in this field run from the 2000s; a year outside this window is a typing error.
_YEARS = range(1990, 2101)


def _unreadable(text: str, reason: str) -> PlanDate:
    return PlanDate(text, DateKind.UNREADABLE, reason=reason)


def read_plan_date(text: str | None) -> PlanDate:
    """Read a date value as written in a plan document."""
    if text is None:
        return BLANK
    raw = text
    value = " ".join(text.split())
    if not value:
        return PlanDate(raw, DateKind.BLANK)
    lowered = value.lower().rstrip(".")
    if lowered == "ongoing":
        return PlanDate(raw, DateKind.ONGOING)
    if lowered in ("completed", "complete"):
        return PlanDate(raw, DateKind.COMPLETED)
    if match := _SPRINT.match(value):
        return PlanDate(raw, DateKind.SPRINT, sprint=int(match.group(1)))
    if match := _ISO.match(value):
        year, month, day = (int(g) for g in match.groups())
        return _day(raw, year, month, day)
    if match := _NUMERIC.match(value):
        day_text, month_text, year_text = match.groups()
        year = int(year_text)
        if len(year_text) == 2:
            year += 2000
        return _day(raw, year, int(month_text), int(day_text))
    if match := _MONTH_YEAR.match(value):
        name, year_text = match.groups()
        month_number = _MONTHS.get(name.lower())
        if month_number is None:
            return _unreadable(raw, f"'{name}' is not a month")
        year = int(year_text)
        if len(year_text) == 2:
            year += 2000
        if len(year_text) not in (2, 4) or year not in _YEARS:
            return _unreadable(raw, f"{year_text} is not a possible year")
        return PlanDate(raw, DateKind.MONTH, value=date(year, month_number, 1))
    return _unreadable(raw, "not a date, a month, a sprint, 'Ongoing' or 'Completed'")


def _day(raw: str, year: int, month: int, day: int) -> PlanDate:
    if year not in _YEARS:
        return _unreadable(raw, f"{year} is not a possible year")
    try:
        return PlanDate(raw, DateKind.DAY, value=date(year, month, day))
    except ValueError as exc:
        return _unreadable(raw, f"not a real date ({exc})")


SPRINT_WEEKS = 12


def sprint_dates(first_sprint_start: date, number: int, weeks: int = SPRINT_WEEKS) -> tuple[date, date]:
    """Start and end of sprint ``number`` when sprint 1 starts on ``first_sprint_start``.

    Sprints are consecutive blocks of ``weeks`` weeks: Sprint 2 is weeks 13-24.
    """
    if number < 1:
        raise ValueError("sprints are numbered from 1")
    start = first_sprint_start + timedelta(weeks=weeks * (number - 1))
    return start, start + timedelta(weeks=weeks, days=-1)

"""Dates as whole days, vectorised: calendar and working-day arithmetic for the generator.

Every date in the generator is an ``int64`` count of days since 1970-01-01 (what numpy's
``datetime64[D]`` holds), so millions of dates move through numpy at once. ``NA`` marks "no date"
(an open episode, a plan never started). Working days skip weekends and England and Wales bank
holidays (the ``holidays`` package, offline), as the national indicator definitions do.
"""

from __future__ import annotations

from datetime import date

import holidays
import numpy as np
import numpy.typing as npt

Days = npt.NDArray[np.int64]
NA = np.int64(-(2**40))  # far before any real date, so "NA < x" holds and max() ignores it
EPOCH = date(1970, 1, 1).toordinal()


def day(value: date) -> int:
    return value.toordinal() - EPOCH


def to_date(value: int) -> date:
    return date.fromordinal(int(value) + EPOCH)


class Calendar:
    """Working days and date formatting for the years the generator covers."""

    def __init__(self, first_year: int, last_year: int) -> None:
        bank = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
        self.holidays = np.array(sorted(bank), dtype="datetime64[D]")
        self.first = day(date(first_year, 1, 1))
        self.last = day(date(last_year, 12, 31))
        days = np.arange(self.first, self.last + 1).astype("datetime64[D]")
        iso = np.datetime_as_string(days, unit="D")
        # dd/mm/YYYY (councils' CSV and xlsx files) and YYYY-MM-DD (CIN XML) by day number.
        self._uk = np.array([f"{s[8:10]}/{s[5:7]}/{s[0:4]}" for s in iso.tolist()], dtype=object)
        self._iso = np.array(iso.tolist(), dtype=object)

    def add_working(self, start: Days, count: npt.NDArray[np.int64] | int) -> Days:
        """The day ``count`` working days after ``start`` (``start`` rolls forward to a working day)."""
        out = np.busday_offset(
            start.astype("datetime64[D]"), count, roll="forward", holidays=self.holidays
        )
        return out.astype(np.int64)

    def working_between(self, start: Days, end: Days) -> npt.NDArray[np.int64]:
        """Working days from ``start`` to ``end``: same day is 0 (national definition)."""
        return np.busday_count(
            start.astype("datetime64[D]"), end.astype("datetime64[D]"), holidays=self.holidays
        ).astype(np.int64)

    def uk(self, values: Days) -> npt.NDArray[np.object_]:
        """dd/mm/YYYY strings; '' for NA."""
        return self._format(self._uk, values)

    def iso(self, values: Days) -> npt.NDArray[np.object_]:
        return self._format(self._iso, values)

    def _format(self, table: npt.NDArray[np.object_], values: Days) -> npt.NDArray[np.object_]:
        values = np.asarray(values, dtype=np.int64)
        out = np.full(values.shape, "", dtype=object)
        ok = values != NA
        out[ok] = table[values[ok] - self.first]
        return out


def age_on(dob: Days, when: Days | int) -> npt.NDArray[np.int64]:
    """Age in whole years on ``when`` (vectorised, exact with birthdays)."""
    when_days = np.broadcast_to(np.asarray(when, dtype=np.int64), dob.shape)
    years = (
        when_days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)
        - dob.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)
    )
    return np.where(_birthday_in_years(dob, years) > when_days, years - 1, years)


def _birthday_in_years(dob: Days, years: npt.NDArray[np.int64]) -> Days:
    as_dates = dob.astype("datetime64[D]")
    months = as_dates.astype("datetime64[M]")
    day_in_month = (as_dates - months.astype("datetime64[D]")).astype(np.int64)
    target_month = months + years.astype("timedelta64[Y]").astype("timedelta64[M]")
    out = target_month.astype("datetime64[D]") + day_in_month
    next_month = (target_month + 1).astype("datetime64[D]")
    result: Days = np.where(out >= next_month, next_month, out).astype(np.int64)
    return result


def birthday(dob: Days, years: int) -> Days:
    """The ``years``-th birthday (29 February → 1 March in non-leap years)."""
    return _birthday_in_years(dob, np.full(dob.shape, years, dtype=np.int64))

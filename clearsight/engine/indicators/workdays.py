"""Working days: weekdays that are not England bank holidays or council closure days.

Counting rule (the DfE's for assessment and ICPC timescales): the number of working days
*after* the start date up to and including the end date. So the same day is 0, Friday to Monday
is 1, and a start on a Saturday counts from the Friday before.

For millions of rows the count is done in DuckDB with a calendar table holding, for every day,
``wd`` = the number of working days on or before it; then ``days = wd(end) - wd(start)`` is two
hash joins and a subtraction. ``working_days`` below is the same rule in Python, for tests and
worked examples.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import holidays

EARLIEST = date(1950, 1, 1)
LATEST = date(2100, 12, 31)


@lru_cache(maxsize=64)
def bank_holidays(first_year: int, last_year: int) -> frozenset[date]:
    """England's bank holidays (the ``holidays`` package, GB subdivision ENG), observed days included."""
    found = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return frozenset(found)


def is_working_day(day: date, days_off: frozenset[date]) -> bool:
    return day.weekday() < 5 and day not in days_off


def working_days(start: date, end: date, closure_days: Iterable[date] = ()) -> int:
    """Working days from ``start`` to ``end``: after start, up to and including end (negative if end < start)."""
    if end < start:
        return -working_days(end, start, closure_days)
    days_off = bank_holidays(start.year, end.year) | frozenset(closure_days)
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day, days_off)
    return count


def add_working_days(start: date, days: int, closure_days: Iterable[date] = ()) -> date:
    """The last calendar day that is at most ``days`` working days after ``start``.

    A review due "within 20 working days" of a start is on time on or before this date (a
    weekend after the 20th working day still counts as the 20th, as ``working_days`` says)."""
    days_off = bank_holidays(start.year, start.year + 1 + days // 200) | frozenset(closure_days)
    day, count = start, 0
    while True:
        following = day + timedelta(days=1)
        if is_working_day(following, days_off):
            if count == days:
                return day
            count += 1
        day = following


def create_calendar(con: Any, first: date, last: date, closure_days: Iterable[date] = ()) -> None:
    """(Re)create the temporary tables ``cs_calendar`` and ``cs_wd_end`` covering first..last.

    cs_calendar(day, working, wd): every day, whether it is a working day, and the number of
    working days on or before it. cs_wd_end(wd, last_day): the last day with each wd, for adding
    working days to a date."""
    first, last = max(first, EARLIEST), min(last, LATEST)
    if last < first:
        last = first
    days_off = sorted(d for d in bank_holidays(first.year, last.year) | set(closure_days) if first <= d <= last)
    con.execute("CREATE OR REPLACE TEMP TABLE cs_days_off (day DATE)")
    if days_off:
        con.execute("INSERT INTO cs_days_off SELECT unnest(CAST(? AS DATE[]))", [days_off])
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE cs_calendar AS
        WITH days AS (
            SELECT CAST(g.d AS DATE) AS day
            FROM generate_series(CAST(? AS DATE), CAST(? AS DATE), INTERVAL 1 DAY) AS g(d)
        )
        SELECT day,
               isodow(day) < 6 AND day NOT IN (SELECT day FROM cs_days_off) AS working,
               CAST(sum(CASE WHEN isodow(day) < 6 AND day NOT IN (SELECT day FROM cs_days_off) THEN 1 ELSE 0 END)
                    OVER (ORDER BY day) AS INTEGER) AS wd
        FROM days
        """,
        [first, last],
    )
    con.execute("CREATE OR REPLACE TEMP TABLE cs_wd_end AS SELECT wd, max(day) AS last_day FROM cs_calendar GROUP BY wd")

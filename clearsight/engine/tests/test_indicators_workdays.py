from datetime import date, timedelta

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearsight.engine.indicators.workdays import add_working_days, create_calendar, working_days


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (date(2018, 4, 12), date(2018, 4, 12), 0),  # same day
        (date(2018, 4, 6), date(2018, 4, 9), 1),  # Friday to Monday
        (date(2018, 4, 7), date(2018, 4, 9), 1),  # Saturday to Monday
        (date(2018, 4, 9), date(2018, 4, 13), 4),
        (date(2018, 3, 29), date(2018, 4, 3), 1),  # Good Friday 30/03 and Easter Monday 02/04/2018
        (date(2017, 12, 22), date(2017, 12, 27), 1),  # Christmas and Boxing Day
        (date(2022, 12, 23), date(2022, 12, 28), 1),  # 26/12 Boxing Day and 27/12 Christmas (observed)
        (date(2022, 9, 16), date(2022, 9, 20), 1),  # the Queen's state funeral, Monday 19/09/2022
        (date(2023, 5, 5), date(2023, 5, 9), 1),  # the coronation bank holiday, Monday 08/05/2023
        (date(2022, 6, 1), date(2022, 6, 6), 1),  # Platinum Jubilee: 02/06 and 03/06/2022
        (date(2020, 2, 28), date(2020, 3, 2), 1),  # leap year: Saturday 29/02/2020 is a weekend day
        (date(2016, 2, 26), date(2016, 3, 1), 2),  # Monday 29/02/2016 is a working day
        (date(2018, 4, 13), date(2018, 4, 12), -1),  # backwards: negative
    ],
)
def test_working_days_count_after_the_start_up_to_and_including_the_end(start, end, days):
    assert working_days(start, end) == days


def test_a_closure_day_is_not_a_working_day():
    assert working_days(date(2018, 4, 9), date(2018, 4, 13)) == 4
    assert working_days(date(2018, 4, 9), date(2018, 4, 13), closure_days=[date(2018, 4, 11)]) == 3


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2018, 4, 9), 0, date(2018, 4, 9)),
        (date(2018, 4, 9), 3, date(2018, 4, 12)),
        (date(2018, 4, 9), 4, date(2018, 4, 15)),  # Friday is the 4th, and so is its weekend
        (date(2018, 4, 9), 5, date(2018, 4, 16)),
        (date(2017, 12, 4), 20, date(2018, 1, 4)),  # over Christmas and New Year
    ],
)
def test_adding_working_days_gives_the_last_day_still_within_them(start, days, due):
    assert add_working_days(start, days) == due
    assert working_days(start, due) <= days < working_days(start, due + timedelta(days=1))


def _calendar(closure_days=()):
    con = duckdb.connect()
    create_calendar(con, date(2015, 1, 1), date(2024, 12, 31), closure_days)
    return con


def _sql_days(con, start, end):
    return con.execute(
        "SELECT e.wd - s.wd FROM cs_calendar s, cs_calendar e WHERE s.day = ? AND e.day = ?", [start, end]
    ).fetchone()[0]


CON = _calendar()


@settings(max_examples=100, deadline=None)
@given(st.dates(date(2015, 1, 1), date(2024, 12, 31)), st.integers(0, 120))
def test_the_calendar_table_agrees_with_the_python_rule(start, span):
    end = min(start + timedelta(days=span), date(2024, 12, 31))
    assert _sql_days(CON, start, end) == working_days(start, end)


def test_the_calendar_table_knows_closure_days_and_the_last_day_of_each_working_day():
    con = _calendar([date(2018, 4, 11)])
    assert _sql_days(con, date(2018, 4, 9), date(2018, 4, 13)) == 3
    last = con.execute(
        "SELECT e.last_day FROM cs_calendar s JOIN cs_wd_end e ON e.wd = s.wd + 20 WHERE s.day = ?", [date(2017, 12, 4)]
    ).fetchone()[0]
    assert last == add_working_days(date(2017, 12, 4), 20) == date(2018, 1, 4)

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearsight.engine.periods import (
    PeriodError,
    PeriodType,
    financial_year,
    month,
    parse_period,
    quarter_containing,
    rolling_12_months,
    snapshot,
    year_to_date,
)


@pytest.mark.parametrize(
    ("key", "type_", "start", "end", "label"),
    [
        ("2017-10", PeriodType.MONTH, date(2017, 10, 1), date(2017, 10, 31), "October 2017"),
        ("October 2017", PeriodType.MONTH, date(2017, 10, 1), date(2017, 10, 31), "October 2017"),
        ("2017-18-Q1", PeriodType.QUARTER, date(2017, 4, 1), date(2017, 6, 30), "2017-18 Q1 (Apr to Jun 2017)"),
        ("2017-18-Q4", PeriodType.QUARTER, date(2018, 1, 1), date(2018, 3, 31), "2017-18 Q4 (Jan to Mar 2018)"),
        ("2017-18", PeriodType.FINANCIAL_YEAR, date(2017, 4, 1), date(2018, 3, 31), "2017-18"),
        ("2099-00", PeriodType.FINANCIAL_YEAR, date(2099, 4, 1), date(2100, 3, 31), "2099-00"),
        ("2017-18-ytd-10", PeriodType.YEAR_TO_DATE, date(2017, 4, 1), date(2017, 10, 31), "2017-18 to October 2017"),
        ("2017-18-ytd-02", PeriodType.YEAR_TO_DATE, date(2017, 4, 1), date(2018, 2, 28), "2017-18 to February 2018"),
        ("r12-2018-02", PeriodType.ROLLING_12_MONTHS, date(2017, 3, 1), date(2018, 2, 28), "12 months to February 2018"),
        ("2018-03-31", PeriodType.SNAPSHOT, date(2018, 3, 31), date(2018, 3, 31), "at 31 March 2018"),
    ],
)
def test_keys_name_the_periods_councils_report_on(key, type_, start, end, label):
    period = parse_period(key)
    assert (period.type, period.start, period.end, period.label) == (type_, start, end, label)
    assert parse_period(period.key) == period


@pytest.mark.parametrize("key", ["2017-13", "2017-19", "2017-19-Q1", "2017-18-Q5", "2018-02-30", "Smarch 2017", "", "soon"])
def test_a_key_that_is_not_a_period_is_refused_with_the_forms_to_use(key):
    with pytest.raises(PeriodError, match="period"):
        parse_period(key)


def test_the_previous_period_steps_back_one_of_the_same_kind():
    assert parse_period("2017-04").previous() == month(2017, 3)
    assert parse_period("2017-18-Q1").previous() == parse_period("2016-17-Q4")
    assert financial_year(2017).previous() == financial_year(2016)
    assert parse_period("2017-18-ytd-04").previous().key == "2016-17-ytd-03"
    assert rolling_12_months(date(2018, 3, 31)).previous().end == date(2018, 2, 28)
    assert snapshot(date(2018, 3, 31)).previous() == snapshot(date(2018, 2, 28))


def test_the_collection_year_is_the_year_ending_31_march():
    assert month(2018, 3).collection_year == 2018
    assert month(2018, 4).collection_year == 2019
    assert financial_year(2017).collection_year == 2018


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2098, 12, 31)))
def test_every_day_is_in_exactly_one_quarter_and_its_financial_year(day):
    quarter = quarter_containing(day)
    assert quarter.contains(day)
    assert financial_year(day.year if day.month >= 4 else day.year - 1).contains(quarter.start)
    assert (quarter.end - quarter.start).days in range(89, 92)
    assert year_to_date(day).contains(day)
    assert parse_period(quarter.key) == quarter

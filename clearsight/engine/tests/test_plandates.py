from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearsight.engine.plandates import DateKind, read_plan_date, sprint_dates


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("31/10/17", DateKind.DAY, date(2017, 10, 31)),
        ("30/1/18", DateKind.DAY, date(2018, 1, 30)),
        ("01/10/2017", DateKind.DAY, date(2017, 10, 1)),
        ("2018-03-31", DateKind.DAY, date(2018, 3, 31)),
        ("29/02/2020", DateKind.DAY, date(2020, 2, 29)),
        ("Oct 2017", DateKind.MONTH, date(2017, 10, 1)),
        ("Oct, 2017", DateKind.MONTH, date(2017, 10, 1)),
        ("Sept 2017", DateKind.MONTH, date(2017, 9, 1)),
        ("March 2018", DateKind.MONTH, date(2018, 3, 1)),
        ("  Dec   2017 ", DateKind.MONTH, date(2017, 12, 1)),
    ],
)
def test_it_reads_dates_councils_write(text: str, kind: DateKind, value: date) -> None:
    parsed = read_plan_date(text)
    assert (parsed.kind, parsed.value) == (kind, value)
    assert parsed.text == text  # kept exactly as written


@pytest.mark.parametrize("text", ["Dec 202017", "Oct, 202017", "31/02/18", "29/02/2019", "Smarch 2017", "soon", "13/13/17"])
def test_it_never_guesses_an_unreadable_date(text: str) -> None:
    parsed = read_plan_date(text)
    assert parsed.kind is DateKind.UNREADABLE
    assert parsed.value is None
    assert parsed.reason


def test_it_explains_an_impossible_year() -> None:
    assert "202017" in read_plan_date("Dec 202017").reason


@pytest.mark.parametrize(
    ("text", "kind"),
    [("Ongoing", DateKind.ONGOING), ("Completed", DateKind.COMPLETED), ("complete", DateKind.COMPLETED),
     ("", DateKind.BLANK), ("   ", DateKind.BLANK), ("Sprint 2", DateKind.SPRINT), ("sprint 11", DateKind.SPRINT)],
)
def test_it_recognises_non_date_values(text: str, kind: DateKind) -> None:
    assert read_plan_date(text).kind is kind


def test_a_sprint_value_carries_its_number() -> None:
    assert read_plan_date("Sprint 2").sprint == 2


def test_a_month_lasts_until_its_last_day() -> None:
    assert read_plan_date("Feb 2020").last_day() == date(2020, 2, 29)
    assert read_plan_date("31/10/17").last_day() == date(2017, 10, 31)


def test_sprint_two_is_weeks_13_to_24() -> None:
    start, end = sprint_dates(date(2017, 6, 5), 2)
    assert start == date(2017, 6, 5).fromordinal(date(2017, 6, 5).toordinal() + 12 * 7)
    assert (end - start).days == 12 * 7 - 1


def test_sprints_are_numbered_from_one() -> None:
    with pytest.raises(ValueError):
        sprint_dates(date(2017, 6, 5), 0)


@given(st.text(max_size=40))
def test_reading_any_text_never_raises_and_keeps_it(text: str) -> None:
    parsed = read_plan_date(text)
    assert parsed.text == text
    if parsed.kind in (DateKind.DAY, DateKind.MONTH):
        assert parsed.value is not None


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_every_real_day_round_trips_through_dd_mm_yyyy(day: date) -> None:
    assert read_plan_date(f"{day.day}/{day.month}/{day.year}").value == day

"""The reminder schedule and the alert rules, on hand-made dates and series. No database."""

from __future__ import annotations

from datetime import date

import pytest

from clearsight.engine.reminders import (
    ActionFacts,
    Figure,
    Kind,
    Schedule,
    ScheduleError,
    action_reminders,
    digest_week,
    grade_fall_alert,
    grade_fell,
    last_period_due,
    missing_alert,
    signal_alert,
)
from clearsight.engine.thresholds import Grade

DUE = date(2026, 12, 31)
SCHEDULE = Schedule()


def kinds(today: date, **facts: object) -> list[Kind]:
    merged: dict[str, object] = {"target": DUE, "is_open": True, **facts}
    return [d.kind for d in action_reminders(ActionFacts(**merged), SCHEDULE, today)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 12, 23), []),  # 8 days before: not yet
        (date(2026, 12, 24), [Kind.DUE_SOON]),  # 7 days before
        (date(2026, 12, 31), [Kind.DUE_SOON]),  # due today
        (date(2027, 1, 1), [Kind.OVERDUE]),
        (date(2027, 1, 13), [Kind.OVERDUE]),  # 13 days late
        (date(2027, 1, 14), [Kind.OVERDUE, Kind.ESCALATION_LEAD]),  # 14 days late
        (date(2027, 1, 27), [Kind.OVERDUE, Kind.ESCALATION_LEAD]),
        (date(2027, 1, 28), [Kind.OVERDUE, Kind.ESCALATION_LEAD, Kind.ESCALATION_CHAIR]),  # 28 days late
    ],
)
def test_it_reminds_and_escalates_on_the_days_the_schedule_says(today: date, expected: list[Kind]) -> None:
    assert kinds(today) == expected


def test_every_reminder_about_one_due_date_shares_its_period_so_it_goes_once() -> None:
    periods = {d.period for day in (date(2026, 12, 24), date(2026, 12, 30)) for d in
               action_reminders(ActionFacts(DUE, True), SCHEDULE, day)}
    assert periods == {"due:2026-12-31"}
    moved = action_reminders(ActionFacts(date(2027, 1, 5), True), SCHEDULE, date(2026, 12, 30))
    assert moved[0].period == "due:2027-01-05"  # a new due date is a new occurrence


def test_closed_actions_and_actions_with_no_date_are_not_chased() -> None:
    assert kinds(date(2027, 2, 1), is_open=False) == []
    assert kinds(date(2027, 2, 1), target=None) == []


def test_the_words_say_how_late_and_when_it_was_due() -> None:
    (overdue,) = action_reminders(ActionFacts(DUE, True), SCHEDULE, date(2027, 1, 2))
    assert overdue.reason == "Overdue by 2 days: it was due on 31 December 2026."


@pytest.mark.parametrize(
    ("board", "last_update", "expected"),
    [
        (date(2027, 1, 14), None, True),  # board in 14 days, never updated
        (date(2027, 1, 15), None, False),  # board in 15 days: too early to ask
        (date(2027, 1, 14), date(2026, 12, 30), True),  # updated before the window opened
        (date(2027, 1, 14), date(2027, 1, 1), False),  # updated inside the window
        (None, None, False),  # no board date known: the reminder is skipped
    ],
)
def test_an_update_is_asked_for_before_the_next_board(board: date | None, last_update: date | None,
                                                      expected: bool) -> None:
    facts = ActionFacts(date(2027, 6, 30), True, last_update=last_update, next_board=board)
    found = [d for d in action_reminders(facts, SCHEDULE, date(2026, 12, 31)) if d.kind is Kind.BOARD_UPDATE]
    assert bool(found) is expected
    if found:
        assert found[0].period == f"board:{board}"


def test_an_authority_can_set_its_own_days() -> None:
    mine = Schedule(due_soon_days=14, escalate_lead_after_days=7, escalate_chair_after_days=21)
    found = [d.kind for d in action_reminders(ActionFacts(DUE, True), mine, date(2027, 1, 7))]
    assert found == [Kind.OVERDUE, Kind.ESCALATION_LEAD]


@pytest.mark.parametrize(
    "kwargs",
    [{"escalate_lead_after_days": 30, "escalate_chair_after_days": 20}, {"due_soon_days": -1},
     {"digest_weekday": 7}],
)
def test_a_schedule_that_cannot_work_is_refused(kwargs: dict[str, int]) -> None:
    with pytest.raises(ScheduleError):
        Schedule(**kwargs)


def test_the_weekly_digest_goes_on_or_after_its_day_once_per_iso_week() -> None:
    assert digest_week(date(2026, 11, 23), 0) == "2026-W48"  # Monday
    assert digest_week(date(2026, 11, 29), 0) == "2026-W48"  # Sunday: same week
    assert digest_week(date(2026, 11, 24), 2) is None  # Tuesday, digest day Wednesday
    assert digest_week(date(2026, 11, 26), 2) == "2026-W48"
    assert digest_week(date(2027, 1, 1), 0) == "2026-W53"  # ISO years, not calendar years


@pytest.mark.parametrize(
    ("previous", "latest", "fell"),
    [
        (Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, True),
        (Grade.OUTSTANDING, Grade.INADEQUATE, True),
        (Grade.REQUIRES_IMPROVEMENT, Grade.GOOD, False),
        (Grade.GOOD, Grade.GOOD, False),
        (Grade.GOOD, Grade.UNGRADED, False),
        (Grade.IMPROVING, Grade.WORSENING, False),  # direction-only: not a grade on the ladder
    ],
)
def test_a_grade_falls_only_down_the_ofsted_ladder(previous: Grade, latest: Grade, fell: bool) -> None:
    assert grade_fell(previous, latest) is fell


def test_a_grade_fall_alert_names_both_periods() -> None:
    alert = grade_fall_alert([Figure("2026-09", 84, Grade.GOOD), Figure("2026-10", 77, Grade.REQUIRES_IMPROVEMENT)])
    assert alert is not None and alert.kind is Kind.ALERT_GRADE_FALL and alert.period == "2026-10"
    assert "from Good (2026-09) to Requires Improvement (2026-10)" in alert.reason
    assert grade_fall_alert([Figure("2026-10", 77, Grade.REQUIRES_IMPROVEMENT)]) is None


def test_a_figure_is_due_ten_working_days_after_its_month_ends() -> None:
    # November 2026 ends on Monday 30th; the tenth working day after is Monday 14 December.
    assert last_period_due("monthly", date(2026, 12, 14), 10).key == "2026-10"  # type: ignore[union-attr]
    assert last_period_due("monthly", date(2026, 12, 15), 10).key == "2026-11"  # type: ignore[union-attr]


def test_bank_holidays_do_not_count_towards_the_deadline() -> None:
    # December 2026: 1 January 2027 is a bank holiday, so the tenth working day is Friday 15 January.
    assert last_period_due("monthly", date(2027, 1, 15), 10).key == "2026-11"  # type: ignore[union-attr]
    assert last_period_due("monthly", date(2027, 1, 16), 10).key == "2026-12"  # type: ignore[union-attr]
    # A council closure day moves it on again.
    closed = [date(2027, 1, 4)]
    assert last_period_due("monthly", date(2027, 1, 16), 10, closed).key == "2026-11"  # type: ignore[union-attr]


def test_quarterly_and_annual_measures_are_due_after_their_quarter_or_year() -> None:
    assert last_period_due("quarterly", date(2026, 11, 24), 10).key == "2026-27-Q2"  # type: ignore[union-attr]
    assert last_period_due("annually", date(2026, 11, 24), 10).key == "2025-26"  # type: ignore[union-attr]
    assert last_period_due("fortnightly", date(2026, 11, 24), 10) is None


def test_a_missing_figure_is_alerted_once_the_deadline_has_passed() -> None:
    alert = missing_alert("monthly", [date(2026, 9, 30)], date(2026, 11, 24), 10)
    assert alert is not None and alert.kind is Kind.ALERT_DATA_MISSING and alert.period == "2026-10"
    assert "No figure for October 2026" in alert.reason and "13 November 2026" in alert.reason
    assert missing_alert("monthly", [date(2026, 10, 31)], date(2026, 11, 24), 10) is None


STEADY = [80.0, 82.0, 79.0, 81.0, 80.0, 83.0, 79.0, 81.0, 80.0, 82.0, 80.0, 81.0]


def figures(values: list[float]) -> list[Figure]:
    return [Figure(f"2026-{i + 1:02d}" if i < 12 else f"2027-{i - 11:02d}", v, Grade.GOOD)
            for i, v in enumerate(values)]


def test_a_special_cause_signal_of_concern_in_the_latest_figure_is_alerted() -> None:
    alert = signal_alert(figures([*STEADY, 60.0]), "higher", unit="%", period_word="month")
    assert alert is not None and alert.kind is Kind.ALERT_SIGNAL and alert.period == "2027-01"
    assert "below" in alert.reason.lower() or "lower" in alert.reason.lower()


def test_an_improvement_signal_or_ordinary_variation_is_not_alerted() -> None:
    assert signal_alert(figures([*STEADY, 99.0]), "higher", unit="%") is None  # better, not a concern
    assert signal_alert(figures([*STEADY, 80.0]), "higher", unit="%") is None
    assert signal_alert(figures([*STEADY, 60.0]), None, unit="%") is None  # no direction of good
    assert signal_alert(figures([80.0, 60.0]), "higher", unit="%") is None  # too few points for SPC

from datetime import date, timedelta

import pytest

from clearsight.engine.rag import Rag, Target, choose_target, rate_action

TODAY = date(2026, 11, 24)


def target(days_from_today: int) -> Target:
    return Target(TODAY + timedelta(days=days_from_today), "due date")


def test_an_override_wins_and_shows_its_reason() -> None:
    rating = rate_action(status="not_started", target=target(-10), today=TODAY, override="green",
                         override_reason="Agreed at board")
    assert rating.rag is Rag.GREEN and rating.overridden and "Agreed at board" in rating.reason


@pytest.mark.parametrize("status", ["completed", "withdrawn"])
def test_finished_actions_are_not_rated(status: str) -> None:
    assert rate_action(status=status, target=target(-100), today=TODAY).rag is Rag.DONE


def test_an_action_with_no_target_is_not_rated_and_says_why() -> None:
    rating = rate_action(status="in_progress", target=None, today=TODAY)
    assert rating.rag is Rag.NOT_RATED and "No due date" in rating.reason


def test_one_day_past_due_is_red_and_counts_the_days() -> None:
    rating = rate_action(status="in_progress", target=target(-1), today=TODAY)
    assert rating.rag is Rag.RED and rating.days_overdue == 1 and "Overdue by 1 day " in rating.reason


def test_due_today_is_not_overdue() -> None:
    assert rate_action(status="in_progress", target=target(0), today=TODAY).rag is Rag.GREEN


def test_blocked_is_red_even_when_not_yet_due() -> None:
    assert rate_action(status="blocked", target=target(90), today=TODAY).rag is Rag.RED


@pytest.mark.parametrize(("days", "rag"), [(30, Rag.AMBER), (31, Rag.GREEN), (0, Rag.AMBER)])
def test_not_started_and_due_within_the_window_is_amber(days: int, rag: Rag) -> None:
    assert rate_action(status="not_started", target=target(days), today=TODAY, soon_days=30).rag is rag


def test_in_progress_and_due_soon_is_green() -> None:
    assert rate_action(status="in_progress", target=target(5), today=TODAY).rag is Rag.GREEN


def test_the_due_date_is_preferred_then_sprint_end_then_review_date() -> None:
    d1, d2, d3 = date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1)
    assert choose_target(due=d1, sprint_end=d2, review=d3) == Target(d1, "due date")
    assert choose_target(due=None, sprint_end=d2, review=d3) == Target(d2, "sprint end")
    assert choose_target(due=None, sprint_end=None, review=d3) == Target(d3, "review date")
    assert choose_target(due=None, sprint_end=None, review=None) is None

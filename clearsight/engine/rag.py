"""Red / amber / green for an action, from a rule a person can read back.

The rule, in order:
1. A manual override wins, and its reason is shown.
2. Completed or withdrawn actions are not rated: they are done.
3. The target date is the (revised) due date; failing that, the end of the action's sprint;
   failing that, the review date. A month-precision date means the end of that month.
4. No target date: not rated, and the reason says so.
5. Past the target date: red ("overdue by N days").
6. Blocked: red.
7. Due within ``soon_days`` and not started: amber.
8. Otherwise green.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    DONE = "done"
    NOT_RATED = "not_rated"


LABELS = {
    Rag.RED: "Red",
    Rag.AMBER: "Amber",
    Rag.GREEN: "Green",
    Rag.DONE: "Done",
    Rag.NOT_RATED: "Not rated",
}


@dataclass(frozen=True)
class Target:
    """The date an action is measured against, and where it came from."""

    day: date
    source: str  # "due date", "sprint end", "review date"


@dataclass(frozen=True)
class RagRating:
    rag: Rag
    reason: str
    overridden: bool = False
    days_overdue: int = 0

    @property
    def label(self) -> str:
        return LABELS[self.rag]


def choose_target(
    *, due: date | None, sprint_end: date | None, review: date | None
) -> Target | None:
    if due is not None:
        return Target(due, "due date")
    if sprint_end is not None:
        return Target(sprint_end, "sprint end")
    if review is not None:
        return Target(review, "review date")
    return None


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def rate_action(
    *,
    status: str,
    target: Target | None,
    today: date,
    override: str = "",
    override_reason: str = "",
    soon_days: int = 30,
) -> RagRating:
    """Rate one action. ``status`` is an ActionStatus value."""
    if override:
        return RagRating(Rag(override), f"Set by hand: {override_reason}", overridden=True)
    if status in ("completed", "withdrawn"):
        return RagRating(Rag.DONE, "Completed" if status == "completed" else "Withdrawn")
    if target is None:
        return RagRating(Rag.NOT_RATED, "No due date, sprint dates or review date to measure against")
    left = (target.day - today).days
    if left < 0:
        return RagRating(
            Rag.RED, f"Overdue by {_days(-left)} ({target.source} {target.day:%d %b %Y})", days_overdue=-left
        )
    if status == "blocked":
        return RagRating(Rag.RED, "Blocked")
    if left <= soon_days and status == "not_started":
        return RagRating(Rag.AMBER, f"Not started and due in {_days(left)} ({target.source})")
    return RagRating(Rag.GREEN, f"On track: {target.source} in {_days(left)}")

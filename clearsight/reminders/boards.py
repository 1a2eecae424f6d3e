"""Where reminders meet governance: the next board meeting and the board chair.

``next_board_date`` is the one place "an update due before the next board" asks when the board
meets. Until an app records boards and meetings it answers None, and that reminder is skipped.
"""

from __future__ import annotations

from datetime import date
from typing import Any


def next_board_date(plan: Any, today: date) -> date | None:
    """The date of the plan's improvement board's next meeting on or after ``today``, or None.

    None means no meeting is known, and no "update due before the next board" reminders go out
    for this plan."""
    return None


def board_chairs(plan: Any) -> list[Any]:
    """The users who chair the plan's improvement board (escalation's last step).

    From the authority's reminder policy (``ReminderPolicy.board_chair``); empty if none is set,
    in which case chair escalations go to the performance leads, saying so."""
    from clearsight.reminders.models import ReminderPolicy

    policy = ReminderPolicy.objects.filter(authority_id=plan.authority_id).select_related("board_chair").first()
    if policy is not None and policy.board_chair is not None and policy.board_chair.is_active:
        return [policy.board_chair]
    return []

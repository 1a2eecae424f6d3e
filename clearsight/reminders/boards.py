"""Where reminders meet governance: the next board meeting and the board chair.

``next_board_date`` is the one place "an update due before the next board" asks when the board
meets: the next meeting of the authority's improvement board (``governance``). With no such
meeting it answers None, and that reminder is skipped for the plan.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from clearsight.governance.models import Board, BoardMember, Meeting
from clearsight.governance.selectors import boards_for_plan, meetings_for, members_of


def _improvement_boards(plan: Any) -> Any:
    return boards_for_plan(plan).filter(kind=Board.Kind.IMPROVEMENT, is_active=True)


def next_board_date(plan: Any, today: date) -> date | None:
    """The date of the next meeting, on or after ``today``, of the plan's improvement board, or None.

    Cancelled meetings do not count; a meeting set to review another of the authority's plans
    does not count either (one with no plan set counts for every plan). None means no meeting is
    known, and no "update due before the next board" reminders go out for this plan."""
    from django.db.models import Q

    meeting = (
        meetings_for(plan=plan, start=today)
        .filter(board__in=_improvement_boards(plan))
        .filter(Q(plan=plan) | Q(plan__isnull=True))
        .exclude(status=Meeting.Status.CANCELLED)
        .first()
    )
    return meeting.date if meeting is not None else None


def board_chairs(plan: Any) -> list[Any]:
    """The users who chair the plan's improvement board (escalation's last step).

    The chair (``BoardMember`` role Chair) of each active improvement board, where the person has
    a sign-in; failing that, the authority's reminder policy's board chair; else nobody, and
    chair escalations go to the performance leads, saying so."""
    from clearsight.reminders.models import ReminderPolicy

    chairs = []
    for board in _improvement_boards(plan):
        for member in members_of(board).filter(role=BoardMember.Role.CHAIR).select_related("person__user"):
            user = member.person.user
            if user is not None and user.is_active and user not in chairs:
                chairs.append(user)
    if chairs:
        return chairs
    policy = ReminderPolicy.objects.filter(authority_id=plan.authority_id).select_related("board_chair").first()
    if policy is not None and policy.board_chair is not None and policy.board_chair.is_active:
        return [policy.board_chair]
    return []

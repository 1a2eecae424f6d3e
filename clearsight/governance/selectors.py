"""Reads of boards, meetings and risks. Callers have already fetched the plan through
``plans.selectors.plan_get`` (which checks the user may read it); everything here is scoped to
that plan's authority, so another authority's board or risk is a 404."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from clearsight.governance.models import AgendaItem, Board, BoardMember, Decision, Meeting, Risk
from clearsight.plans.models import Action, Plan


def boards_for_plan(plan: Plan) -> QuerySet[Board]:
    """The boards of the plan's authority."""
    return Board.objects.filter(authority_id=plan.authority_id).order_by("-is_active", "name")


def board_get(plan: Plan, board_id: int) -> Board:
    board = Board.objects.filter(pk=board_id, authority_id=plan.authority_id).first()
    if board is None:
        raise Http404("No board here.")
    return board


def members_of(board: Board) -> QuerySet[BoardMember]:
    return board.members.select_related("person", "person__agency", "agency")


def meetings_for(*, board: Board | None = None, authority_id: int | None = None, plan: Plan | None = None,
                 start: date | None = None, end: date | None = None) -> QuerySet[Meeting]:
    """Meetings in date order, for a board, an authority or a plan's authority, optionally between
    ``start`` and ``end`` (inclusive)."""
    meetings = Meeting.objects.select_related("board", "plan")
    if board is not None:
        meetings = meetings.filter(board=board)
    if plan is not None:
        meetings = meetings.filter(board__authority_id=plan.authority_id)
    if authority_id is not None:
        meetings = meetings.filter(board__authority_id=authority_id)
    if start is not None:
        meetings = meetings.filter(date__gte=start)
    if end is not None:
        meetings = meetings.filter(date__lte=end)
    return meetings.order_by("date", "start_time", "board__name")


def meeting_get(plan: Plan, meeting_id: int) -> Meeting:
    meeting = meetings_for(plan=plan).filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404("No meeting here.")
    return meeting


def previous_meeting(board: Board, on: date) -> Meeting | None:
    """The board's last meeting before ``on`` that was not cancelled (what a pack compares with)."""
    return (
        board.meetings.filter(date__lt=on).exclude(status=Meeting.Status.CANCELLED)
        .order_by("-date", "-start_time").first()
    )


def next_meeting(board: Board, on: date) -> Meeting | None:
    """The board's next meeting on or after ``on`` that is not cancelled."""
    return (
        board.meetings.filter(date__gte=on).exclude(status=Meeting.Status.CANCELLED)
        .order_by("date", "start_time").first()
    )


def agenda_of(meeting: Meeting) -> QuerySet[AgendaItem]:
    return meeting.agenda_items.select_related("presenter").prefetch_related(
        "priorities", "measures", "risks",
        Prefetch("actions", queryset=Action.objects.select_related("priority")),
    )


def decisions_of(meeting: Meeting) -> QuerySet[Decision]:
    return meeting.decisions.select_related("owner", "action", "agenda_item")


def risks_for_plan(plan: Plan, *, include_closed: bool = False) -> QuerySet[Risk]:
    """The plan's risks and the authority's risks not tied to any plan (its departmental register)."""
    risks = (
        Risk.objects.filter(Q(plan=plan) | Q(plan__isnull=True, authority_id=plan.authority_id))
        .select_related("owner", "priority")
        .prefetch_related("assessments", "controls",
                          Prefetch("mitigating_actions", queryset=Action.objects.select_related("priority")))
    )
    if not include_closed:
        risks = risks.filter(status=Risk.Status.OPEN)
    return risks.order_by("ref")


def risk_get(plan: Plan, risk_id: int) -> Risk:
    risk = risks_for_plan(plan, include_closed=True).filter(pk=risk_id).first()
    if risk is None:
        raise Http404("No risk here.")
    return risk

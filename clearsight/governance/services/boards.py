"""Writes to boards and meetings. Each takes the acting user, checks
permission, and records an audit event in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from clearsight.audit.services import audit_record
from clearsight.governance import rules
from clearsight.governance.exceptions import GovernanceConflict, GovernanceError
from clearsight.governance.models import (
    AgendaItem,
    Board,
    BoardMember,
    Decision,
    Meeting,
)
from clearsight.governance.services.common import _iso, _same_authority, _snapshot
from clearsight.organisations.models import Authority, PartnerAgency, Person

# Boards and meetings -----------------------------------------------------------------------------

BOARD_FIELDS = ("name", "kind", "purpose", "frequency", "partner_facing", "is_active")


@transaction.atomic
def board_create(*, user: Any, authority: Authority, name: str, kind: str = Board.Kind.OTHER, purpose: str = "",
                 frequency: str = "", partner_facing: bool = True) -> Board:
    rules.require_manage(user, authority.pk)
    if not name.strip():
        raise GovernanceError("Enter the board's name.")
    if Board.objects.filter(authority=authority, name__iexact=name.strip()).exists():
        raise GovernanceError(f"{authority.name} already has a board called {name.strip()}.")
    board = Board.objects.create(authority=authority, name=name.strip(), kind=kind, purpose=purpose.strip(),
                                 frequency=frequency.strip(), partner_facing=partner_facing)
    audit_record(actor=user, verb="board.created", obj=board, authority=authority, after=_snapshot(board, BOARD_FIELDS))
    return board


@transaction.atomic
def board_member_add(*, user: Any, board: Board, person: Person, role: str = BoardMember.Role.MEMBER,
                     agency: PartnerAgency | None = None) -> BoardMember:
    rules.require_manage(user, board.authority_id)
    _same_authority(board.authority_id, person, agency)
    if board.members.filter(person=person).exists():
        raise GovernanceError(f"{person.name} is already a member of {board.name}.")
    member = BoardMember.objects.create(board=board, person=person, role=role, agency=agency or person.agency)
    audit_record(actor=user, verb="board.member_added", obj=board, authority=board.authority,
                 after={"person": person.name, "role": role, "agency": str(member.agency or "")})
    return member


MEETING_FIELDS = ("date", "start_time", "location", "status", "plan_id")


@transaction.atomic
def meeting_schedule(*, user: Any, board: Board, on: date, start_time: time | None = None, location: str = "",
                     plan: Any = None) -> Meeting:
    """Put a meeting of ``board`` in the calendar."""
    rules.require_manage(user, board.authority_id)
    _same_authority(board.authority_id, plan)
    meeting = Meeting.objects.create(board=board, date=on, start_time=start_time, location=location.strip(), plan=plan)
    audit_record(actor=user, verb="meeting.scheduled", obj=meeting, authority=board.authority,
                 after=_snapshot(meeting, MEETING_FIELDS))
    return meeting


@transaction.atomic
def meeting_minutes_record(*, user: Any, meeting: Meeting, minutes: str, expected_version: int,
                           status: str = Meeting.Status.HELD) -> Meeting:
    """Record (or correct) a meeting's minutes; by default this also marks the meeting as held."""
    rules.require_manage(user, meeting.board.authority_id)
    if not minutes.strip():
        raise GovernanceError("Enter the minutes.")
    before = _snapshot(meeting, ("minutes", "status", "version"))
    updated = Meeting.objects.filter(pk=meeting.pk, version=expected_version).update(
        minutes=minutes.strip(), status=status, minutes_recorded_by=user, minutes_recorded_at=timezone.now(),
        version=F("version") + 1,
    )
    if updated != 1:
        raise GovernanceConflict("The minutes of this meeting")
    meeting.refresh_from_db()
    audit_record(actor=user, verb="meeting.minutes_recorded", obj=meeting, authority=meeting.board.authority,
                 before=before, after=_snapshot(meeting, ("minutes", "status", "version")))
    return meeting


@transaction.atomic
def meeting_status_set(*, user: Any, meeting: Meeting, status: str) -> Meeting:
    rules.require_manage(user, meeting.board.authority_id)
    before = {"status": meeting.status}
    meeting.status = status
    meeting.save(update_fields=["status"])
    audit_record(actor=user, verb="meeting.status_changed", obj=meeting, authority=meeting.board.authority,
                 before=before, after={"status": status})
    return meeting


@transaction.atomic
def agenda_item_add(*, user: Any, meeting: Meeting, title: str, purpose: str = AgendaItem.Purpose.DISCUSSION,
                    presenter: Person | None = None, notes: str = "", priorities: Iterable[Any] = (),
                    actions: Iterable[Any] = (), measures: Iterable[Any] = (), risks: Iterable[Any] = ()
                    ) -> AgendaItem:
    """Add an item to the end of the agenda, linked to the priorities, actions, measures and risks
    it is about."""
    authority_id = meeting.board.authority_id
    rules.require_manage(user, authority_id)
    if not title.strip():
        raise GovernanceError("Enter the agenda item's title.")
    priorities, actions, measures, risks = list(priorities), list(actions), list(measures), list(risks)
    _same_authority(authority_id, presenter, *priorities, *actions, *measures, *risks)
    last = meeting.agenda_items.aggregate(Max("order"))["order__max"] or 0
    item = AgendaItem.objects.create(meeting=meeting, order=last + 1, title=title.strip(), purpose=purpose,
                                     presenter=presenter, notes=notes.strip())
    item.priorities.set(priorities)
    item.actions.set(actions)
    item.measures.set(measures)
    item.risks.set(risks)
    audit_record(actor=user, verb="agenda.item_added", obj=meeting, authority=meeting.board.authority,
                 after={"order": item.order, "title": item.title, "purpose": purpose,
                        "priorities": [p.code for p in priorities], "actions": [a.ref for a in actions],
                        "measures": [m.pk for m in measures], "risks": [r.ref for r in risks]})
    return item


@transaction.atomic
def decision_record(*, user: Any, meeting: Meeting, text: str, agenda_item: AgendaItem | None = None,
                    owner: Person | None = None, due_date: date | None = None, priority: Any = None,
                    ref: str = "") -> Decision:
    """Record a board decision. With a ``priority`` it also becomes an action in that priority's
    plan, led by ``owner`` and due on ``due_date`` (through the plan services, so it is audited
    there too and appears in the owner's "My actions")."""
    from clearsight.plans.services import action_create

    authority_id = meeting.board.authority_id
    rules.require_manage(user, authority_id)
    if not text.strip():
        raise GovernanceError("Enter the decision.")
    _same_authority(authority_id, owner, priority)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise GovernanceError("That agenda item belongs to another meeting.")
    action = None
    if priority is not None:
        if owner is None or due_date is None:
            raise GovernanceError("A decision that becomes an action needs an owner and a due date.")
        action = action_create(
            user=user, priority=priority, text=text.strip(), ref=ref.strip(), lead=owner, due=due_date,
            note=f"Decided by {meeting.board.name} on {meeting.date:%-d %B %Y}",
        )
    decision = Decision.objects.create(meeting=meeting, agenda_item=agenda_item, text=text.strip(), owner=owner,
                                       due_date=due_date, action=action, recorded_by=user)
    audit_record(actor=user, verb="meeting.decision_recorded", obj=meeting, authority=meeting.board.authority,
                 after={"decision": decision.text, "owner": owner.name if owner else None,
                        "due": _iso(due_date), "action": action.ref if action else None})
    return decision

"""Writes to the plan. Each takes the acting user, checks permission, locks optimistically and
records an audit event in the same transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from clearsight.audit.services import audit_record
from clearsight.engine.plandates import DateKind, read_plan_date, sprint_dates
from clearsight.organisations.roles import Permission
from clearsight.organisations.selectors import require
from clearsight.plans import rules
from clearsight.plans.changes import plan_changed
from clearsight.plans.exceptions import DueDateError, EditConflict, PlanError, SprintError
from clearsight.plans.models import Action, ActionUpdate, DueDateChange, Sprint, SprintCarryOver

AUDITED_ACTION_FIELDS = (
    "ref", "text", "lead_text", "due_text", "due_date", "original_due_text", "review_text",
    "status", "rag_override", "rag_override_reason", "sprint_id", "carried_over", "version",
)


def action_snapshot(action: Action) -> dict[str, Any]:
    """The audited fields of an action as JSON-ready values."""
    snapshot: dict[str, Any] = {}
    for name in AUDITED_ACTION_FIELDS:
        value = getattr(action, name)
        snapshot[name] = value.isoformat() if isinstance(value, date) else value
    return snapshot


def _claim_version(action: Action, expected_version: int, **changes: Any) -> Action:
    """Write ``changes`` only if nobody saved the action since ``expected_version`` was read."""
    updated = Action.objects.filter(pk=action.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    if updated != 1:
        raise EditConflict(f"Action {action.ref}")
    plan_changed([action.plan_id])  # a queryset update sends no signal
    action.refresh_from_db()
    return action


@transaction.atomic
def action_update_add(
    *,
    user: Any,
    action: Action,
    commentary: str,
    on: date,
    expected_version: int,
    status: str = "",
    evidence_url: str = "",
) -> ActionUpdate:
    """Add a dated progress update, optionally changing the action's status."""
    rules.require_can_update(user, action)
    before = action_snapshot(action)
    changes: dict[str, Any] = {}
    new_status = status or action.status
    if new_status != action.status:
        changes["status"] = new_status
    action = _claim_version(action, expected_version, **changes)
    update = ActionUpdate.objects.create(
        action=action,
        on=on,
        author=user,
        author_name=user.display_name,
        commentary=commentary,
        status_from=before["status"] if changes else "",
        status_to=new_status if changes else "",
        evidence_url=evidence_url,
    )
    audit_record(
        actor=user, verb="action.update_added", obj=action, authority=action.plan.authority,
        before=before, after=action_snapshot(action), note=commentary[:500],
    )
    return update


@transaction.atomic
def action_due_date_change(
    *, user: Any, action: Action, new_due_text: str, reason: str, on: date, expected_version: int
) -> DueDateChange:
    """Move an action's due date, keeping the original and the reason it moved."""
    require(user, action.plan.authority_id, Permission.EDIT_PLAN)
    if not reason.strip():
        raise DueDateError("Say why the due date is changing.")
    parsed = read_plan_date(new_due_text)
    if parsed.kind not in (DateKind.DAY, DateKind.MONTH, DateKind.SPRINT, DateKind.ONGOING):
        raise DueDateError(
            f"'{new_due_text}' is not a due date. Enter a date like 31/10/2026, a month like "
            "October 2026, a sprint like Sprint 3, or Ongoing."
        )
    before = action_snapshot(action)
    changes: dict[str, Any] = {
        "due_text": new_due_text.strip(),
        "due_kind": parsed.kind.value,
        "due_date": parsed.value,
    }
    if not action.original_due_text:
        changes["original_due_text"] = action.due_text
    if parsed.kind is DateKind.SPRINT:
        changes["sprint"] = Sprint.objects.get_or_create(plan=action.plan, number=parsed.sprint)[0]
    action = _claim_version(action, expected_version, **changes)
    change = DueDateChange.objects.create(
        action=action, from_text=before["due_text"], to_text=action.due_text, reason=reason.strip(),
        on=on, by=user, by_name=user.display_name,
    )
    audit_record(
        actor=user, verb="action.due_date_changed", obj=action, authority=action.plan.authority,
        before=before, after=action_snapshot(action), note=reason,
    )
    return change


@transaction.atomic
def action_rag_override_set(
    *, user: Any, action: Action, rag: str, reason: str, expected_version: int
) -> Action:
    """Override the RAG rating by hand (with a reason), or clear the override with rag=''."""
    require(user, action.plan.authority_id, Permission.EDIT_PLAN)
    if rag and not reason.strip():
        raise DueDateError("Say why you are overriding the RAG rating.")
    before = action_snapshot(action)
    action = _claim_version(
        action, expected_version, rag_override=rag, rag_override_reason=reason.strip() if rag else ""
    )
    audit_record(
        actor=user, verb="action.rag_overridden" if rag else "action.rag_override_cleared", obj=action,
        authority=action.plan.authority, before=before, after=action_snapshot(action), note=reason,
    )
    return action


@transaction.atomic
def sprint_start_set(*, user: Any, sprint: Sprint, start: date) -> Sprint:
    """Set when a sprint starts; later sprints follow on every 12 weeks if they have no date."""
    require(user, sprint.plan.authority_id, Permission.MANAGE_SPRINTS)
    before = {"start_date": sprint.start_date.isoformat() if sprint.start_date else None}
    sprint.start_date = start
    sprint.save(update_fields=["start_date"])
    for later in sprint.plan.sprints.filter(number__gt=sprint.number, start_date__isnull=True):
        later.start_date = sprint_dates(start, later.number - sprint.number + 1, sprint.weeks)[0]
        later.save(update_fields=["start_date"])
    audit_record(
        actor=user, verb="sprint.start_set", obj=sprint, authority=sprint.plan.authority,
        before=before, after={"start_date": start.isoformat()},
    )
    return sprint


@transaction.atomic
def sprint_close(*, user: Any, sprint: Sprint) -> tuple[Sprint, list[Action]]:
    """Close a sprint: every action in it that is not done moves to the next sprint.

    Each carried action keeps the sprint it was planned in, counts one more carry-over and
    gets a carry-over record. Returns the next sprint and the actions carried.
    """
    require(user, sprint.plan.authority_id, Permission.MANAGE_SPRINTS)
    sprint = Sprint.objects.select_for_update().get(pk=sprint.pk)
    if sprint.is_closed:
        raise SprintError(f"Sprint {sprint.number} is already closed.")
    next_sprint, _ = Sprint.objects.get_or_create(
        plan=sprint.plan, number=sprint.number + 1,
        defaults={
            "weeks": sprint.weeks,
            "start_date": sprint_dates(sprint.start_date, 2, sprint.weeks)[0] if sprint.start_date else None,
        },
    )
    carried = list(
        sprint.actions.exclude(status__in=["completed", "withdrawn"]).select_for_update().order_by("order")
    )
    for action in carried:
        before = action_snapshot(action)
        changes: dict[str, Any] = {"sprint": next_sprint, "carried_over": action.carried_over + 1}
        if action.due_kind == DateKind.SPRINT.value:
            changes["due_text"] = f"Sprint {next_sprint.number}"
            if not action.original_due_text:
                changes["original_due_text"] = action.due_text
        if action.planned_sprint_id is None:
            changes["planned_sprint"] = sprint
        action = _claim_version(action, action.version, **changes)
        SprintCarryOver.objects.create(action=action, from_sprint=sprint, to_sprint=next_sprint)
        audit_record(
            actor=user, verb="action.carried_over", obj=action, authority=sprint.plan.authority,
            before=before, after=action_snapshot(action),
            note=f"Sprint {sprint.number} closed; carried to Sprint {next_sprint.number}",
        )
    sprint.closed_at = timezone.now()
    sprint.closed_by = user
    sprint.save(update_fields=["closed_at", "closed_by"])
    audit_record(
        actor=user, verb="sprint.closed", obj=sprint, authority=sprint.plan.authority,
        after={"carried": [a.ref for a in carried], "next_sprint": next_sprint.number},
    )
    return next_sprint, carried


@transaction.atomic
def action_create(
    *, user: Any, priority: Any, text: str, lead: Any, due: date, ref: str = "", note: str = ""
) -> Action:
    """Add an action to a priority (e.g. a board decision), led by one person and due on a day.

    Without a ``ref`` it gets the next free one under the priority's code (``1.1.18``).
    """
    from clearsight.plans.models import ActionLead

    plan = priority.plan
    require(user, plan.authority_id, Permission.EDIT_PLAN)
    if not text.strip():
        raise PlanError("Enter what the action is.")
    if lead is not None and lead.authority_id != plan.authority_id:
        raise PlanError("The action's lead must be someone in this authority.")
    last_order = max((a.order for a in plan.actions.filter(priority=priority)), default=0)
    if ref.strip():
        ref = ref.strip()
        if plan.actions.filter(ref=ref).exists():
            raise PlanError(f"This plan already has an action {ref}.")
    else:
        number = priority.actions.count() + 1
        while plan.actions.filter(ref=f"{priority.code}.{number}").exists():
            number += 1
        ref = f"{priority.code}.{number}"
    action = Action.objects.create(
        plan=plan, priority=priority, order=last_order + 1, ref=ref, text=text.strip(),
        lead_text=str(lead) if lead else "", due_text=f"{due:%d/%m/%Y}", due_kind=DateKind.DAY.value, due_date=due,
    )
    if lead is not None:
        ActionLead.objects.create(action=action, order=1, person=lead, role=lead.job_title)
    audit_record(actor=user, verb="action.created", obj=action, authority=plan.authority,
                 after=action_snapshot(action), note=note)
    return action

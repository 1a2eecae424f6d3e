"""Reads of plans, scoped to what the user may see. Another authority's plan is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from clearsight.organisations.roles import Permission
from clearsight.organisations.selectors import can, memberships_for
from clearsight.plans.models import Action, ActionLead, InspectionRecommendation, Plan, Priority, Sprint


def plans_for_user(user: Any) -> QuerySet[Plan]:
    authority_ids = [m.authority_id for m in memberships_for(user) if m.allows(Permission.VIEW_PLAN)]
    return (
        Plan.objects.filter(authority_id__in=authority_ids)
        .select_related("authority")
        .annotate(action_count=Count("actions", distinct=True))
        .order_by("authority__name", "-created_at")
    )


def plan_get(user: Any, plan_id: int) -> Plan:
    plan = Plan.objects.select_related("authority").filter(pk=plan_id).first()
    if plan is None or not can(user, plan.authority_id, Permission.VIEW_PLAN):
        raise Http404("No plan here, or you do not have access to it.")
    return plan


def _with_leads(queryset: QuerySet[Action]) -> QuerySet[Action]:
    return queryset.select_related("priority", "sprint", "success_criterion", "plan").prefetch_related(
        Prefetch("leads", queryset=ActionLead.objects.select_related("person", "agency"))
    )


def plan_actions(plan: Plan) -> QuerySet[Action]:
    return _with_leads(plan.actions.all()).annotate(update_count=Count("updates"))


def priorities_of(plan: Plan) -> QuerySet[Priority]:
    return plan.priorities.all()


def priority_get(plan: Plan, code: str) -> Priority:
    priority = (
        plan.priorities.prefetch_related("ambitions", "success_criteria", "evidence_sources")
        .filter(code=code)
        .first()
    )
    if priority is None:
        raise Http404("This plan has no priority with that code.")
    return priority


def action_get(plan: Plan, ref: str) -> Action:
    action = _with_leads(plan.actions.filter(ref=ref)).first()
    if action is None:
        raise Http404("This plan has no action with that ref.")
    return action


def sprints_of(plan: Plan) -> QuerySet[Sprint]:
    return plan.sprints.all()


def recommendations_of(plan: Plan) -> QuerySet[InspectionRecommendation]:
    return plan.recommendations.prefetch_related(
        Prefetch("actions", queryset=Action.objects.select_related("priority").order_by("priority__order", "order"))
    )


def sprint_get(plan: Plan, number: int) -> Sprint:
    sprint = plan.sprints.filter(number=number).first()
    if sprint is None:
        raise Http404("This plan has no sprint with that number.")
    return sprint


def my_actions(user: Any) -> list[tuple[Plan, list[Action]]]:
    """For each plan the user can see, the actions they lead as a person, by role or agency."""
    from clearsight.plans.rules import lead_identity

    result = []
    for plan in plans_for_user(user).filter(status=Plan.Status.ACTIVE):
        identity = lead_identity(user, plan.authority_id)
        if identity.is_empty:
            continue
        mine = [a for a in plan_actions(plan) if identity.leads(a)]
        if mine:
            result.append((plan, mine))
    return result

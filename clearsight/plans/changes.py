"""Keeping each plan's ``PlanVersion`` token current, so cached plan pages are rebuilt on any change.

Receivers on every model a plan page shows replace the token of the plan(s) the saved or deleted
row belongs to, inside the same transaction. Signals rather than calls in each service, because a
plan is written from many places (plan services, the API, governance decisions, the admin). Bulk
writes send no signals: the one service that makes them (the plan import) calls ``plan_changed``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from clearsight.organisations.models import PartnerAgency, Person
from clearsight.plans import models as m


def plan_changed(plan_ids: Iterable[int]) -> None:
    """Replace the tokens of these plans (call it inside the transaction that changes them)."""
    ids = list(set(plan_ids))
    if ids:
        m.PlanVersion.objects.filter(plan_id__in=ids).update(token=uuid.uuid4().hex)


def plan_token(plan_id: int) -> str | None:
    """The plan's current token, or None if it has none yet (then nothing is cached)."""
    return m.PlanVersion.objects.filter(plan_id=plan_id).values_list("token", flat=True).first()


def _plans_of(instance: Any) -> list[int]:
    if isinstance(instance, (Person, PartnerAgency)):
        return list(m.Plan.objects.filter(authority_id=instance.authority_id).values_list("pk", flat=True))
    if isinstance(instance, (m.Ambition, m.SuccessCriterion, m.EvidenceSource)):
        return list(m.Priority.objects.filter(pk=instance.priority_id).values_list("plan_id", flat=True))
    if isinstance(instance, (m.ActionLead, m.ActionUpdate, m.DueDateChange, m.SprintCarryOver)):
        return list(m.Action.objects.filter(pk=instance.action_id).values_list("plan_id", flat=True))
    return [instance.plan_id]


def _saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading fixtures or a restore: the tokens come with the data
        return
    if isinstance(instance, m.Plan):
        m.PlanVersion.objects.update_or_create(plan=instance, defaults={"token": uuid.uuid4().hex})
        return
    plan_changed(_plans_of(instance))


def _deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not isinstance(instance, m.Plan):  # a deleted plan's token goes with it
        plan_changed(_plans_of(instance))


def _links_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_"):
        plan_changed([instance.plan_id])


WATCHED = (
    m.Plan, m.Principle, m.Priority, m.Ambition, m.SuccessCriterion, m.EvidenceSource, m.Sprint, m.Action,
    m.ActionLead, m.ActionUpdate, m.DueDateChange, m.SprintCarryOver, m.InspectionRecommendation,
    Person, PartnerAgency,
)


def connect() -> None:
    """Called once from ``PlansConfig.ready``."""
    for model in WATCHED:
        post_save.connect(_saved, sender=model, dispatch_uid=f"plan-changed-save-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"plan-changed-delete-{model.__name__}")
    m2m_changed.connect(_links_changed, sender=m.InspectionRecommendation.actions.through,
                        dispatch_uid="plan-changed-recommendation-actions")

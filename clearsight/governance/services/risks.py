"""Writes to the risk register. Each takes the acting user, checks
permission, and records an audit event in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from clearsight.audit.services import audit_record
from clearsight.engine.risk import RiskScore, RiskScoreError
from clearsight.governance import rules
from clearsight.governance.exceptions import GovernanceConflict, GovernanceError
from clearsight.governance.models import (
    Risk,
    RiskAssessment,
    RiskControl,
)
from clearsight.governance.services.common import _same_authority, _snapshot
from clearsight.organisations.models import Authority, Person

# Risks --------------------------------------------------------------------------------------------

RISK_FIELDS = (
    "ref", "title", "cause", "event", "effect", "owner_id", "priority_id", "inherent_likelihood", "inherent_impact",
    "residual_likelihood", "residual_impact", "review_date", "status", "version",
)


def _scores(inherent: tuple[int, int], residual: tuple[int, int]) -> None:
    try:
        RiskScore(*inherent)
        RiskScore(*residual)
    except RiskScoreError as error:
        raise GovernanceError(str(error)) from None


@transaction.atomic
def risk_create(*, user: Any, authority: Authority, ref: str, title: str, cause: str, event: str, effect: str,
                inherent: tuple[int, int], residual: tuple[int, int], on: date, plan: Any = None,
                owner: Person | None = None, priority: Any = None, review_date: date | None = None) -> Risk:
    """Add a risk to the register, scored (likelihood, impact) before and after its controls.
    The first score is also the first entry in its history."""
    rules.require_manage(user, authority.pk)
    missing = [name for name, value in (("reference", ref), ("title", title), ("cause", cause), ("event", event),
                                         ("effect", effect)) if not value.strip()]
    if missing:
        raise GovernanceError("Enter the risk's " + ", ".join(missing) + ".")
    _scores(inherent, residual)
    _same_authority(authority.pk, plan, owner, priority)
    if Risk.objects.filter(authority=authority, ref__iexact=ref.strip()).exists():
        raise GovernanceError(f"The register already has a risk {ref.strip()}.")
    risk = Risk.objects.create(
        authority=authority, plan=plan, ref=ref.strip(), title=title.strip(), cause=cause.strip(), event=event.strip(),
        effect=effect.strip(), owner=owner, priority=priority, review_date=review_date,
        inherent_likelihood=inherent[0], inherent_impact=inherent[1],
        residual_likelihood=residual[0], residual_impact=residual[1],
    )
    RiskAssessment.objects.create(
        risk=risk, on=on, inherent_likelihood=inherent[0], inherent_impact=inherent[1],
        residual_likelihood=residual[0], residual_impact=residual[1], note="First assessment",
        assessed_by=user if getattr(user, "is_authenticated", False) else None,
        assessed_by_name=getattr(user, "display_name", str(user or "System")),
    )
    audit_record(actor=user, verb="risk.created", obj=risk, authority=authority, after=_snapshot(risk, RISK_FIELDS))
    return risk


@transaction.atomic
def risk_assess(*, user: Any, risk: Risk, inherent: tuple[int, int], residual: tuple[int, int], on: date,
                expected_version: int, note: str = "", review_date: date | None = None) -> RiskAssessment:
    """Score a risk again. The new score becomes current and joins its history (the trend)."""
    rules.require_manage(user, risk.authority_id)
    _scores(inherent, residual)
    before = _snapshot(risk, RISK_FIELDS)
    changes: dict[str, Any] = {
        "inherent_likelihood": inherent[0], "inherent_impact": inherent[1],
        "residual_likelihood": residual[0], "residual_impact": residual[1],
    }
    if review_date is not None:
        changes["review_date"] = review_date
    updated = Risk.objects.filter(pk=risk.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    if updated != 1:
        raise GovernanceConflict(f"Risk {risk.ref}")
    risk.refresh_from_db()
    assessment = RiskAssessment.objects.create(
        risk=risk, on=on, inherent_likelihood=inherent[0], inherent_impact=inherent[1],
        residual_likelihood=residual[0], residual_impact=residual[1], note=note.strip(),
        assessed_by=user, assessed_by_name=user.display_name,
    )
    audit_record(actor=user, verb="risk.assessed", obj=risk, authority=risk.authority, before=before,
                 after=_snapshot(risk, RISK_FIELDS), note=note[:500])
    return assessment


@transaction.atomic
def risk_control_add(*, user: Any, risk: Risk, text: str,
                     effectiveness: str = RiskControl.Effectiveness.NOT_KNOWN) -> RiskControl:
    rules.require_manage(user, risk.authority_id)
    if not text.strip():
        raise GovernanceError("Describe the control.")
    last = risk.controls.aggregate(Max("order"))["order__max"] or 0
    control = RiskControl.objects.create(risk=risk, order=last + 1, text=text.strip(), effectiveness=effectiveness)
    audit_record(actor=user, verb="risk.control_added", obj=risk, authority=risk.authority,
                 after={"control": control.text, "effectiveness": effectiveness})
    return control


@transaction.atomic
def risk_actions_link(*, user: Any, risk: Risk, actions: Iterable[Any]) -> Risk:
    """Set the plan actions that mitigate the risk (replacing the previous links)."""
    rules.require_manage(user, risk.authority_id)
    actions = list(actions)
    _same_authority(risk.authority_id, *actions)
    before = sorted(a.ref for a in risk.mitigating_actions.all())
    risk.mitigating_actions.set(actions)
    audit_record(actor=user, verb="risk.actions_linked", obj=risk, authority=risk.authority,
                 before={"actions": before}, after={"actions": sorted(a.ref for a in actions)})
    return risk


@transaction.atomic
def risk_close(*, user: Any, risk: Risk, reason: str) -> Risk:
    rules.require_manage(user, risk.authority_id)
    if not reason.strip():
        raise GovernanceError("Say why the risk is being closed.")
    risk.status = Risk.Status.CLOSED
    risk.save(update_fields=["status", "updated_at"])
    audit_record(actor=user, verb="risk.closed", obj=risk, authority=risk.authority,
                 before={"status": "open"}, after={"status": "closed"}, note=reason)
    return risk

"""Who may do what to a plan's actions. Views, services and selectors all ask here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from clearsight.organisations.roles import Permission
from clearsight.organisations.selectors import membership_in
from clearsight.plans.models import Action, ActionLead


def normalise_role(text: str) -> str:
    """'Head of Quality, Performance & Improvement' and '… and Improvement' are the same role."""
    return " ".join(text.replace("&", " and ").replace(",", " ").lower().split())


@dataclass(frozen=True)
class LeadIdentity:
    """The ways a user can be named as an action's lead in one authority."""

    person_ids: frozenset[int]
    roles: frozenset[str]
    agency_ids: frozenset[int]

    def leads(self, action: Action) -> bool:
        return any(self.names(lead) for lead in action.leads.all())  # prefetched by the selectors

    def names(self, lead: ActionLead) -> bool:
        """Whether this one lead of an action is the user (reminders ask lead by lead)."""
        if lead.person_id in self.person_ids or lead.agency_id in self.agency_ids:
            return True
        if lead.role and normalise_role(lead.role) in self.roles:
            return True
        return bool(lead.person_id and lead.person and normalise_role(lead.person.job_title) in self.roles)

    @property
    def is_empty(self) -> bool:
        return not (self.person_ids or self.roles or self.agency_ids)


def lead_identity(user: Any, authority_id: int) -> LeadIdentity:
    membership = membership_in(user, authority_id)
    if membership is None:
        return LeadIdentity(frozenset(), frozenset(), frozenset())
    people = list(user.people.filter(authority_id=authority_id))
    agencies = {p.agency_id for p in people if p.agency_id}
    if membership.agency_id:
        agencies.add(membership.agency_id)
    return LeadIdentity(
        person_ids=frozenset(p.pk for p in people),
        roles=frozenset(normalise_role(p.job_title) for p in people if p.job_title),
        agency_ids=frozenset(agencies),
    )


def can_update(user: Any, action: Action) -> bool:
    membership = membership_in(user, action.plan.authority_id)
    if membership is None:
        return False
    if membership.allows(Permission.UPDATE_ANY_ACTION):
        return True
    return membership.allows(Permission.UPDATE_ACTION) and lead_identity(user, action.plan.authority_id).leads(
        action
    )


def require_can_update(user: Any, action: Action) -> None:
    if not can_update(user, action):
        raise PermissionDenied("Only the action's leads, managers and the performance team can update it.")

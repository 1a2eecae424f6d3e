"""Who may do what in governance. Everyone who may read the plan may read its boards, meetings
and risk register; the performance team (lead, administrator) runs them; case audits name
children (by pseudonym), so only those who carry out audits read them."""

from __future__ import annotations

from typing import Any

from clearsight.organisations.roles import Permission
from clearsight.organisations.selectors import can, require


def can_manage(user: Any, authority_id: int) -> bool:
    return can(user, authority_id, Permission.MANAGE_GOVERNANCE)


def require_manage(user: Any, authority_id: int) -> None:
    require(user, authority_id, Permission.MANAGE_GOVERNANCE)


def can_read(user: Any, authority_id: int) -> bool:
    return can(user, authority_id, Permission.VIEW_PLAN)


def can_audit(user: Any, authority_id: int) -> bool:
    return can(user, authority_id, Permission.CONDUCT_AUDIT)


def require_audit(user: Any, authority_id: int) -> None:
    require(user, authority_id, Permission.CONDUCT_AUDIT)


def require_self_evaluation(user: Any, authority_id: int) -> None:
    """The self-evaluation draft holds provisional figures and live audit results: council staff
    who see provisional figures may read it; board members and partners may not."""
    require(user, authority_id, Permission.VIEW_PROVISIONAL)

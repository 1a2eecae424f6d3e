"""Reads about organisations and who may do what."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from clearsight.organisations.models import Authority, Membership, OrgUnit, Person, User


def memberships_for(user: Any) -> list[Membership]:
    """The user's roles, one per authority (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached: list[Membership] | None = getattr(user, "_cs_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user).select_related("authority", "org_unit", "agency")
        )
        user._cs_memberships = cached
    return cached


def membership_in(user: Any, authority: Authority | int) -> Membership | None:
    authority_id = authority if isinstance(authority, int) else authority.pk
    for membership in memberships_for(user):
        if membership.authority_id == authority_id:
            return membership
    return None


def authorities_for(user: Any) -> QuerySet[Authority]:
    return Authority.objects.filter(memberships__user=user).order_by("name")


def require(user: Any, authority: Authority | int, permission: str) -> Membership:
    """The user's membership if it grants ``permission`` in ``authority``; else PermissionDenied.

    Users with no role in the authority are told nothing about it (the views turn this into a
    404 where an object's existence itself would leak).
    """
    membership = membership_in(user, authority)
    if membership is None or not membership.allows(permission):
        raise PermissionDenied("You do not have permission to do that.")
    return membership


def can(user: Any, authority: Authority | int, permission: str) -> bool:
    membership = membership_in(user, authority)
    return membership is not None and membership.allows(permission)


def people_for_user(user: User) -> QuerySet[Person]:
    """The Person records linked to this user (one per authority they are named in)."""
    return Person.objects.filter(user=user).select_related("agency", "authority")


def authority_by_code(code: str) -> Authority | None:
    """Find an authority by its ONS code (E08000014) or DfE number (343)."""
    code = code.strip()
    return Authority.objects.filter(ons_code__iexact=code).first() or Authority.objects.filter(dfe_number=code).first()


def authority_get(user: Any, authority_id: int) -> Authority:
    """An authority the user has a role in; any other is a 404 (its existence is not confirmed)."""
    from django.http import Http404

    membership = membership_in(user, authority_id)
    if membership is None:
        raise Http404("No authority here, or you have no role in it.")
    return membership.authority


def org_units_of(authority: Authority) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(authority=authority).select_related("parent").order_by("kind", "name", "pk")

"""Reads of API tokens, scoped to the authorities the administrator administers."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from clearsight.api.models import ApiToken
from clearsight.organisations.models import Authority
from clearsight.organisations.roles import Permission
from clearsight.organisations.selectors import memberships_for


def token_authorities(user: Any) -> list[Authority]:
    """The authorities in which ``user`` may issue and revoke tokens."""
    return [m.authority for m in memberships_for(user) if m.allows(Permission.MANAGE_API_TOKENS)]


def tokens_for_admin(user: Any) -> QuerySet[ApiToken]:
    ids = [a.pk for a in token_authorities(user)]
    return ApiToken.objects.filter(authority_id__in=ids).select_related("user", "authority")


def token_get_for_admin(user: Any, token_id: int) -> ApiToken | None:
    return tokens_for_admin(user).filter(pk=token_id).first()

"""Issuing, revoking and checking personal API tokens. Each write is audited in its transaction.

A token is ``cs_`` followed by 43 random URL-safe characters (256 bits). Only its SHA-256 hash is
stored: with that much randomness a fast hash is safe, and it lets each request find its token
with one indexed look-up.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from clearsight.api.exceptions import TokenError
from clearsight.api.models import ApiToken
from clearsight.audit.services import audit_record
from clearsight.organisations.models import Authority, User
from clearsight.organisations.roles import Permission
from clearsight.organisations.selectors import membership_in, require

TOKEN_PREFIX = "cs_"
MAX_DAYS = 366
# Writing "last used" on every call would turn each read into a write; once a minute is enough.
LAST_USED_EVERY = timedelta(minutes=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once, never stored


def _snapshot(token: ApiToken) -> dict[str, Any]:
    return {
        "holder": token.user.email,
        "name": token.name,
        "prefix": token.prefix,
        "expires_at": token.expires_at.isoformat(),
        "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
    }


@transaction.atomic
def api_token_issue(
    *, user: Any, holder: User, authority: Authority, name: str, days: int | None = None
) -> IssuedToken:
    """Issue a token to ``holder`` (who must have a role in ``authority``), valid for ``days``.

    ``user`` is the administrator, or None for the command line (run by the server's operator,
    audited as the system)."""
    if user is not None:
        require(user, authority.pk, Permission.MANAGE_API_TOKENS)
    if not name.strip():
        raise TokenError("Say what the token is for, e.g. 'Nightly warehouse feed'.")
    days = settings.CLEARSIGHT_API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= MAX_DAYS:
        raise TokenError(f"A token lasts between 1 and {MAX_DAYS} days.")
    if not holder.is_active:
        raise TokenError(f"{holder.email} cannot sign in, so cannot hold a token.")
    if membership_in(holder, authority) is None:
        raise TokenError(
            f"{holder.email} has no role in {authority.name}, so a token would see nothing there."
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=holder,
        authority=authority,
        name=name.strip()[:100],
        prefix=secret[:10],
        key_hash=hash_token(secret),
        created_by=user if getattr(user, "is_authenticated", False) else None,
        created_by_name=str(user or "System")[:200],
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit_record(actor=user, verb="api_token.issued", obj=token, authority=authority, after=_snapshot(token))
    return IssuedToken(token, secret)


@transaction.atomic
def api_token_revoke(*, user: Any, token: ApiToken) -> ApiToken:
    """Revoke a token now. Revoking one already revoked is refused, so the audit shows one revocation."""
    if user is not None:
        require(user, token.authority_id, Permission.MANAGE_API_TOKENS)
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if token.revoked_at is not None:
        raise TokenError(f"Token {token.prefix}… was already revoked.")
    before = _snapshot(token)
    token.revoked_at = timezone.now()
    token.revoked_by_name = str(user or "System")[:200]
    token.save(update_fields=["revoked_at", "revoked_by_name"])
    audit_record(
        actor=user,
        verb="api_token.revoked",
        obj=token,
        authority=token.authority,
        before=before,
        after=_snapshot(token),
    )
    return token


def api_token_authenticate(secret: str, *, now: datetime | None = None) -> ApiToken | None:
    """The active token with this secret, noting when it was last used; None if there is none."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    now = now or timezone.now()
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(secret)).first()
    if token is None or token.revoked_at is not None or token.expires_at <= now or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token

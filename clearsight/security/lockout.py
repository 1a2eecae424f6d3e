"""Lock out password guessing: too many failed sign-ins for an account, or from one address.

Per account: ``CLEARSIGHT_LOCKOUT_FAILURES`` (5) wrong passwords within ``CLEARSIGHT_LOCKOUT_SECONDS``
(15 minutes) lock that account until the oldest of them is that old. Per network address:
``CLEARSIGHT_LOCKOUT_IP_FAILURES`` (20) failures across any accounts lock the address the same way —
higher than the account limit because a council's staff often share one office address.

While locked, sign-in is refused without checking the password, and the refusal is not counted
again, so the lock ends when it says it will. A successful sign-in clears the account's failures.
Failures are rows in the database, so every web process sees the same count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from clearsight.security.models import SignInFailure


@dataclass(frozen=True)
class Lockout:
    """Why sign-in is refused, and when it will be allowed again."""

    by: str  # "account" or "address"
    until: datetime

    @property
    def message(self) -> str:
        minutes = max(1, round((self.until - timezone.now()).total_seconds() / 60 + 0.49))
        what = "to this account" if self.by == "account" else "from your network address"
        return (
            f"There have been too many failed attempts to sign in {what}, so sign-in is locked "
            f"for {minutes} minute{'s' if minutes != 1 else ''}. Try again after "
            f"{timezone.localtime(self.until):%H:%M}. If you have forgotten your password, ask "
            "your Clearsight administrator to reset it."
        )


def _window() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "CLEARSIGHT_LOCKOUT_SECONDS", 15 * 60)))


def _limits() -> tuple[int, int]:
    return (int(getattr(settings, "CLEARSIGHT_LOCKOUT_FAILURES", 5)),
            int(getattr(settings, "CLEARSIGHT_LOCKOUT_IP_FAILURES", 20)))


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()[:254]


def client_ip(request: Any) -> str:
    """The client's address: REMOTE_ADDR, or the first X-Forwarded-For entry when the site sits
    behind a proxy we trust to set it (``CLEARSIGHT_TRUST_X_FORWARDED_FOR``)."""
    if request is None:
        return ""
    meta = getattr(request, "META", {})
    if getattr(settings, "CLEARSIGHT_TRUST_X_FORWARDED_FOR", False) and meta.get("HTTP_X_FORWARDED_FOR"):
        return str(meta["HTTP_X_FORWARDED_FOR"]).split(",")[0].strip()[:45]
    return str(meta.get("REMOTE_ADDR", ""))[:45]


def _locked(times: list[datetime], limit: int) -> datetime | None:
    """``times`` newest first: locked until the limit-th newest failure leaves the window."""
    if limit <= 0 or len(times) < limit:
        return None
    return times[limit - 1] + _window()


def lockout_for(*, email: str | None, ip: str, now: datetime | None = None) -> Lockout | None:
    """The lock that applies to this account or address now, if any."""
    now = now or timezone.now()
    since = now - _window()
    account_limit, ip_limit = _limits()
    email = normalise_email(email)
    found: list[Lockout] = []
    if email:
        times = list(SignInFailure.objects.filter(email=email, at__gt=since).values_list("at", flat=True)[:account_limit])
        until = _locked(times, account_limit)
        if until and until > now:
            found.append(Lockout("account", until))
    if ip:
        times = list(SignInFailure.objects.filter(ip=ip, at__gt=since).values_list("at", flat=True)[:ip_limit])
        until = _locked(times, ip_limit)
        if until and until > now:
            found.append(Lockout("address", until))
    return max(found, key=lambda lock: lock.until) if found else None


def failure_record(*, email: str | None, ip: str) -> Lockout | None:
    """Count one failed sign-in; the lock it starts, if this failure was the one too many."""
    SignInFailure.objects.create(email=normalise_email(email), ip=ip)
    return lockout_for(email=email, ip=ip)


def failures_clear(*, email: str | None) -> None:
    """The account's owner has signed in: forget its failures (the address's stay counted)."""
    SignInFailure.objects.filter(email=normalise_email(email)).delete()


def failures_prune(*, older_than: timedelta | None = None) -> int:
    """Delete failures too old to count. Called on each failure, so the table stays small."""
    cutoff = timezone.now() - (older_than or _window() * 4)
    deleted, _ = SignInFailure.objects.filter(at__lt=cutoff).delete()
    return deleted

"""Sign-ins, failures, lockouts and sign-outs go into the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from clearsight.audit.services import audit_record
from clearsight.security import lockout


def _where(request: Any) -> str:
    ip = lockout.client_ip(request)
    return f"from {ip}" if ip else ""


@receiver(user_logged_in)
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    with transaction.atomic():
        lockout.failures_clear(email=user.email)
        audit_record(actor=user, verb="auth.signed_in", obj=user, note=_where(request))
    if request is not None and hasattr(request, "session"):
        from clearsight.security.sessions import session_started

        session_started(request)


@receiver(user_logged_out)
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    reason = getattr(request, "_cs_signed_out_because", "")
    audit_record(actor=user, verb="auth.signed_out", obj=user, note=" ".join(filter(None, [reason, _where(request)])))


@receiver(user_login_failed)
def _failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    email = lockout.normalise_email(credentials.get("username") or credentials.get("email"))
    ip = lockout.client_ip(request)
    with transaction.atomic():
        existing = lockout.lockout_for(email=email, ip=ip)
        if existing is not None:
            # Refused without checking the password: not counted again, so the lock ends on time.
            audit_record(actor=email or "Unknown", verb="auth.sign_in_refused",
                         note=f"locked by {existing.by} until {timezone.localtime(existing.until):%Y-%m-%d %H:%M:%S %Z} {_where(request)}")
            return
        new_lock = lockout.failure_record(email=email, ip=ip)
        audit_record(actor=email or "Unknown", verb="auth.sign_in_failed", note=_where(request))
        if new_lock is not None:
            audit_record(actor=email or "Unknown", verb="auth.locked_out",
                         note=f"{new_lock.by} locked until {timezone.localtime(new_lock.until):%Y-%m-%d %H:%M:%S %Z} {_where(request)}")
        lockout.failures_prune()

"""Recording audit events. Call inside the same transaction as the change it records."""

from __future__ import annotations

from typing import Any

from django.db import models

from clearsight.audit.models import AuditEvent


def audit_record(
    *,
    actor: Any,
    verb: str,
    obj: models.Model | None = None,
    authority: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEvent:
    """Append one event. ``actor`` is a user, or None for the system (imports from the CLI)."""
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    actor_name = str(actor) if actor_user else (actor if isinstance(actor, str) else "System")
    return AuditEvent.objects.create(
        actor=actor_user,
        actor_name=actor_name[:200],
        authority=authority,
        verb=verb,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        before=before,
        after=after,
        note=note,
    )


def audit_download(
    *,
    user: Any,
    authority: Any,
    report: str,
    file_format: str,
    obj: models.Model | None = None,
    filename: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that ``user`` downloaded a report or export: call it where the file is produced.

    ``report`` names what was downloaded in words ("Board report", "Scorecard", "Audit log");
    ``file_format`` is "pdf", "docx", "xlsx", "csv"…; ``obj`` the thing it is about (a plan, a
    release), if any; ``detail`` anything else worth keeping (the period, the filters used) — never
    child-level data. The event's verb is ``report.downloaded``.
    """
    return audit_record(
        actor=user,
        verb="report.downloaded",
        obj=obj,
        authority=authority,
        after={"report": report, "format": file_format, "filename": filename, **(detail or {})},
        note=f"{report} ({file_format})",
    )

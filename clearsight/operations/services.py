"""Retention of uploaded files: `clearsight purge-uploads` deletes the kept copies of child-level
files older than CLEARSIGHT_UPLOAD_RETENTION_DAYS. The upload records (who loaded what, when, its
checksum and row count), the rows loaded into the analytics store and every result computed from
them stay; only the file itself goes, and the deletion is audited."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from clearsight.analytics.models import DataUpload
from clearsight.audit.services import audit_record

# Files no upload record names (left by a load that failed or was killed) go after a day, so a load
# still running is never robbed of its file.
ORPHAN_AGE = timedelta(days=1)


@dataclass
class PurgeOutcome:
    purged: list[DataUpload] = field(default_factory=list)
    orphans: list[Path] = field(default_factory=list)
    bytes_freed: int = 0
    retention_days: int = 0
    dry_run: bool = False


def uploads_purge(*, actor: Any, now: datetime, retention_days: int | None = None,
                  dry_run: bool = False) -> PurgeOutcome:
    """Delete kept upload files older than the retention period (none if it is 0)."""
    days = settings.CLEARSIGHT_UPLOAD_RETENTION_DAYS if retention_days is None else retention_days
    outcome = PurgeOutcome(retention_days=days, dry_run=dry_run)
    media = Path(settings.MEDIA_ROOT)
    if days > 0:
        due = DataUpload.objects.filter(uploaded_at__lt=now - timedelta(days=days), file_purged_at__isnull=True) \
            .exclude(stored_file="").select_related("authority").order_by("uploaded_at", "id")
        outcome.purged = list(due)
    named = set(DataUpload.objects.exclude(stored_file="").values_list("stored_file", flat=True))
    cutoff = time.time() - ORPHAN_AGE.total_seconds()
    folder = media / "child-data"
    if folder.exists():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and str(path.relative_to(media)) not in named and path.stat().st_mtime < cutoff:
                outcome.orphans.append(path)
    for upload in outcome.purged:
        path = media / upload.stored_file
        outcome.bytes_freed += path.stat().st_size if path.exists() else 0
    outcome.bytes_freed += sum(p.stat().st_size for p in outcome.orphans)
    if dry_run or not (outcome.purged or outcome.orphans):
        return outcome
    with transaction.atomic():
        DataUpload.objects.filter(pk__in=[u.pk for u in outcome.purged]).update(file_purged_at=now)
        by_authority: dict[Any, list[DataUpload]] = {}
        for upload in outcome.purged:
            by_authority.setdefault(upload.authority, []).append(upload)
        for authority, uploads in by_authority.items():
            audit_record(actor=actor, verb="uploads.purged", authority=authority, after={
                "retention_days": days, "files": [u.filename for u in uploads], "upload_ids": [u.pk for u in uploads]})
        if outcome.orphans:
            audit_record(actor=actor, verb="uploads.orphans_removed", after={
                "files": [str(p.relative_to(media)) for p in outcome.orphans]})
        # Files go only once the records say so; a crash part-way leaves files that are already
        # marked purged, which the next run does not count again and which a person can delete.
        transaction.on_commit(lambda: _delete([media / u.stored_file for u in outcome.purged] + outcome.orphans))
    return outcome


def _delete(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)

"""clearsight purge-uploads [--dry-run] [--days N]"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from clearsight.operations.services import uploads_purge


class Command(BaseCommand):
    help = ("Delete kept copies of uploaded child-level files older than CLEARSIGHT_UPLOAD_RETENTION_DAYS; "
            "their records and the rows loaded from them stay. Audited.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List what would be deleted; delete nothing.")
        parser.add_argument("--days", type=int, help="Use this retention period instead of the setting.")

    def handle(self, *args: Any, **options: Any) -> None:
        outcome = uploads_purge(actor=None, now=timezone.now(), retention_days=options["days"],
                                dry_run=options["dry_run"])
        if outcome.retention_days <= 0:
            self.stdout.write("Retention is 0 (keep for ever): no upload files are due.")
        verb = "Would delete" if outcome.dry_run else "Deleted"
        for upload in outcome.purged:
            self.stdout.write(f"  {upload.authority.ons_code} {upload.uploaded_at:%Y-%m-%d} {upload.filename}")
        for path in outcome.orphans:
            self.stdout.write(f"  no record: {path.name}")
        self.stdout.write(self.style.SUCCESS(
            f"{verb} {len(outcome.purged)} upload file(s) older than {outcome.retention_days} days and "
            f"{len(outcome.orphans)} file(s) no upload names; {outcome.bytes_freed:,} bytes."))

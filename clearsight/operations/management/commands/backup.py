"""clearsight backup PATH"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clearsight.operations.backup import BackupError, backup_create


class Command(BaseCommand):
    help = ("Write one archive with a consistent snapshot of the database, every analytics store and the kept "
            "upload files, with a manifest of checksums. Safe while the server runs.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The archive to write, e.g. /backups/clearsight-2026-11-24.tar.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup_create(path=Path(options["path"]))
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = Path(options["path"]).stat().st_size
        self.stdout.write(self.style.SUCCESS(
            f"Backed up the {manifest.engine} database, {len(manifest.stores)} analytics store(s) and "
            f"{sum(n.startswith('uploads/') for n in manifest.files)} upload file(s) to {options['path']} "
            f"({size:,} bytes)."))

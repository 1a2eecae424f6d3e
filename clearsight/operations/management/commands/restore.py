"""clearsight restore PATH"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clearsight.operations.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = ("Replace the database, analytics stores and upload files with a backup archive's. The archive is "
            "checked first: a damaged or mismatched one changes nothing. Stop the web server first.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="An archive written by 'clearsight backup'.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup_restore(path=Path(options["path"]))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(
            f"Restored the backup of {manifest.created_at}: the database, {len(manifest.stores)} analytics "
            f"store(s) and {sum(n.startswith('uploads/') for n in manifest.files)} upload file(s)."))

"""clearsight send-reminders [--date YYYY-MM-DD] [--dry-run]

Sends every reminder and alert due today that has not gone before, then prints ``sent N``. Safe
to run from cron as often as you like: see docs/reminders.md.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from clearsight.reminders.services import reminders_send


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date {text!r} is not a date: give it as YYYY-MM-DD, like 2026-11-24.") from None


class Command(BaseCommand):
    help = "E-mail action reminders, escalations and measure alerts that are due, each only once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Run as if today were this date (YYYY-MM-DD). Default: today.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Say what would be sent; send and record nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = _day(options["date"]) if options["date"] else timezone.localdate()
        result = reminders_send(today=today, dry_run=options["dry_run"])
        for line in result.lines:
            self.stdout.write(line)
        self.stdout.write(f"sent {result.sent}")

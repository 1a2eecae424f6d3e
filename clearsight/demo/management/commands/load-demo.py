"""clearsight load-demo: the demo councils, both seed plans and one user per role."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from clearsight.demo.services import DemoRefused, demo_load, sign_in_lines


class Command(BaseCommand):
    help = "Load the demo: Sefton and Wirral with their 2017 plans, and one user per role. Safe to run twice."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created = demo_load()
        except DemoRefused as refused:
            raise CommandError(str(refused)) from None
        for line in created:
            self.stdout.write(f"  + {line}")
        if not created:
            self.stdout.write("The demo is already loaded.")
        self.stdout.write("")
        for line in sign_in_lines():
            self.stdout.write(line)

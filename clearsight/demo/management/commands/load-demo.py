"""clearsight load-demo: the demo councils, both seed plans and one user per role."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from clearsight.demo.services import DEMO_STEPS, DemoRefused, demo_load, sign_in_lines


class Command(BaseCommand):
    help = "Load the demo: Sefton and Wirral with their 2017 plans, and one user per role. Safe to run twice."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        with tqdm(total=DEMO_STEPS, desc="Loading the demo", unit="step", file=sys.stderr,
                  disable=options["quiet"]) as bar:

            started_steps: list[str] = []

            def progress(step: str) -> None:
                if started_steps:
                    bar.update(1)  # the step before this one is done
                started_steps.append(step)
                bar.set_description_str(step)

            try:
                created = demo_load(progress=progress)
            except DemoRefused as refused:
                raise CommandError(str(refused)) from None
            bar.update(bar.total - bar.n)
        for line in created:
            self.stdout.write(f"  + {line}")
        self.stdout.write("")
        for line in sign_in_lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(
            f"The demo is loaded: {len(created)} thing(s) created in {time.monotonic() - started:.0f}s."
            if created else "The demo was already loaded; nothing changed."))

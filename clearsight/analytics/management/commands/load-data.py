"""clearsight load-data PATH [PATH …] --authority CODE [--accept-issues] [--no-validate]"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from clearsight.analytics.exceptions import DataRejected
from clearsight.analytics.services import data_load, indicators_recompute
from clearsight.organisations.selectors import authority_by_code


class Command(BaseCommand):
    help = ("Load child-level files (SSDA903, CIN census, Annex A, workforce, population) into an authority's "
            "store, all or nothing, and recompute its indicators.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="Files, or folders of files (e.g. one folder per year).")
        parser.add_argument("--authority", required=True, help="ONS code or DfE number.")
        parser.add_argument("--accept-issues", action="store_true",
                            help="Load files that break DfE rules, keeping their issues.")
        parser.add_argument("--no-validate", action="store_true", help="Skip the DfE rule checks.")

    def handle(self, *args: Any, **options: Any) -> None:
        authority = authority_by_code(options["authority"])
        if authority is None:
            raise CommandError(f"No authority has the code {options['authority']!r}.")
        paths = [Path(p) for p in options["paths"]]
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(missing)}")

        def progress(message: str) -> None:
            self.stderr.write(f"  {message}")

        bars: dict[str, tqdm] = {}

        def file_progress(stage: str, done: int, total: int) -> None:
            label = {"read": "Reading files", "load": "Loading"}.get(stage, stage)
            bar = bars.get(stage)
            if bar is None:
                bar = bars[stage] = tqdm(total=total, desc=label, unit="file", file=sys.stderr, leave=True)
            bar.n = done
            bar.refresh()

        try:
            outcome = data_load(user=None, authority=authority, paths=paths, accept_issues=options["accept_issues"],
                                validate=not options["no_validate"], progress=progress,
                                file_progress=file_progress)
        except DataRejected as rejected:
            for bar in bars.values():
                bar.close()
            for problem in rejected.problems[:200]:
                self.stderr.write(f"  - {problem}")
            for issue in rejected.issues[:200]:
                self.stderr.write(f"  - {issue.file} row {issue.row}: {issue.table}.{issue.field} {issue.rule} "
                                  f"({issue.severity}): {issue.message}")
            raise CommandError(str(rejected)) from None
        for bar in bars.values():
            bar.close()
        for line in outcome.not_validated:
            self.stdout.write(f"Not checked against DfE rules: {line}")
        if outcome.issues:
            errors = sum(i.severity == "error" for i in outcome.issues)
            self.stdout.write(f"DfE rule issues kept with the files: {errors} errors, {len(outcome.issues) - errors} queries")
        for problem in outcome.problems:
            self.stdout.write(f"  {problem}")
        rows = sum(u.rows for u in outcome.uploads)
        self.stdout.write(f"Loaded {len(outcome.uploads)} file(s), {rows:,} rows into {authority.name}'s store"
                          + (f"; {len(outcome.already_loaded)} already loaded" if outcome.already_loaded else "") + ".")
        count = indicators_recompute(user=None, authority=authority, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Computed {count:,} indicator figures."))

"""clearsight import-benchmarks FILE.csv --map COLUMN=INDICATOR [--map …] [--filter COLUMN=VALUE …]
[--neighbours FILE.csv] [--synthetic]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from clearsight.benchmarks.services import benchmarks_import, neighbours_import
from clearsight.engine.problems import InputError, Problem

HELP = (
    "Import England, regional and council benchmarks from an Explore Education Statistics CSV, all or nothing"
)


def _pairs(values: list[str], option: str) -> dict[str, str]:
    pairs = {}
    for text in values:
        left, sep, right = text.partition("=")
        if not sep or not left.strip() or not right.strip():
            raise CommandError(
                f"{option} {text!r}: write it as COLUMN=VALUE, for example {option} "
                + ("re_referrals_pct=re_referrals." if option == "--map" else "characteristic=Total.")
            )
        pairs[left.strip()] = right.strip()
    return pairs


class Command(BaseCommand):
    help = HELP + ". Every problem is reported with its file, row and column (docs/benchmarks.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The EES open data CSV, as downloaded.")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN=INDICATOR",
            required=True,
            help="Read this column as this indicator (repeat for more columns).",
        )
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="COLUMN=VALUE",
            help="Keep only rows with this value in a breakdown column, e.g. characteristic=Total.",
        )
        parser.add_argument(
            "--neighbours",
            metavar="FILE.csv",
            help="Also import statistical neighbours (la_code,neighbour_code,rank).",
        )
        parser.add_argument(
            "--synthetic",
            action="store_true",
            help="Mark the figures as made up (shown as 'Synthetic benchmark (demo)').",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        mapping, filters = _pairs(options["map"], "--map"), _pairs(options["filter"], "--filter")
        path = Path(options["file"])
        neighbours = Path(options["neighbours"]) if options["neighbours"] else None
        for p in (path, neighbours):
            if p is not None and not p.is_file():
                raise CommandError(f"{p}: no such file.")
        neighbour_count, neighbour_warnings = 0, list[Problem]()
        try:
            with transaction.atomic():  # both files or neither
                summary = benchmarks_import(data=path.read_bytes(), filename=path.name, mapping=mapping,
                                            filters=filters, synthetic=options["synthetic"])  # fmt: skip
                if neighbours is not None:
                    neighbour_count, neighbour_warnings = neighbours_import(
                        data=neighbours.read_bytes(), filename=neighbours.name, synthetic=options["synthetic"]
                    )
        except InputError as refused:
            self._problems(refused.problems)
            names = path.name + (f" and {neighbours.name}" if neighbours else "")
            raise CommandError(f"{names}: not imported; nothing was changed.") from None
        levels = ", ".join(
            f"{summary.by_level.get(k, 0):,} {label}"
            for k, label in (("national", "national"), ("regional", "regional"), ("la", "local authority"))
        )
        self.stdout.write(
            f"{path.name}: {summary.rows:,} figures ({levels}); {summary.suppressed:,} suppressed "
            f"(published as a code, not a number); {summary.replaced:,} earlier figures replaced."
        )
        self.stdout.write(
            f"Indicators: {', '.join(summary.indicators) or 'none'}; years: "
            f"{', '.join(f'{y - 1}-{y % 100:02d}' for y in summary.years) or 'none'}."
        )
        self._problems(summary.warnings)
        if neighbours is not None:
            self.stdout.write(f"{neighbours.name}: {neighbour_count:,} statistical neighbours.")
            self._problems(neighbour_warnings)
        if options["synthetic"]:
            self.stdout.write(
                self.style.WARNING("Marked as synthetic: shown as 'Synthetic benchmark (demo)'.")
            )
        self.stdout.write(self.style.SUCCESS("Imported."))

    def _problems(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.stdout.write(
                f"  - {problem.severity.value}: {problem.location()}: {problem.message} [{problem.code}]"
            )

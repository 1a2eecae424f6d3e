"""clearsight import-plan FILE --authority CODE [--dry-run] [--replace] [--json]"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clearsight.engine.problems import Severity
from clearsight.organisations.selectors import authority_by_code
from clearsight.planfiles.services import ImportRefused, plan_import


class Command(BaseCommand):
    help = (
        "Import an improvement plan, all or nothing: the text of a Word action plan, or the JSON, "
        "YAML or Excel formats in docs/plan-format.md. Every problem is reported with its ref and line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The plan file (.txt, .json, .yaml, .xlsx).")
        parser.add_argument("--authority", required=True, help="The council's ONS code (E08000014) or DfE number (343).")
        parser.add_argument("--dry-run", action="store_true", help="Read and check everything, report, save nothing.")
        parser.add_argument("--replace", action="store_true", help="Replace an existing plan with the same title and period.")
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        authority = authority_by_code(options["authority"])
        if authority is None:
            raise CommandError(
                f"No authority has the code {options['authority']!r}. Use its ONS code (like E08000014) "
                "or DfE number (like 343); an administrator can add authorities in admin."
            )
        try:
            result = plan_import(
                user=None, authority=authority, data=path.read_bytes(), filename=path.name,
                dry_run=options["dry_run"], replace=options["replace"],
            )
        except ImportRefused as refused:
            self._report(options, path, authority, refused.problems, counts=None, outcome="refused")
            raise CommandError(f"{path.name}: not imported; nothing was changed.") from None
        outcome = "dry-run" if result.dry_run else "imported"
        self._report(options, path, authority, result.problems, result.counts, outcome)

    def _report(self, options: dict[str, Any], path: Path, authority: Any, problems: list[Any],
                counts: dict[str, int] | None, outcome: str) -> None:
        if options["json"]:
            self.stdout.write(json.dumps({
                "file": path.name, "authority": authority.ons_code, "outcome": outcome, "counts": counts,
                "problems": [p.as_dict() for p in problems],
            }, indent=2))
            return
        self.stdout.write(f"{path.name} → {authority.name} ({authority.ons_code})")
        if counts:
            self.stdout.write("Found: " + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items()))
        by_severity = {s: [p for p in problems if p.severity is s] for s in Severity}
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
            if by_severity[severity]:
                self.stdout.write(f"\n{len(by_severity[severity])} {severity.value}(s):")
                for problem in by_severity[severity]:
                    self.stdout.write(f"  - {problem.location() or path.name}: {problem.message} [{problem.code}]")
        verdict = {
            "imported": self.style.SUCCESS("\nImported."),
            "dry-run": self.style.WARNING("\nDry run: everything was checked and nothing was saved."),
            "refused": self.style.ERROR("\nNot imported: fix the errors above and try again. Nothing was changed."),
        }[outcome]
        self.stdout.write(verdict)

"""clearsight export-plan --authority CODE --format json|yaml|xlsx [-o FILE]"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clearsight.engine.planfiles import structured, xlsx
from clearsight.organisations.selectors import authority_by_code
from clearsight.planfiles.services import plan_export
from clearsight.plans.models import Plan


class Command(BaseCommand):
    help = "Export an authority's plan as JSON, YAML or Excel; importing the export gives the same plan back."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--authority", required=True, help="ONS code or DfE number.")
        parser.add_argument("--format", choices=["json", "yaml", "xlsx"], default="json")
        parser.add_argument("--plan", type=int, help="The plan's id, if the authority has more than one.")
        parser.add_argument("-o", "--output", help="File to write (default: standard output; required for xlsx).")

    def handle(self, *args: Any, **options: Any) -> None:
        authority = authority_by_code(options["authority"])
        if authority is None:
            raise CommandError(f"No authority has the code {options['authority']!r}.")
        plans = Plan.objects.filter(authority=authority).order_by("-created_at")
        if options["plan"]:
            plans = plans.filter(pk=options["plan"])
        plan = plans.first()
        if plan is None:
            raise CommandError(f"{authority.name} has no plan to export.")
        if options["plan"] is None and plans.count() > 1:
            self.stderr.write(f"{authority.name} has {plans.count()} plans; exporting the newest (id {plan.pk}). Use --plan to choose.")
        document = plan_export(plan)
        fmt, output = options["format"], options["output"]
        if fmt == "xlsx":
            if not output:
                raise CommandError("Excel output needs a file: add -o plan.xlsx")
            xlsx.write_workbook(document, output)
            self.stderr.write(f"Wrote {output}")
            return
        text = structured.dumps_json(document) if fmt == "json" else structured.dumps_yaml(document)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"Wrote {output}")
        else:
            sys.stdout.write(text)

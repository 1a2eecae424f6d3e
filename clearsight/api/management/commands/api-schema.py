"""clearsight api-schema [--check]: write (or check) docs/openapi.yaml and the table in docs/api.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

BEGIN, END = "<!-- operations: begin (clearsight api-schema) -->", "<!-- operations: end -->"


def schema_yaml() -> str:
    from drf_spectacular.renderers import OpenApiYamlRenderer

    from clearsight.api.docs import schema

    return OpenApiYamlRenderer().render(schema(), renderer_context={}).decode()


def api_md(current: str) -> str:
    from clearsight.api.docs import markdown

    if BEGIN not in current or END not in current:
        raise CommandError(f"docs/api.md has lost its markers {BEGIN} … {END}.")
    head, rest = current.split(BEGIN, 1)
    return f"{head}{BEGIN}\n{markdown()}{END}{rest.split(END, 1)[1]}"


class Command(BaseCommand):
    help = "Write the API's OpenAPI schema to docs/openapi.yaml and its operations table into docs/api.md"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; fail (exit 1) if either file is out of date.",
        )
        parser.add_argument("--docs", default=str(Path(settings.BASE_DIR) / "docs"), help="The docs folder.")

    def handle(self, *args: Any, **options: Any) -> None:
        docs = Path(options["docs"])
        if not docs.is_dir():
            raise CommandError(f"No docs folder at {docs}.")
        targets = {docs / "openapi.yaml": schema_yaml()}
        md = docs / "api.md"
        targets[md] = api_md(md.read_text() if md.exists() else f"{BEGIN}\n{END}\n")
        stale = [path.name for path, text in targets.items() if not path.exists() or path.read_text() != text]
        if options["check"]:
            if stale:
                raise CommandError(
                    f"Out of date: {', '.join(stale)}. Run 'clearsight api-schema' and commit."
                )
            self.stdout.write("docs/openapi.yaml and docs/api.md match the API.")
            return
        for path, text in targets.items():
            path.write_text(text)
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {', '.join(p.name for p in targets)} ({len(stale)} changed).")
        )

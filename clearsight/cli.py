"""The ``clearsight`` console script.

Settings-free commands (the engine on plain files) run without Django. Every other command is
a Django management command and is dispatched to ``manage.py``-style execution, so
``clearsight import-plan …`` and ``python -m django import-plan …`` are the same thing.

Exit codes: 0 ok, 1 failed, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

# Engine commands: name -> module under clearsight.commands. They never import Django.
ENGINE_COMMANDS: dict[str, str] = {
    "thresholds": "clearsight.commands.thresholds",
    "synth": "clearsight.commands.synth",
    "indicators": "clearsight.commands.indicators",
}

# Django management commands that belong to Clearsight, with their one-line help, listed by
# ``clearsight --help``. Django's own commands (migrate, runserver …) also work.
APP_COMMANDS: dict[str, str] = {
    "import-plan": "Import an improvement plan (seed text, JSON, YAML or xlsx), all or nothing",
    "export-plan": "Export an authority's plan as JSON, YAML or xlsx",
    "load-demo": "Load the demo authorities, both seed plans and one user per role",
    "release": "Submit, approve, publish, correct or show a month's data release",
    "load-data": "Load SSDA903, CIN census, Annex A and workforce files into an authority, then recompute",
    "backup": "Write a consistent snapshot of the database, analytics stores and upload files to one archive",
    "restore": "Replace the database, analytics stores and upload files with a checked backup archive",
    "purge-uploads": "Delete kept upload files older than CLEARSIGHT_UPLOAD_RETENTION_DAYS (records stay), audited",
    "send-reminders": "E-mail due reminders, escalations and measure alerts, each once; ends 'sent N' (safe from cron)",
    "import-benchmarks": "Import England, regional and council benchmarks from an Explore Education Statistics CSV, all or nothing",
    "report": "Make a board pack, scrutiny or partner report, or the young people's plan, as PDF, Word or Excel",
    "api-token": "Issue, list or revoke people's personal API tokens (audited)",
    "api-schema": "Write or check the API's OpenAPI schema (docs/openapi.yaml) and docs/api.md",
}


def _engine_command(name: str) -> object:
    return importlib.import_module(ENGINE_COMMANDS[name])


def _usage() -> str:
    lines = ["usage: clearsight COMMAND [options]", "", "Commands on plain files (no database):"]
    for name in sorted(ENGINE_COMMANDS):
        try:
            helptext = getattr(_engine_command(name), "HELP", "")
        except ImportError:
            continue
        lines.append(f"  {name:<18} {helptext}")
    lines += ["", "Commands on the Clearsight database:"]
    for name, helptext in sorted(APP_COMMANDS.items()):
        lines.append(f"  {name:<18} {helptext}")
    lines += [
        "",
        "Django's own commands (migrate, runserver, createsuperuser …) work too.",
        "Run 'clearsight COMMAND --help' for a command's options. Exit codes: 0 ok, 1 failed, 2 bad arguments.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(_usage())
        return 0
    if argv[0] == "--version":
        from clearsight import __version__

        print(f"clearsight {__version__}")
        return 0
    name, rest = argv[0], argv[1:]
    if name in ENGINE_COMMANDS:
        module = _engine_command(name)
        parser = argparse.ArgumentParser(prog=f"clearsight {name}", description=module.HELP)  # type: ignore[attr-defined]
        module.add_arguments(parser)  # type: ignore[attr-defined]
        args = parser.parse_args(rest)  # exits 2 on bad arguments
        return int(module.run(args))  # type: ignore[attr-defined]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clearsight.config.settings.dev")
    import django
    from django.core.management import execute_from_command_line, get_commands

    django.setup()  # so get_commands() knows every installed app's commands
    if name not in APP_COMMANDS and name not in get_commands():
        print(f"clearsight: no command called {name!r}.\n\n{_usage()}", file=sys.stderr)
        return 2

    try:
        execute_from_command_line(["clearsight", name, *rest])
    except SystemExit as exit_:
        return int(exit_.code or 0) if not isinstance(exit_.code, str) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

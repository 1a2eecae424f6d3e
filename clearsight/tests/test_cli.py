"""The console script as a whole: every command is listed with a one-line description, documented
in docs/cli.md with an example, answers --help with 0, bad arguments with 2, and failure with 1."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clearsight.cli import APP_COMMANDS, ENGINE_COMMANDS, main

ALL = sorted({*ENGINE_COMMANDS, *APP_COMMANDS})


def run(args: list[str]) -> int:
    """The exit code the console script ends with (engine commands exit through argparse)."""
    try:
        return main(args)
    except SystemExit as exit_:
        return int(exit_.code or 0)
CLI_MD = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text()


def test_help_lists_every_command_with_a_one_line_description(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for name in ALL:
        line = next(line for line in out.splitlines() if line.strip().startswith(name + " "))
        assert len(line.split(None, 1)[1]) > 10, f"{name} has no description"
    assert "Django's own commands" in out and "Exit codes: 0 ok, 1 failed, 2 bad arguments" in out


def test_every_clearsight_management_command_is_listed():
    from django.core.management import get_commands

    ours = {name for name, app in get_commands().items() if app.startswith("clearsight.")}
    assert ours == set(APP_COMMANDS), "add new commands to APP_COMMANDS in clearsight/cli.py and to docs/cli.md"


@pytest.mark.parametrize("name", ALL)
def test_each_command_is_documented_with_an_example(name):
    assert re.search(rf"^## `clearsight {name}`", CLI_MD, re.MULTILINE), f"docs/cli.md has no section for {name}"
    section = CLI_MD.split(f"## `clearsight {name}`", 1)[1].split("\n## ", 1)[0]
    assert f"clearsight {name} " in section and "```" in section, f"docs/cli.md has no example of {name}"


@pytest.mark.parametrize("name", ALL)
def test_each_command_answers_help_with_0(name, capsys):
    assert run([name, "--help"]) == 0
    assert "usage:" in capsys.readouterr().out


@pytest.mark.parametrize("name", ALL)
def test_each_command_answers_bad_arguments_with_2(name, capsys):
    assert run([name, "--no-such-option"]) == 2
    assert "error" in capsys.readouterr().err


def test_an_unknown_command_is_a_bad_argument(capsys):
    assert run(["no-such-command"]) == 2
    assert "no command called 'no-such-command'" in capsys.readouterr().err


FAILURES = {
    "indicators": ["--data", "/no/such/folder"],
    "import-plan": ["/no/such/plan.txt", "--authority", "343"],
    "export-plan": ["--authority", "999"],
    "release": ["show", "--authority", "999", "--period", "2017-10"],
    "load-data": ["/no/such/file.csv", "--authority", "343"],
    "import-benchmarks": ["/no/such/file.csv", "--map", "re_referrals_pct=re_referrals"],
    "api-token": ["revoke", "cs_nothing"],
    "api-schema": ["--docs", "/no/such/folder"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(FAILURES))
def test_a_command_that_cannot_do_its_job_exits_1(name, sefton, capsys):
    assert run([name, *FAILURES[name]]) == 1
    assert capsys.readouterr().err.strip(), "a failure says why on standard error"


@pytest.mark.django_db
def test_load_demo_refuses_under_production_settings_with_1(settings, capsys):
    settings.CLEARSIGHT_ENVIRONMENT = "production"
    assert run(["load-demo", "--quiet"]) == 1
    assert "does not run under production settings" in capsys.readouterr().err


def test_synth_shows_a_progress_bar_and_ends_with_a_summary(tmp_path, capsys):
    assert run(["synth", "--authority", "343", "--children", "300", "--years", "1", "--formats", "903",
                 "--out", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "synth" in captured.err and "%|" in captured.err  # tqdm's bar
    assert captured.out.strip() or captured.err.strip().splitlines()[-1]

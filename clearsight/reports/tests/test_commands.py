"""clearsight report …: the command line contract."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from clearsight.cli import APP_COMMANDS
from clearsight.reports.models import ReportRun


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_writes_the_file_shows_progress_and_ends_with_a_summary_line(plan, pack, tmp_path):
    target = tmp_path / "pack.xlsx"
    out, err = run(
        "board-pack",
        "--authority",
        "E08000014",
        "--date",
        "2027-02-15",
        "--format",
        "xlsx",
        "-o",
        str(target),
    )
    assert "[1/6] Reading the plan" in err and "[5/6] 1.1 Assessment and Planning" in err
    assert (
        out.startswith(f"Wrote {target} (") and "Improvement Board pack, Sefton, meeting 15 Feb 2027" in out
    )
    assert "Watermark: Provisional: Sefton January 2027, not yet approved" in out
    assert load_workbook(target).sheetnames[0] == "About"
    assert not ReportRun.objects.exists()  # the command line draws in place, no web run


def test_release_since_and_as_a_board_member(plan, pack, board, tmp_path):
    target = tmp_path / "pack.xlsx"
    out, _ = run(
        "scrutiny",
        "--authority",
        "343",
        "--date",
        "2027-02-15",
        "--format",
        "xlsx",
        "-o",
        str(target),
        "--release",
        "2026-12",
        "--since",
        "2026-12-01",
        "--as",
        "board@sefton.example",
    )
    assert "Watermark: Approved release Sefton December 2026 v1" in out
    about = {
        r[0]: r[1] for r in load_workbook(target)["About"].iter_rows(min_row=3, values_only=True) if r[0]
    }
    assert about["Changes shown"] == "Since 1 December 2026 (the date given for the last board)"


def test_a_partner_report_names_its_agency(plan, pack, tmp_path):
    target = tmp_path / "partner.xlsx"
    out, _ = run(
        "partner",
        "--authority",
        "343",
        "--date",
        "2027-02-15",
        "--format",
        "xlsx",
        "-o",
        str(target),
        "--agency",
        "national probation",
    )
    assert "Partner report: National Probation Service" in out
    actions = [r[0] for r in load_workbook(target)["Actions"].iter_rows(min_row=2, values_only=True)]
    assert actions == ["1.1.2"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--authority", "E0000", "--date", "2027-02-15"], "No authority has the code 'E0000'"),
        (
            ["--authority", "343", "--date", "15/02/2027"],
            "'15/02/2027' is not a date: write it as YYYY-MM-DD",
        ),
        (
            ["--authority", "343", "--date", "2027-02-15", "--release", "2020-01"],
            "Sefton has no January 2020 release",
        ),
    ],
)
def test_bad_arguments_are_refused_with_a_message(plan, pack, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        run("board-pack", *args, "--format", "pdf", "-o", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_partner_needs_an_agency_and_young_people_needs_a_draft(plan, pack, tmp_path):
    with pytest.raises(CommandError, match="--agency NAME"):
        run(
            "partner",
            "--authority",
            "343",
            "--date",
            "2027-02-15",
            "--format",
            "pdf",
            "-o",
            str(tmp_path / "p"),
        )
    with pytest.raises(CommandError, match="Generate a draft from the plan first"):
        run(
            "young-people",
            "--authority",
            "343",
            "--date",
            "2027-02-15",
            "--format",
            "pdf",
            "-o",
            str(tmp_path / "y"),
        )


def test_the_command_is_listed_by_clearsight_help():
    assert "report" in APP_COMMANDS

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from clearsight.benchmarks.models import BenchmarkValue, StatisticalNeighbour

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("import-benchmarks", *args, stdout=out)
    return out.getvalue()


def test_it_imports_and_prints_a_summary(tmp_path: Path, cin_2018: bytes, neighbours_csv: bytes) -> None:
    (tmp_path / "cin.csv").write_bytes(cin_2018)
    (tmp_path / "sn.csv").write_bytes(neighbours_csv)
    out = run(
        str(tmp_path / "cin.csv"),
        "--map",
        "re_referrals_pct=re_referrals",
        "--map",
        "referrals=referrals",
        "--filter",
        "characteristic=Total",
        "--neighbours",
        str(tmp_path / "sn.csv"),
    )
    assert "cin.csv: 18 figures (2 national, 2 regional, 14 local authority); 10 suppressed" in out
    assert "years: 2017-18" in out and "skipped_level" in out
    assert "sn.csv: 10 statistical neighbours." in out and "Imported." in out
    assert StatisticalNeighbour.objects.count() == 10


def test_it_lists_every_problem_and_changes_nothing(tmp_path: Path, cin_2018: bytes) -> None:
    (tmp_path / "cin.csv").write_bytes(cin_2018.replace(b"19.6", b"about 20").replace(b"24.0", b""))
    out = StringIO()
    with pytest.raises(CommandError, match="not imported; nothing was changed"):
        call_command(
            "import-benchmarks",
            str(tmp_path / "cin.csv"),
            "--map",
            "re_referrals_pct=rr",
            "--filter",
            "characteristic=Total",
            stdout=out,
        )
    assert "cin.csv, line 4, field 're_referrals_pct': 'about 20' is neither" in out.getvalue()
    assert "cin.csv, line 5, field 're_referrals_pct': The cell is blank" in out.getvalue()
    assert not BenchmarkValue.objects.exists()


def test_bad_neighbours_undo_the_benchmarks_too(tmp_path: Path, cin_2018: bytes) -> None:
    (tmp_path / "cin.csv").write_bytes(cin_2018)
    (tmp_path / "sn.csv").write_bytes(b"la_code,neighbour_code,rank\n343,343,1\n")
    with pytest.raises(CommandError, match="cin.csv and sn.csv: not imported"):
        run(
            str(tmp_path / "cin.csv"),
            "--map",
            "referrals=referrals",
            "--filter",
            "characteristic=Total",
            "--neighbours",
            str(tmp_path / "sn.csv"),
        )
    assert not BenchmarkValue.objects.exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--map", "referrals"], "write it as COLUMN=VALUE"),
        (["--map", "a=b", "--filter", "=Total"], "write it as COLUMN=VALUE"),
    ],
)
def test_it_refuses_badly_written_options(
    tmp_path: Path, cin_2018: bytes, args: list[str], message: str
) -> None:
    (tmp_path / "cin.csv").write_bytes(cin_2018)
    with pytest.raises(CommandError, match=message):
        run(str(tmp_path / "cin.csv"), *args)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="nope.csv: no such file"):
        run(str(tmp_path / "nope.csv"), "--map", "a=b")

"""``clearsight indicators`` end to end: files in a folder → the loader → the indicators → JSON or a table."""

import argparse
import json
import subprocess
import sys

import pytest

from clearsight.commands import indicators as command


def main(argv):
    """What ``clearsight indicators …`` does, in process (clearsight.cli imports Django lazily: the
    engine's tests may not import it)."""
    parser = argparse.ArgumentParser(prog="clearsight indicators")
    command.add_arguments(parser)
    return command.run(parser.parse_args(argv))

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"


@pytest.fixture
def data(tmp_path):
    """Two 903 years, a population file and a workforce file."""
    folder = tmp_path / "returns"
    for year, episodes in (
        ("2017", ["A,01/06/2016,S,C2,N1,U1,PR1,,,,,,",
                  "B,01/06/2016,S,C2,N1,P1,PR1,31/03/2017,E11,,,,"]),
        ("2018", ["A,01/06/2016,S,C2,N1,U1,PR1,01/07/2017,X1,,,,",
                  "A,01/07/2017,P,C2,N1,P1,PR1,,,CARPL,,,",
                  "C,01/05/2017,S,V3,N1,U1,PR1,,,,,,"]),
    ):
        (folder / year).mkdir(parents=True)
        (folder / year / "header.csv").write_text(HEADER + "".join(f"{c},1,01/01/2010,WBRI,,,\n" for c in "ABC"))
        (folder / year / "episodes.csv").write_text(EPISODES + "\n".join(episodes) + "\n")
    (folder / "population.csv").write_text("year,children_0_17\n2017,20000\n2018,20000\n")
    (folder / "workforce.csv").write_text(
        "worker,team,snapshot_date,fte,agency,case_holding,caseload\n"
        "Ann,East,30/09/2017,1,no,yes,20\nBob,West,30/09/2017,0.5,yes,yes,9\n"
    )
    return folder


def run(capsys, *args):
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_lists_every_figure_for_every_year_present(data, capsys):
    code, out, err = run(capsys, "--data", str(data), "--json")
    assert code == 0, err
    figures = {(f["indicator"], f["year"]): f for f in json.loads(out)}
    assert set(json.loads(out)[0]) == {"indicator", "year", "level", "unit", "numerator", "denominator", "value"}
    assert {year for _, year in figures} == {2017, 2018}
    assert figures["cla_at_31mar", 2017] == {"indicator": "cla_at_31mar", "year": 2017, "level": "authority",
                                             "unit": "count", "numerator": 1, "denominator": None, "value": 1}
    assert figures["cla_at_31mar_rate_per_10k", 2018]["value"] == 0.5  # A only: C is on short breaks
    assert figures["cla_placed_with_parents_care_order", 2018]["value"] == 100.0
    assert figures["average_caseload", 2018]["value"] == pytest.approx(29 / 1.5)
    assert ("referrals", 2018) not in figures  # no CIN census loaded: no CIN figures
    assert "Loading" in err and "Done" in err


def test_the_console_script_takes_a_year_and_a_breakdown(data):
    done = subprocess.run([sys.executable, "-m", "clearsight.cli", "indicators", "--data", str(data), "--year", "2018",
                           "--by", "team", "--json"], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert {f["year"] for f in figures} == {2018}
    assert {f["level"] for f in figures if f["indicator"] == "agency_worker_rate"} == {"East", "West"}
    assert {f["level"] for f in figures if f["indicator"] == "cla_at_31mar"} == {"Unallocated"}


def test_without_json_it_prints_a_table(data, capsys):
    code, out, _ = run(capsys, "--data", str(data), "--year", "2018")
    assert code == 0
    assert out.splitlines()[0].split() == ["Indicator", "Year", "Level", "Numerator", "Denominator", "Value", "Unit"]
    assert any(line.split()[:3] == ["cla_at_31mar", "2017-18", "authority"] for line in out.splitlines())


@pytest.mark.parametrize(("args", "code"), [(["--by", "region"], 2), (["--year", "18"], 2)])
def test_bad_arguments_exit_2(data, capsys, args, code):
    with pytest.raises(SystemExit) as exit_:
        main(["--data", str(data), *args])
    assert exit_.value.code == code


def test_files_that_cannot_be_read_exit_1_and_say_why(tmp_path, capsys):
    code, _, err = run(capsys, "--data", str(tmp_path / "missing"))
    assert code == 1 and "no such file or folder" in err
    (tmp_path / "odd.csv").write_text("colour,shape\nred,round\n")
    code, out, err = run(capsys, "--data", str(tmp_path / "odd.csv"))
    assert code == 1 and out == "" and "odd.csv" in err

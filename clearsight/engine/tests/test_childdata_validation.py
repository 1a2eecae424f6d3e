"""The DfE validator adapter, run for real against .venv-validators (``bash scripts/validators-env.sh``).

The tests that need the validators skip, saying why, when the environment is absent; the ones
about a missing environment always run.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from clearsight.engine.childdata.readers import cin
from clearsight.engine.childdata.validation import (
    NoRulesForYear,
    ValidatorUnavailable,
    find_python,
    validate,
)
from clearsight.engine.problems import InputError
from clearsight.engine.tests.test_childdata_readers import cin_xml, ssda903_xml, write, write_903

try:
    PYTHON = find_python()
except ValidatorUnavailable:
    PYTHON = None
needs_validators = pytest.mark.skipif(
    PYTHON is None, reason=".venv-validators is absent: create it with `bash scripts/validators-env.sh`")


def test_a_missing_environment_is_named_with_how_to_create_it(tmp_path: Path) -> None:
    census = write(tmp_path / "cin.xml", cin_xml(children=1, year=2024))
    with pytest.raises(ValidatorUnavailable, match="scripts/validators-env.sh"):
        validate([census], "cin", 2024, python=tmp_path / "no-such-env" / "bin" / "python")


def test_years_without_dfe_rules_are_refused_before_anything_runs(tmp_path: Path) -> None:
    with pytest.raises(NoRulesForYear, match="2022-23 to 2026-27, not 2017-18"):
        validate([write_903(tmp_path)], "903", 2018, python="/nonexistent/python")


@needs_validators
def test_903_issues_point_at_the_file_row_and_child(tmp_path: Path) -> None:
    folder = write_903(tmp_path / "903", year=2024)
    header = (folder / "header.csv").read_text().replace("C3,2,20/11/2016,WBRI", "C3,2,20/11/2016,ZZZZ")
    write(folder / "header.csv", header)
    issues = validate([tmp_path / "903"], "903", 2024, local_authority="E08000014")
    ethnicity = [i for i in issues if i.rule == "103"]
    assert [(i.child_id, i.table, i.field, i.row, i.line, i.file, i.severity) for i in ethnicity] == [
        ("C3", "Header", "ETHNIC", 4, 4, "903/2024/header.csv", "error")]
    assert "ethnicity" in ethnicity[0].message.lower()
    assert all(i.file.startswith("903/2024/") for i in issues if i.table)


@needs_validators
def test_last_years_files_go_in_as_the_previous_year(tmp_path: Path) -> None:
    last = write_903(tmp_path / "903", year=2023) / "header.csv"
    write(last, last.read_text().replace("C1,1,", "C1,2,"))  # C1's sex differs from this year's
    write_903(tmp_path / "903", year=2024)
    write(tmp_path / "903" / "2024" / "cin.xml", cin_xml(children=1, year=2024))  # in a folder: passed over
    issues = validate([tmp_path / "903"], "903", 2024)
    assert [(i.child_id, i.file, i.row) for i in issues if i.rule == "202"] == [("C1", "903/2024/header.csv", 2)]
    assert {i.file.split("/")[1] for i in issues if i.file} <= {"2023", "2024"}


@needs_validators
def test_last_years_sex_codes_are_compared_in_this_years_code_list(tmp_path: Path) -> None:
    write_903(tmp_path / "903", year=2024)  # 1/2
    write_903(tmp_path / "903", year=2025)  # M/F, the same children
    rules = {i.rule for i in validate([tmp_path / "903"], "903", 2025)}
    assert rules and "202" not in rules  # "sex differs from last year" would fire on every child


@needs_validators
def test_the_903_xml_form_is_validated_without_the_validator_parsing_xml(tmp_path: Path) -> None:
    path = write(tmp_path / "ssda903_2023-24.xml", ssda903_xml(2024).replace("<ETHNIC>BOTH", "<ETHNIC>NOPE"))
    issues = validate([path], "903", 2024)
    assert [(i.child_id, i.row, i.line) for i in issues if i.rule == "103"] == [("X1", 1, 3)]


@needs_validators
def test_cin_issues_come_back_with_the_line_of_the_element(tmp_path: Path) -> None:
    text = cin_xml(children=2, year=2024)
    position = text.index("<PrimaryNeedCode>N4", text.index("<LAchildID>K2"))
    text = text[:position] + text[position:].replace("<PrimaryNeedCode>N4", "<PrimaryNeedCode>N99", 1)
    path = write(tmp_path / "cin_2024.xml", text)
    issues = validate([path], "cin", 2024)
    need = [i for i in issues if i.rule == "8650"]
    line = text[: text.index("N99")].count("\n")  # the CINdetails element starts on the line before
    assert [(i.child_id, i.table, i.field, i.row, i.file) for i in need] == [
        ("K2", "CINdetails", "PrimaryNeedCode", 4, "cin_2024.xml")]
    assert need[0].line == line
    assert {i.severity for i in issues if i.rule.endswith("Q")} <= {"query"}


@needs_validators
def test_a_census_for_another_year_or_an_unsafe_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="2017-18"):
        validate([write(tmp_path / "old.xml", cin_xml(children=1, year=2018))], "cin", 2024)
    with pytest.raises(InputError, match="DTD"):
        validate([write(tmp_path / "bad.xml", "<!DOCTYPE x [<!ENTITY a 'b'>]><Message/>")], "cin", 2024)


THEIR_READER = """
import sys, time, xml.etree.ElementTree as ET
from cin_validator import cin_validator
start = time.perf_counter()
cin_validator.convert_data(ET.parse(sys.argv[1]).getroot())
print(time.perf_counter() - start)
"""


@needs_validators
def test_our_census_reader_is_at_least_50_times_faster_than_the_validators(
        tmp_path: Path, record_property: Callable[[str, object], None]) -> None:
    path = write(tmp_path / "cin.xml", cin_xml(children=400, year=2024))
    theirs = float(subprocess.run([str(PYTHON), "-c", THEIR_READER, str(path)], capture_output=True, text=True,
                                  check=True, timeout=600).stdout.split()[-1])
    ours = min(_time(lambda: cin.read_census(path, "cin.xml")) for _ in range(3))
    figures = json.dumps({"children": 400, "validator_reader_s": round(theirs, 3),
                          "clearsight_reader_s": round(ours, 4), "ratio": round(theirs / ours)})
    record_property("cin_reader_speed", figures)
    assert theirs / ours >= 50, figures


def _time(call: object) -> float:
    started = time.perf_counter()
    call()  # type: ignore[operator]
    return time.perf_counter() - started

"""The DfE validation rules, run by Data to Insight's validators in their own environment.

``csc-validator-be-903`` and ``csc-validator-be-cin`` (MIT) pin pandas<2 and numpy<1.25, use a
lot of memory on large files and change global logging when imported, so they never run in
Clearsight's process: they live in ``.venv-validators`` (made by ``scripts/validators-env.sh``)
and run in a subprocess (``_run_validator.py``). This adapter:

- reads the files with Clearsight's own safe readers first (a file that cannot be read raises
  InputError, exactly as when loading);
- for SSDA903, writes each raw table as the CSV the validator expects (the XML form too, so the
  validator never parses XML) — files of the year before go in as "previous year";
- for the CIN census, hands over the tables Clearsight's fast reader built, in the validator's
  own shape, instead of letting it parse the XML (its reader is far slower);
- maps every issue back to the file and row it came from.

If the environment is missing, ``ValidatorUnavailable`` says how to make it: validation is
never reported as passed when it did not run.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pyarrow.compute as pc
import pyarrow.csv as pacsv

from clearsight.engine.childdata.load import expand, recognise
from clearsight.engine.childdata.readers import cin, ssda903
from clearsight.engine.childdata.readers._common import (
    collection_year_of,
    describe_year,
    fail,
    year_from_path,
)

VALIDATOR_YEARS = range(2023, 2028)  # rule packs in the pinned packages: 2022-23 … 2026-27
DEFAULT_PYTHON = ".venv-validators/bin/python"
DEFAULT_TIMEOUT = 1800.0  # seconds; a large 903 return takes minutes
RUNNER = Path(__file__).with_name("_run_validator.py")
SETUP_HINT = "Create it with `bash scripts/validators-env.sh` (`make setup` does this too)."


class ValidatorUnavailable(RuntimeError):
    """The validators' environment is missing or broken: validation did not run."""


class NoRulesForYear(ValueError):
    """The validator packages have no rules for this collection year."""


class ValidatorFailed(RuntimeError):
    """The validator ran but crashed, timed out or returned nothing readable."""


@dataclass(frozen=True)
class ValidationIssue:
    """One DfE rule broken by one record. ``row`` is the record's source_row in the loaded tables
    (CSV row counting the header as 1; for XML the record's position among its kind); ``line`` is
    its line in the file, where known."""

    child_id: str | None
    table: str
    field: str
    row: int | None
    rule: str
    message: str
    severity: Literal["error", "query"]
    file: str = ""
    line: int | None = None


@dataclass
class _Origin:
    file: str
    rows: list[int]
    lines: list[int]


def find_python(python: str | Path = DEFAULT_PYTHON) -> Path:
    """The validators' interpreter: as given, else relative to the project folder."""
    candidate = Path(python)
    if not candidate.is_absolute() and not candidate.exists():
        candidate = Path(__file__).resolve().parents[3] / candidate
    if not candidate.exists():
        raise ValidatorUnavailable(f"The DfE validators' environment is missing ({python} not found). {SETUP_HINT}")
    return candidate.absolute()  # not resolve(): a venv's python is a symlink that must stay one


def validate(paths: Sequence[Path | str] | Path | str, kind: str, collection_year: int, *,
             python: str | Path = DEFAULT_PYTHON, timeout: float = DEFAULT_TIMEOUT,
             local_authority: str | None = None) -> list[ValidationIssue]:
    """Every issue the DfE rules for ``collection_year`` find in the files (a 903 return or a CIN census).

    ``local_authority`` (e.g. E08000014) lets the 903 rules tell placements inside the council from
    those outside; without it those rules may report placements as out of area.
    """
    if kind not in ("903", "cin"):
        raise ValueError(f"Only SSDA903 ('903') and CIN census ('cin') files have DfE validators, not {kind!r}.")
    if collection_year not in VALIDATOR_YEARS:
        raise NoRulesForYear(
            f"The validators have DfE rules for {describe_year(VALIDATOR_YEARS[0])} to "
            f"{describe_year(VALIDATOR_YEARS[-1])}, not {describe_year(collection_year)}.")
    interpreter = find_python(python)
    if isinstance(paths, str | Path):
        paths = [paths]
    files = _files_of_kind(paths, kind)
    with tempfile.TemporaryDirectory(prefix="clearsight-validate-") as work:
        folder = Path(work)
        if kind == "903":
            request, origins = _prepare_903(files, collection_year, folder)
            request["local_authority"] = local_authority
        else:
            request, origins = _prepare_cin(files, collection_year)
        result = _run(interpreter, request, folder, timeout)
    return _issues(result, origins, files[0][1] if kind == "cin" else "")


def _files_of_kind(paths: Sequence[Path | str], kind: str) -> list[tuple[Path, str]]:
    """The files to validate: those named, and those of this kind in the folders named."""
    found = []
    for given in paths:
        files, _ = expand([given])
        if Path(given).is_dir():
            files = [(path, shown) for path, shown in files if recognise(path, display_name=shown) == kind]
        found += files
    return found


def _prepare_903(files: list[tuple[Path, str]], year: int, folder: Path) -> tuple[dict[str, Any], dict[str, _Origin]]:
    origins: dict[str, _Origin] = {}
    entries = []
    for path, shown in files:
        if recognise(path, display_name=shown) != "903":
            fail(shown, "This is not an SSDA903 file; validate it with its own kind.", code="wrong_kind")
        stated = year_from_path(path)
        file_year = stated[0] if stated else year
        if file_year not in (year, year - 1):
            fail(shown, f"This file is for {describe_year(file_year)}; validating {describe_year(year)} takes that "
                        f"year's files and, optionally, the year before's.", code="wrong_year")
        if path.suffix.lower() == ".xml":
            raw = ssda903.read_xml_raw(path, shown)
            raw.pop("__unknown__", None)
        else:
            name, table = ssda903.read_csv_raw(path, shown)
            raw = {name: table}
        for name, table in raw.items():
            key = name if file_year == year else f"{name}_last"
            if key in origins:
                fail(shown, f"{name} for {describe_year(file_year)} is also in {origins[key].file}: give each table "
                            "once.", code="duplicate_table")
            origins[key] = _Origin(shown, table.column("__row").to_pylist(), table.column("__line").to_pylist())
            table = table.select(list(ssda903.TABLES_903[name].columns))
            if "SEX" in table.column_names and file_year < ssda903.SEX_LETTERS_FROM <= year:
                # Last year's 1/2 read as this year's M/F, so rule 202 (sex differs from last year)
                # compares like with like across the 2024-25 change of codes. Validator input only.
                letters = pc.replace_substring_regex(pc.replace_substring_regex(
                    table.column("SEX"), "^1$", "M"), "^2$", "F")
                table = table.set_column(table.column_names.index("SEX"), "SEX", letters)
            pacsv.write_csv(table, folder / f"{key}.csv")
            target = folder / f"{key}.csv"
            entries.append({"path": str(target), "description": "This year" if file_year == year else "Prev year"})
    if not entries:
        raise ValueError("No SSDA903 files were given.")
    return {"kind": "903", "collection_year": year, "files": entries}, origins


def _prepare_cin(files: list[tuple[Path, str]], year: int) -> tuple[dict[str, Any], dict[str, _Origin]]:
    if len(files) != 1:
        raise ValueError(f"The CIN validator takes one census file at a time ({len(files)} given).")
    path, shown = files[0]
    if recognise(path, display_name=shown) != "cin":
        fail(shown, "This is not a CIN census file; validate it with its own kind.", code="wrong_kind")
    census = cin.read_census(path, shown)
    day = cin.reference_date(census)
    if day is not None and collection_year_of(day) != year:
        fail(shown, f"This census is for {describe_year(collection_year_of(day))} (ReferenceDate {day:%d/%m/%Y}), "
                    f"not {describe_year(year)}.", code="wrong_year")
    tables: dict[str, dict[str, list[Any]]] = {}
    origins: dict[str, _Origin] = {}
    for name, columns in cin.CENSUS_TABLES.items():
        built = census.tables[name]
        tables[name] = {column: built[column] for column in columns}
        origins[name] = _Origin(shown, built["__row"], built["__line"])
    return {"kind": "cin", "collection_year": year, "tables": tables}, origins


def _run(interpreter: Path, request: dict[str, Any], folder: Path, timeout: float) -> dict[str, Any]:
    request_path, result_path = folder / "request.json", folder / "result.json"
    request_path.write_text(json.dumps(request), encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    environment["PYTHONNOUSERSITE"] = "1"
    try:
        done = subprocess.run([str(interpreter), str(RUNNER), str(request_path), str(result_path)], cwd=folder,
                              env=environment, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise ValidatorFailed(f"The validator took longer than {timeout:,.0f} seconds and was stopped.") from None
    except OSError as error:
        raise ValidatorUnavailable(f"The validators' Python cannot be run ({error}). {SETUP_HINT}") from None
    tail = "\n".join(done.stderr.strip().splitlines()[-15:])
    if done.returncode == 3:
        raise ValidatorUnavailable(f"The validator packages are not installed in {interpreter.parent.parent}. "
                                   f"{SETUP_HINT}\n{tail}")
    if done.returncode == 4:
        raise NoRulesForYear(f"The validator has no rules for {describe_year(request['collection_year'])}.\n{tail}")
    if done.returncode != 0 or not result_path.exists():
        raise ValidatorFailed(f"The validator stopped with exit code {done.returncode}:\n{tail}")
    result: dict[str, Any] = json.loads(result_path.read_text(encoding="utf-8"))
    return result


def _issues(result: dict[str, Any], origins: dict[str, _Origin], default_file: str) -> list[ValidationIssue]:
    issues = []
    for item in result.get("issues", []):
        table = str(item.get("table") or "")
        origin = origins.get(table)
        position = item.get("row")
        row = line = None
        file = origin.file if origin else default_file
        if origin is not None and position is not None and str(position).lstrip("-").isdigit():
            index = int(position)
            if 0 <= index < len(origin.rows):
                row, line = origin.rows[index], origin.lines[index] or None
        rule, message = str(item.get("rule") or ""), str(item.get("message") or "")
        issues.append(ValidationIssue(
            child_id=None if item.get("child_id") is None else str(item["child_id"]),
            table=table.removesuffix("_last"), field=str(item.get("field") or ""), row=row, rule=rule,
            message=message, severity=_severity(rule, message), file=file, line=line))
    for item in result.get("failed_rules", []):
        issues.append(ValidationIssue(None, "", "", None, str(item["rule"]), str(item["message"]), "query",
                                      file=default_file))
    return sorted(issues, key=lambda i: (i.file, i.table, i.row or 0, i.rule, i.field))


def _severity(rule: str, message: str) -> Literal["error", "query"]:
    """DfE codes ending in Q are queries (check, and explain if right); warnings likewise; the rest errors."""
    return "query" if rule.upper().endswith("Q") or message.upper().startswith("WARNING") else "error"

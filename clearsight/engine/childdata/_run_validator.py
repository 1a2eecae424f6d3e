"""Run a DfE validator (csc-validator-be-903 or -cin) on prepared inputs; executed by .venv-validators.

Standalone on purpose: it runs under the validators' own Python (pandas<2, numpy<1.25) and
imports nothing from Clearsight. ``validation.py`` writes a request, runs

    .venv-validators/bin/python _run_validator.py REQUEST.json RESULT.json

and reads the result. The validators log and print freely; this process's stdout and stderr are
only diagnostics. Exit codes: 0 done, 2 bad request, 3 validator packages missing, 4 no rules
for that collection year.

Request:  {"kind": "903", "collection_year": 2024, "local_authority": "E08000014",
           "files": [{"path": ".../Header.csv", "description": "This year"}, …]}
      or  {"kind": "cin", "collection_year": 2024, "tables": {"Header": {"Collection": [...], …}, …}}
Result:   {"ruleset": "…", "rules": N, "issues": [{"child_id", "table", "field", "row", "rule",
           "message"}, …], "failed_rules": [{"rule", "message"}, …]}
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import logging
import re
import sys
from typing import Any


def _records(frame: Any, columns: dict[str, str]) -> list[dict[str, Any]]:
    """A DataFrame's rows as JSON-ready dicts with our names (NaN/NA become None)."""
    found: list[dict[str, Any]] = []
    if frame is None or len(frame) == 0:
        return found
    for row in frame.to_dict(orient="records"):
        item: dict[str, Any] = {}
        for theirs, ours in columns.items():
            value = row.get(theirs)
            if value is not None and value == value and str(value) not in ("<NA>", "nan", "NaT", "None"):
                item[ours] = value if isinstance(value, (int, str)) else str(value)
            else:
                item[ours] = None
        found.append(item)
    return found


def run_903(request: dict[str, Any]) -> dict[str, Any]:
    lac_validator = importlib.import_module("lac_validator.lac_validator")
    Report = importlib.import_module("lac_validator.report").Report
    get_year_ruleset = importlib.import_module("lac_validator.rules.ruleset_utils").get_year_ruleset

    logging.getLogger().setLevel(logging.WARNING)
    year = str(request["collection_year"])
    registry = get_year_ruleset(year)
    files = []
    for item in request["files"]:
        with open(item["path"], "rb") as handle:
            files.append({"name": item["path"], "file_content": handle.read(), "description": item["description"]})
    metadata = {"collectionYear": year, "localAuthority": request.get("local_authority") or ""}
    validator = lac_validator.LacValidator(metadata=metadata, files=files, registry=registry)
    report = Report(validator.ds_results, registry)
    issues: list[dict[str, Any]] = []
    if any(str(c).startswith("ERR_") for c in report.report.columns):
        frame = lac_validator.create_issue_df(report.report, report.error_report)
        issues = _records(frame, {"child_id": "child_id", "tables_affected": "table", "columns_affected": "field",
                                  "row_id": "row", "rule_code": "rule", "rule_description": "message"})
    failed = [{"rule": str(code), "message": "The rule failed to run on this data."} for code in validator.fails]
    return {"ruleset": f"lac{int(year) - 1}_{year[2:]}", "rules": len(registry), "issues": issues,
            "failed_rules": failed}


def run_cin(request: dict[str, Any]) -> dict[str, Any]:
    pd = importlib.import_module("pandas")
    cin_validator = importlib.import_module("cin_validator.cin_validator")
    get_year_ruleset = importlib.import_module("cin_validator.rules.ruleset_utils").get_year_ruleset

    logging.getLogger().setLevel(logging.WARNING)
    year = str(request["collection_year"])
    registry = get_year_ruleset(year)
    tables = {}
    for name, columns in request["tables"].items():
        # The shape cin_validator.ingress.XMLtoCSV builds: object columns, pd.NA where absent.
        tables[name] = pd.DataFrame({
            column: pd.Series([pd.NA if v is None else v for v in values], dtype=object)
            for column, values in columns.items()
        })
    data = cin_validator.process_data(tables)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):  # the validator prints rules that crash
        validator = cin_validator.CinValidator(data, registry)
    issues = _records(validator.full_issue_df, {
        "child_id": "child_id", "tables_affected": "table", "columns_affected": "field", "row_id": "row",
        "rule_code": "rule", "rule_description": "message"})
    issues += _records(validator.multichild_issues, {"rule_code": "rule", "rule_description": "message"})
    failed = [{"rule": m[1], "message": f"The rule failed to run on this data ({m[2]})."}
              for m in re.finditer(r"Error with rule (\S+): (.*)", printed.getvalue())]
    return {"ruleset": f"cin{int(year) - 1}_{year[2:]}", "rules": len(registry), "issues": issues,
            "failed_rules": failed}


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        sys.stderr.write("usage: _run_validator.py REQUEST.json RESULT.json\n")
        return 2
    with open(argv[1], encoding="utf-8") as handle:
        request = json.load(handle)
    kind = request.get("kind")
    if kind not in ("903", "cin"):
        sys.stderr.write(f"unknown kind {kind!r}\n")
        return 2
    try:
        with contextlib.redirect_stdout(sys.stderr):
            result = run_903(request) if kind == "903" else run_cin(request)
    except ModuleNotFoundError as error:
        if ".rules." in (error.name or ""):
            sys.stderr.write(f"no rules for collection year {request.get('collection_year')}: {error}\n")
            return 4
        sys.stderr.write(f"validator packages missing: {error}\n")
        return 3
    with open(argv[2], "w", encoding="utf-8") as handle:
        json.dump(result, handle, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

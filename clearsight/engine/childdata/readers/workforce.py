"""Children's social work workforce: a CSV with one row per worker (or vacant post) per snapshot.

Columns (matched by normalised name; order free): worker (the name if given, else an ID: Annex A
names the allocated worker), snapshot date (both needed), team,
FTE, agency (yes/no), case holding (yes/no), caseload, vacancy (yes/no). Collection year: the
year (ending 31 March) of the latest snapshot date, unless the caller gives one.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from clearsight.engine.childdata.readers._common import (
    Parsed,
    canonical_table,
    collection_year_of,
    fail,
    map_headers,
    raise_if_errors,
    read_text_csv,
)
from clearsight.engine.problems import Problem

SYNONYMS: dict[str, list[str]] = {
    # The worker's name when the file has one (Annex A's Allocated Worker is a name), else an ID.
    "worker": [r"^(social)?(worker|practitioner)(name)?$", r"^(staff|employee)name$", r"^name$",
               r"^(social)?(worker|staff|employee|practitioner)(id|ref|reference|number|no)?$",
               r"^(staffid|employeeid|postid|post)$"],
    "snapshot_date": [r"^(snapshot|census|reference|report)?date$", r"^snapshot", r"^asat", r"^date"],
    "team": [r"^team(name)?$", r"^(allocated|service)team"],
    "fte": [r"^fte$", r"^fulltimeequivalent", r"^fte"],
    "agency": [r"^(is)?agency"],
    "case_holding": [r"^(is)?case(holding|holder)"],
    "caseload": [r"^caseload", r"^(number|no|count)ofcases", r"^cases$"],
    "vacancy": [r"^(is)?vacan(cy|t)"],
}
REQUIRED = ("worker", "snapshot_date")


def read_workforce(path: Path, file: str) -> Parsed:
    header, table = read_text_csv(path, file)
    positions, notes = map_headers(header, SYNONYMS, REQUIRED, file, "workforce")
    problems: list[Problem] = []
    rows = pa.array(range(2, table.num_rows + 2), type=pa.int32())
    values: dict[str, pa.Array | None] = {f: table.column(i).combine_chunks() for f, i in positions.items()}
    result = canonical_table("workforce", file, values, rows, rows, problems,
                             fields={f: header[i] for f, i in positions.items()})
    raise_if_errors(problems)
    latest = pc.max(result.column("snapshot_date")).as_py()
    if table.num_rows and latest is None:
        fail(file, "No snapshot date is given in the file.", field=header[positions["snapshot_date"]],
             code="missing_value")
    return Parsed(kind="workforce", tables={"workforce": result},
                  collection_year=collection_year_of(latest) if latest else None,
                  year_source=f"latest snapshot date {latest:%d/%m/%Y}" if latest else "", problems=notes)

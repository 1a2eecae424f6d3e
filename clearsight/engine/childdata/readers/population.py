"""ONS mid-year population aged 0-17: a CSV with the columns year and children_0_17.

Header wording may vary ("Year", "Mid-year", "Children aged 0-17", "Population 0-17").
Collection year: the latest year in the file, unless the caller gives one.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from clearsight.engine.childdata.readers._common import (
    Parsed,
    canonical_table,
    map_headers,
    raise_if_errors,
    read_text_csv,
)
from clearsight.engine.problems import Problem

SYNONYMS: dict[str, list[str]] = {
    "year": [r"^(mid)?year$", r"^midyear", r"^(time)?period$", r"^year"],
    "children_0_17": [r"^children(aged)?0(to)?17", r"^(population|pop)(aged)?0(to)?17", r"017$",
                      r"^(population|children|count|value)$"],
}


def read_population(path: Path, file: str) -> Parsed:
    header, table = read_text_csv(path, file)
    positions, notes = map_headers(header, SYNONYMS, tuple(SYNONYMS), file, "population")
    problems: list[Problem] = []
    rows = pa.array(range(2, table.num_rows + 2), type=pa.int32())
    values: dict[str, pa.Array | None] = {f: table.column(i).combine_chunks() for f, i in positions.items()}
    result = canonical_table("population", file, values, rows, rows, problems,
                             fields={f: header[i] for f, i in positions.items()})
    raise_if_errors(problems)
    latest = pc.max(result.column("year")).as_py()
    return Parsed(kind="population", tables={"population": result}, collection_year=latest,
                  year_source=f"latest year {latest}" if latest else "", problems=notes)

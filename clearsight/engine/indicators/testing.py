"""Hand-built child-level data for tests and worked examples: rows straight into the raw tables.

    data = HandBuilt()
    data.add("cin_referrals", 2018, child_id="A", referral_date="2017-05-10")
    compute(data.con, year=2018)

Each call is one row of one upload: the upload is ``<table>-<year>`` unless named, and rows are
numbered from 1 within it (their ``source_row``). Dates may be given as ISO text.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import duckdb

from clearsight.engine.childdata.schema import PROVENANCE, TABLES, create_schema


class HandBuilt:
    """An in-memory DuckDB with the canonical schema, and a way to add rows to it."""

    def __init__(self, con: Any = None) -> None:
        self.con = con if con is not None else duckdb.connect()
        create_schema(self.con)
        self._rows: Counter[str] = Counter()

    def add(self, table: str, collection_year: int, /, *, upload: str | None = None,
            **values: Any) -> tuple[str, int]:
        """Insert one row into raw_<table> for ``collection_year``; returns its (upload_id, source_row)."""
        types = dict(TABLES[table])
        unknown = set(values) - set(types)
        if unknown:
            raise KeyError(f"{table} has no column(s) {', '.join(sorted(unknown))}")
        upload_id = upload or f"{table}-{collection_year}"
        self._rows[upload_id] += 1
        row = {name: _typed(values.get(name), kind) for name, kind in types.items()}
        row.update(upload_id=upload_id, collection_year=collection_year, source_row=self._rows[upload_id])
        names = [n for n, _ in TABLES[table]] + [n for n, _ in PROVENANCE]
        self.con.execute(f"INSERT INTO raw_{table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
                         [row[n] for n in names])
        return upload_id, self._rows[upload_id]


def _typed(value: Any, kind: str) -> Any:
    if kind == "DATE" and isinstance(value, str):
        return date.fromisoformat(value)
    return value

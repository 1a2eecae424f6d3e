"""``clearsight indicators``: compute the indicator set straight from files, with no database.

    clearsight indicators --data DIR [--year YYYY] [--by authority|team|worker] [--json]

Loads every data file under DIR (SSDA903, CIN census, Annex A, workforce, population) into an
in-memory DuckDB, then computes every indicator for ``--year`` (the collection year ending 31
March, e.g. 2018 for 2017-18) or for every collection year present. ``--json`` prints a JSON list
of {"indicator", "year", "level", "unit", "numerator", "denominator", "value"}; otherwise a
table. Progress goes to stderr. Exit 0 ok, 1 when the files cannot be read, 2 on bad arguments.
Definitions: docs/indicators.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from clearsight.engine.indicators import IndicatorResult, compute
from clearsight.engine.problems import InputError

HELP = "Compute the indicators (national and local) from child-level files, by authority, team or worker"


def _year(text: str) -> int:
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"'{text}' is not a collection year (the year ending 31 March, e.g. 2018)")
    return int(text)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", required=True, metavar="DIR", type=Path,
                        help="a folder of data files (or one file): 903, CIN census, Annex A, workforce, population")
    parser.add_argument("--year", type=_year, metavar="YYYY",
                        help="the collection year ending 31 March (2018 for 2017-18); default: every year present")
    parser.add_argument("--by", choices=("authority", "team", "worker"), default="authority",
                        help="the level to report at (default: authority)")
    parser.add_argument("--json", action="store_true", help="print a JSON list instead of a table")


def _say(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    import duckdb

    from clearsight.engine.childdata.load import load_paths  # imported late: the loader is heavy
    from clearsight.engine.childdata.schema import create_schema

    if not args.data.exists():
        _say(f"clearsight indicators: {args.data}: no such file or folder.")
        return 1
    started = time.monotonic()
    con = duckdb.connect()
    create_schema(con)
    _say(f"Loading {args.data} …")

    def loading(stage: str, done: int, total: int) -> None:
        if done == total and total:
            _say(f"  {'read' if stage == 'read' else 'loaded'} {total} file(s)")

    try:
        report = load_paths(con, [args.data], progress=loading)
    except InputError as error:
        _say("The files could not be loaded; nothing was computed:")
        for problem in error.problems:
            _say(f"  {problem}")
        return 1
    for line in report.summary():
        _say(f"  {line}")
    _say(f"Computing indicators by {args.by} …")
    results = compute(con, year=args.year, by=args.by, progress=lambda message: _say(f"  {message}"))
    _say(f"Done: {len(results)} figures in {time.monotonic() - started:.1f}s.")
    if args.json:
        sys.stdout.write(json.dumps([r.to_json() for r in results], indent=1) + "\n")
    else:
        sys.stdout.write(render_table(results))
    return 0


def _number(value: int | float | None, decimals: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{decimals}f}"


def render_table(results: list[IndicatorResult]) -> str:
    if not results:
        return "No figures: no data for the year(s) asked for.\n"
    rows = [("Indicator", "Year", "Level", "Numerator", "Denominator", "Value", "Unit")]
    for r in results:
        value = _number(r.value) + ("%" if r.unit == "percent" and r.value is not None else "")
        rows.append((r.indicator, f"{r.year - 1}-{r.year % 100:02d}", r.level, _number(r.numerator, 2),
                     _number(r.denominator, 2), value, r.unit))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    right = {3, 4, 5}
    lines = ["  ".join(cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths,
             strict=True))).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"

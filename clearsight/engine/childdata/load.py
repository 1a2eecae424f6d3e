"""Recognise, read and load child-level files into the canonical raw tables, all or nothing.

    recognise(path)                  -> "903" | "cin" | "annex_a" | "workforce" | "population"
    read_file(path, collection_year=…) -> ReadResult (arrow tables ready for raw_*, and notes)
    load_paths(con, paths)           -> LoadReport

``load_paths`` reads every file first; if any cannot be read it raises InputError listing every
problem in every file and loads nothing. Then it inserts all rows, and one ``uploads`` row per
file, in one DuckDB transaction (rolled back on any failure). A file's upload_id is the SHA-256
of its bytes, so loading the same file again is a no-op, reported as "already loaded".
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from clearsight.engine.childdata.readers import _xml, annexa, cin, population, ssda903, workforce
from clearsight.engine.childdata.readers._common import (
    MAX_ROWS,
    Parsed,
    check_size,
    collection_year_of,
    csv_header,
    describe_year,
    fail,
    map_headers,
    problem,
    year_from_path,
)
from clearsight.engine.childdata.schema import PROVENANCE, columns, create_schema
from clearsight.engine.problems import InputError, Problem, Severity

KINDS = ("903", "cin", "annex_a", "workforce", "population")
DATA_SUFFIXES = (".csv", ".xml", ".xlsx")
# Kinds whose files state their own year (a CIN ReferenceDate, a 903 folder or file name): a
# different year given by the caller is a mistake. For the others the caller's year wins.
STATED_YEARS = ("903", "cin")
Progress = Callable[[str, int, int], None]  # (stage "read" or "load", files done, files in all)


@dataclass(frozen=True)
class ReadResult:
    """One file, read: the rows for each raw table (provenance included) and notes for a person."""

    path: Path
    display_name: str
    kind: str
    collection_year: int
    year_source: str
    upload_id: str
    tables: dict[str, pa.Table]
    problems: list[Problem]
    not_loaded: list[str]

    @property
    def rows(self) -> int:
        return sum(t.num_rows for t in self.tables.values())


@dataclass(frozen=True)
class LoadedFile:
    filename: str
    kind: str
    collection_year: int | None
    upload_id: str
    rows: dict[str, int]
    already_loaded: bool = False


@dataclass
class LoadReport:
    files: list[LoadedFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # warnings and notes (errors raise)

    @property
    def loaded(self) -> list[LoadedFile]:
        return [f for f in self.files if not f.already_loaded]

    @property
    def already_loaded(self) -> list[LoadedFile]:
        return [f for f in self.files if f.already_loaded]

    def summary(self) -> list[str]:
        lines = []
        for f in self.files:
            if f.already_loaded:
                lines.append(f"{f.filename}: already loaded (upload {f.upload_id[:12]}); nothing changed")
                continue
            detail = ", ".join(f"{table} {count:,}" for table, count in sorted(f.rows.items()))
            year = describe_year(f.collection_year) if f.collection_year else "?"
            lines.append(f"{f.filename}: {f.kind} {year}, {sum(f.rows.values()):,} rows ({detail or 'none'})")
        lines += [str(p) for p in self.problems]
        return lines


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def recognise(path: Path | str, *, display_name: str | None = None) -> str:
    """Which kind of file this is, from its content; InputError saying what it looks like if none."""
    path = Path(path)
    file = display_name or path.name
    check_size(path)
    with path.open("rb") as handle:
        head = handle.read(512)
    if head.startswith(b"PK\x03\x04"):
        if annexa.sheet_lists(path, file):
            return "annex_a"
        fail(file, "This is an Excel workbook, but no sheet is named like an Annex A list (List 1 … List 11). "
                   "Other workbooks are not read: save a workforce or population table as CSV.",
             code="unknown_format")
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    if text.startswith(b"<"):
        root = _xml.root_name(path, file)
        if root == "Message":
            return "cin"
        if root == "EXPSSDA903":
            return "903"
        fail(file, f"This is XML with root element <{root}>: neither a CIN census (<Message>) nor an SSDA903 "
                   "return (<EXPSSDA903>).", line=1, code="unknown_format")
    if b"\x00" in head:
        fail(file, "This is not a CSV, XML or xlsx file Clearsight can read (it looks binary).", code="unknown_format")
    header = csv_header(path, file)
    try:
        ssda903.match_table([c.upper() for c in header], file)
        return "903"
    except InputError as error:
        nearest_903 = error.problems[0].message
    for kind, module in (("population", population), ("workforce", workforce)):
        required = tuple(module.SYNONYMS) if kind == "population" else workforce.REQUIRED
        try:
            map_headers(header, module.SYNONYMS, required, file, kind)
            return kind
        except InputError:
            continue
    fail(file, f"The columns ({', '.join(header)}) are not a file Clearsight knows. {nearest_903} A workforce file "
               "needs worker and snapshot date; a population file year and children_0_17.", line=1,
         code="unknown_format")


def read_file(path: Path | str, *, collection_year: int | None = None, snapshot_date: date | None = None,
              display_name: str | None = None, upload_id: str | None = None) -> ReadResult:
    """Read one file completely (InputError listing every problem if it cannot be read)."""
    path = Path(path)
    file = display_name or path.name
    kind = recognise(path, display_name=file)
    upload_id = upload_id or file_sha256(path)
    if kind == "903":
        stated = year_from_path(path)
        year = _resolve_year(kind, stated, collection_year, file)
        if path.suffix.lower() == ".xml" or _starts_with_markup(path):
            parsed = ssda903.to_canonical(ssda903.read_xml_raw(path, file), year, file, where="line")
        else:
            name, raw = ssda903.read_csv_raw(path, file)
            parsed = ssda903.to_canonical({name: raw}, year, file)
        parsed.year_source = stated[1] if stated else "given"
    elif kind == "cin":
        census = cin.read_census(path, file)
        day = cin.reference_date(census)
        stated = (collection_year_of(day), f"ReferenceDate {day:%d/%m/%Y}") if day else None
        year = _resolve_year(kind, stated, collection_year, file)
        parsed = cin.to_canonical(census, year, file)
        parsed.year_source = stated[1] if stated else "given"
    else:
        if kind == "annex_a":
            parsed = annexa.read_annex_a(path, file, snapshot_date=snapshot_date)
        elif kind == "workforce":
            parsed = workforce.read_workforce(path, file)
        else:
            parsed = population.read_population(path, file)
        stated = (parsed.collection_year, parsed.year_source) if parsed.collection_year else None
        year = _resolve_year(kind, stated, collection_year, file)
    return ReadResult(path=path, display_name=file, kind=kind, collection_year=year,
                      year_source=parsed.year_source if year == parsed.collection_year or kind in STATED_YEARS
                      else "given", upload_id=upload_id, tables=_with_provenance(parsed, upload_id, year, file),
                      problems=parsed.problems, not_loaded=parsed.not_loaded)


def _starts_with_markup(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(512).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _resolve_year(kind: str, stated: tuple[int, str] | None, given: int | None, file: str) -> int:
    if given is not None and not 2000 <= given <= 2100:
        fail(file, f"Collection year {given} is not a year (give the year ending 31 March, e.g. 2018 for 2017-18).",
             code="bad_year")
    if stated is not None and given is not None and stated[0] != given:
        if kind in STATED_YEARS:
            fail(file, f"The file is for {describe_year(stated[0])} (from its {stated[1]}), but collection year "
                       f"{describe_year(given)} was given. Check which year this file belongs to.", code="wrong_year")
        return given
    if stated is not None:
        return stated[0]
    if given is not None:
        return given
    hint = {"903": "put the file in a folder named for the year ('2018/') or name the year in the file name "
                   "('episodes_2017-18.csv'), or",
            "cin": "the census Header has no readable ReferenceDate;"}.get(kind, "")
    fail(file, f"The collection year of this {kind} file cannot be told: {hint} give the collection year "
               "(the year ending 31 March, e.g. 2018 for 2017-18).", code="no_year")


def _with_provenance(parsed: Parsed, upload_id: str, year: int, file: str) -> dict[str, pa.Table]:
    tables = {}
    for name, table in parsed.tables.items():
        if table.num_rows > MAX_ROWS:
            fail(file, f"{name}: {table.num_rows:,} rows; the limit is {MAX_ROWS:,}.", code="too_large")
        extra = {"upload_id": pa.array([upload_id] * table.num_rows, type=pa.string()),
                 "collection_year": pa.array([year] * table.num_rows, type=pa.int32())}
        arrays = [extra[c] if c in extra else table.column(c) for c in columns(name)]
        tables[name] = pa.Table.from_arrays(arrays, names=columns(name))
    assert [n for n, _ in PROVENANCE] == ["upload_id", "collection_year", "source_row"]
    return tables


def expand(paths: Iterable[Path | str]) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """Files to read, with their display names; a directory means every data file under it, sorted."""
    found: list[tuple[Path, str]] = []
    notes: list[Problem] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for item in sorted(p for p in path.rglob("*") if p.is_file()):
                shown = str(item.relative_to(path.parent))
                hidden = any(part.startswith((".", "~$")) for part in item.relative_to(path).parts)
                if hidden or item.suffix.lower() not in DATA_SUFFIXES:
                    notes.append(problem(shown, "Not a data file (.csv, .xml or .xlsx): skipped.", code="skipped",
                                         severity=Severity.INFO))
                    continue
                found.append((item, shown))
        elif path.is_file():
            found.append((path, path.name))
        else:
            notes.append(problem(str(path), "No such file or folder.", code="not_found"))
    return found, notes


def load_paths(con: Any, paths: Sequence[Path | str] | Path | str, *, progress: Progress | None = None,
               collection_year: int | None = None, snapshot_date: date | None = None) -> LoadReport:
    """Read every file, then load them all in one transaction; InputError (nothing loaded) if any fails."""
    if isinstance(paths, str | Path):
        paths = [paths]
    files, notes = expand(paths)
    errors = [p for p in notes if p.severity == Severity.ERROR]
    create_schema(con)
    known = {row[0] for row in con.execute("SELECT upload_id FROM uploads").fetchall()}
    report = LoadReport(problems=[p for p in notes if p.severity != Severity.ERROR])
    results: list[ReadResult] = []
    for done, (path, shown) in enumerate(files):
        if progress:
            progress("read", done, len(files))
        upload_id = file_sha256(path)
        if upload_id in known:
            report.files.append(LoadedFile(shown, "", None, upload_id, {}, already_loaded=True))
            continue
        try:
            result = read_file(path, collection_year=collection_year, snapshot_date=snapshot_date,
                               display_name=shown, upload_id=upload_id)
        except InputError as error:
            errors.extend(error.problems)
            continue
        known.add(upload_id)
        results.append(result)
        report.files.append(LoadedFile(shown, "", None, upload_id, {}))  # filled in once loaded
        report.problems.extend(result.problems)
    if progress:
        progress("read", len(files), len(files))
    if errors:
        raise InputError(errors)
    con.execute("BEGIN TRANSACTION")
    try:
        for done, result in enumerate(results):
            if progress:
                progress("load", done, len(results))
            for table, data in result.tables.items():
                _insert(con, table, data)
            con.execute("INSERT INTO uploads (upload_id, kind, collection_year, filename, rows) VALUES (?, ?, ?, ?, ?)",
                        [result.upload_id, result.kind, result.collection_year, result.display_name, result.rows])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    if progress:
        progress("load", len(results), len(results))
    loaded = {r.upload_id: LoadedFile(r.display_name, r.kind, r.collection_year, r.upload_id,
                                      {t: d.num_rows for t, d in r.tables.items()}) for r in results}
    report.files = [loaded.get(f.upload_id, f) if f.kind == "" and not f.already_loaded else f for f in report.files]
    return report


def _insert(con: Any, table: str, data: pa.Table) -> None:
    names = ", ".join(data.column_names)
    con.register("_clearsight_incoming", data)
    try:
        con.execute(f"INSERT INTO raw_{table} ({names}) SELECT {names} FROM _clearsight_incoming")
    finally:
        con.unregister("_clearsight_incoming")

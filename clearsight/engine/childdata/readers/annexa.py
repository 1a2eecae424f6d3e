"""Ofsted Annex A: an xlsx of lists (List 1 contacts … List 8 children looked after …).

Councils' workbooks differ: sheet names ("List 1", "List 1 - Contacts", "L3 Referrals"), title
rows above the header, and header wording ("Child Unique ID", "CHILD ID", "Unique Child
Identifier"). Sheets are matched by the list number in their name (or a keyword), the header row
is the first of the top 15 rows with a child-ID cell, and columns by normalised patterns (lower
case, letters and digits only) from the synonyms below.

What is loaded: List 1 -> contacts; Lists 3-8 -> allocations (the allocated team and worker, from
the list's event date, or the snapshot date when the list has none; to_date left open); Lists 6-8
"date of last statutory visit" -> visit_snapshots (cin, cp, cla) at the snapshot date; every
list's children -> children. Lists 2, 9, 10 and 11 are recognised and not loaded.

Snapshot date (the date the lists describe): the ``snapshot_date`` parameter; else a date in the
file name (2018-03-31, 31.03.2018, 31 March 2018 …); else the latest date found in the lists.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import pyarrow as pa
import pyarrow.compute as pc

from clearsight.engine.childdata.readers._common import (
    MAX_XLSX_BYTES,
    MAX_XLSX_MEMBERS,
    MAX_XLSX_RATIO,
    MAX_XLSX_UNPACKED,
    Parsed,
    any_to_text,
    bad_value_problems,
    canonical_table,
    check_size,
    collection_year_of,
    fail,
    normalise_header,
    problem,
    raise_if_errors,
    to_dates,
)
from clearsight.engine.problems import InputError, Problem, Severity

MAX_SHEET_ROWS = 1_048_576  # Excel's own limit
HEADER_SEARCH_ROWS = 15
CASE_TYPES = {6: "cin", 7: "cp", 8: "cla"}
LIST_KEYWORDS = [  # when a sheet's name has no number: (pattern on the normalised name, list)
    (r"contact", 1), (r"earlyhelp", 2), (r"referral", 3), (r"assessment", 4), (r"section47|s47", 5),
    (r"childreninneed|^cin", 6), (r"childprotection|^cp", 7), (r"lookedafter|childrenincare|^cla|^lac", 8),
    (r"careleaver", 9), (r"adopt", 10),
]
# Canonical field -> patterns (regular expressions on the normalised header), tried in order.
SYNONYMS: dict[str, list[str]] = {
    "child_id": [r"^(the)?(la)?(unique)?child(s)?(unique)?(id|identifier|ref|reference|number|no)$",
                 r"^unique(child)?(id|identifier)$", r"^(person|client)(id|identifier)$", r"^id$"],
    "sex": [r"^gender", r"^sex"],
    "dob": [r"^(date|d)of?birth", r"^dob$", r"^birthdate$"],
    "ethnicity": [r"^ethnic"],
    "team": [r"^allocated(social)?(work)?team", r"^team(name)?$", r"^allocatedservice"],
    "worker": [r"^allocated(social)?worker", r"^(allocated)?socialworker(name)?$", r"^worker(name)?$",
               r"^keyworker"],
    "contact_date": [r"^(date|d)ofcontact", r"^contactdate"],
    "contact_source": [r"^contactsource", r"^sourceofcontact"],
    "last_visit": [r"^(date|d)of(the)?last(statutory|socialwork|sw|cp|cin|cla)*visit",
                   r"^last(statutory|socialwork|sw)*visit(date)?$", r"^datechildwaslastseen", r"^(date)?lastseen"],
}
EVENT_DATES: dict[int, list[str]] = {
    3: [r"^(date|d)of(the)?referral", r"^referraldate"],
    4: [r"assessmentstartdate", r"^(date|d)?(continuous)?assessment(actual)?start", r"^startdateofassessment"],
    5: [r"section47.*(start|date)", r"s47.*(start|date)", r"^strategydiscussion.*date"],
    6: [r"^cinstartdate", r"^(date|d)?(cin)?(episode|referral)?start(ed)?date", r"^startdate"],
    7: [r"^(child)?protectionplanstartdate", r"^cp(p|plan)?startdate", r"^(date|d)?planstart"],
    8: [r"^datestarted(tobe)?lookedafter", r"^date(entered|became)(care|lookedafter)",
        r"lookedafterstartdate", r"^(date|d)?(cla|lac|periodofcare)start", r"^startdate"],
}
MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


def check_bomb(path: Path, file: str) -> None:
    """Refuse a workbook that would unpack to far more than it weighs (a zip bomb), before opening it."""
    check_size(path, MAX_XLSX_BYTES)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        fail(file, "This is not an Excel workbook Clearsight can read (.xlsx).", code="unreadable_file")
    if len(members) > MAX_XLSX_MEMBERS:
        fail(file, f"The workbook has {len(members):,} parts: refused.", code="xlsx_bomb")
    total = sum(m.file_size for m in members)
    if total > MAX_XLSX_UNPACKED:
        fail(file, f"The workbook unpacks to {total / 1024**2:,.0f} MB (limit {MAX_XLSX_UNPACKED / 1024**2:,.0f} MB): "
                   "refused as a possible zip bomb.", code="xlsx_bomb")
    for member in members:
        if member.file_size > 1024**2 and member.file_size > MAX_XLSX_RATIO * max(member.compress_size, 1):
            fail(file, f"Part {member.filename} unpacks to {member.file_size // max(member.compress_size, 1):,} "
                       "times its packed size: refused as a possible zip bomb.", code="xlsx_bomb")


def list_number(title: str) -> int | None:
    match = re.search(r"(?:^|[^a-z])(?:list|l)\s*[-_.]?\s*(\d{1,2})(?!\d)", title.lower())
    if match and 1 <= int(match[1]) <= 11:
        return int(match[1])
    name = re.sub(r"[^a-z0-9]", "", title.lower())
    for pattern, number in LIST_KEYWORDS:
        if re.search(pattern, name):
            return number
    return None


def sheet_lists(path: Path, file: str) -> dict[str, int]:
    """Sheet name -> list number, for the sheets that look like Annex A lists."""
    workbook = _open(path, file)
    try:
        return {ws.title: n for ws in workbook.worksheets if (n := list_number(ws.title)) is not None}
    finally:
        workbook.close()


def _open(path: Path, file: str) -> Any:
    """The workbook, read with calamine (Rust; ~30x faster than openpyxl on Annex A-sized files).

    Before calamine sees it: the zip is checked for bombs, and any DTD or entity declaration in
    its XML parts is refused outright (Excel never writes them)."""
    from python_calamine import CalamineWorkbook

    check_bomb(path, file)
    _refuse_dtd(path, file)
    try:
        return _Workbook(CalamineWorkbook.from_path(str(path)))
    except Exception as error:
        _damaged(file, error)


def _refuse_dtd(path: Path, file: str) -> None:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                if member.filename.endswith((".xml", ".rels")):
                    with archive.open(member) as part:
                        head = part.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        fail(file, f"Part {member.filename} declares a DTD or entities: refused (Excel never "
                                   "writes them).", code="xml_dtd")
    except zipfile.BadZipFile:
        fail(file, "This is not an Excel workbook (.xlsx): it is not a zip archive.", code="unreadable_file")


class _Sheet:
    """One sheet, with the small part of openpyxl's interface the reader uses."""

    def __init__(self, workbook: Any, title: str):
        self._workbook, self.title = workbook, title

    def iter_rows(self, values_only: bool = True) -> Any:
        for row in self._workbook.get_sheet_by_name(self.title).iter_rows():
            # calamine gives "" for an empty cell and 3.0 for a whole number; openpyxl gave None and 3.
            yield [None if v == "" else (int(v) if isinstance(v, float) and v.is_integer() else v) for v in row]


class _Workbook:
    def __init__(self, workbook: Any):
        self._workbook = workbook
        self.worksheets = [_Sheet(workbook, name) for name in workbook.sheet_names]

    def close(self) -> None:
        self._workbook.close()


def _damaged(file: str, error: Exception, sheet: str = "") -> NoReturn:
    """The workbook could not be read: a damaged file, or not an Excel workbook at all."""
    where = f"Sheet '{sheet}' of this workbook" if sheet else "This workbook"
    if "DTD" in type(error).__name__ or "Entities" in type(error).__name__:
        fail(file, f"{where} declares a DTD or entities in its XML: refused (Excel never writes them).",
             code="xml_dtd")
    fail(file, f"{where} cannot be read: it is damaged or not an Excel workbook (.xlsx) "
               f"({type(error).__name__}).", code="unreadable_file")


def match_columns(header: list[str], number: int) -> dict[str, int]:
    """Canonical field -> column position, by the synonyms (first matching column wins)."""
    names = [normalise_header(h) for h in header]
    patterns = dict(SYNONYMS)
    if number in EVENT_DATES:
        patterns["event_date"] = EVENT_DATES[number]
    found: dict[str, int] = {}
    for field, options in patterns.items():
        for option in options:
            hits = [i for i, n in enumerate(names) if n and re.search(option, n) and i not in found.values()
                    and not (field == "last_visit" and re.search(r"iro|health|dental|review", n))]
            if hits:
                found[field] = hits[0]
                break
    return found


def date_from_name(name: str) -> date | None:
    text = name.lower()
    candidates = []
    for y, m, d in re.findall(r"(?<!\d)(20\d\d)[-_.]?(\d\d)[-_.]?(\d\d)(?!\d)", text):
        candidates.append((int(y), int(m), int(d)))
    for d, m, y in re.findall(r"(?<!\d)(\d{1,2})[-_.](\d{1,2})[-_.](20\d\d)(?!\d)", text):
        candidates.append((int(y), int(m), int(d)))
    for d, m, y in re.findall(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?[ _-]?([a-z]{3})[a-z]*[ _-]?(20\d\d)(?!\d)", text):
        if m in MONTHS:
            candidates.append((int(y), MONTHS[m], int(d)))
    for y, m, d in candidates:
        try:
            return date(y, m, d)
        except ValueError:
            continue
    return None


def read_annex_a(path: Path, file: str, *, snapshot_date: date | None = None) -> Parsed:
    workbook = _open(path, file)
    problems: list[Problem] = []
    notes: list[Problem] = []
    sheets: list[tuple[int, str, dict[str, int], list[str], list[tuple[int, list[Any]]]]] = []
    try:
        for sheet in workbook.worksheets:
            number = list_number(sheet.title)
            if number is None:
                notes.append(problem(file, f"Sheet '{sheet.title}' is not an Annex A list: ignored.",
                                     code="ignored", severity=Severity.INFO))
                continue
            if number not in (1, 3, 4, 5, 6, 7, 8):
                notes.append(problem(file, f"Sheet '{sheet.title}' (list {number}) is recognised; Clearsight "
                                           "does not load this list.", code="not_loaded", severity=Severity.INFO))
                continue
            try:
                read = _read_sheet(sheet, number, file, problems, notes)
            except InputError:
                raise
            except Exception as error:  # the sheet's XML is parsed only now, as it is read
                _damaged(file, error, sheet.title)
            if read is not None:
                sheets.append(read)
    finally:
        workbook.close()
    raise_if_errors(problems)
    if not sheets:
        fail(file, "No Annex A list Clearsight uses (List 1, 3-8) was found in the workbook.", code="not_annex_a")
    return _to_canonical(sheets, file, snapshot_date, problems, notes)


def _read_sheet(sheet: Any, number: int, file: str, problems: list[Problem],
                notes: list[Problem]) -> tuple[int, str, dict[str, int], list[str], list[tuple[int, list[Any]]]] | None:
    rows = sheet.iter_rows(values_only=True)
    header: list[str] | None = None
    header_row = 0
    columns: dict[str, int] = {}
    for index, values in enumerate(rows, start=1):
        cells = ["" if v is None else str(v) for v in values]
        columns = match_columns(cells, number)
        if "child_id" in columns:
            header, header_row = cells, index
            break
        if index >= HEADER_SEARCH_ROWS:
            break
    if header is None:
        problems.append(problem(file, f"Sheet '{sheet.title}' (list {number}): no column for the child's ID "
                                      f"(such as 'Child Unique ID') in its first {HEADER_SEARCH_ROWS} rows.",
                                code="missing_column", field="Child Unique ID"))
        return None
    needed = {"contact_date": "Date of Contact"} if number == 1 else {}
    for field, label in needed.items():
        if field not in columns:
            problems.append(problem(file, f"Sheet '{sheet.title}' (list {number}) has no '{label}' column.",
                                    line=header_row, field=label, code="missing_column"))
    if 3 <= number <= 8 and not {"team", "worker"} & columns.keys():
        notes.append(problem(file, f"Sheet '{sheet.title}': no Allocated Team or Allocated Worker column, so no "
                                   "allocations are read from it.", line=header_row, code="missing_column",
                             severity=Severity.WARNING))
    if number in CASE_TYPES and "last_visit" not in columns:
        notes.append(problem(file, f"Sheet '{sheet.title}': no 'Date of last statutory visit' column, so no "
                                   "visit snapshot is read from it.", line=header_row, code="missing_column",
                             severity=Severity.WARNING))
    data: list[tuple[int, list[Any]]] = []
    blank_ids: list[int] = []
    for index, values in enumerate(rows, start=header_row + 1):
        if index > MAX_SHEET_ROWS:
            break
        if not any(v is not None and str(v).strip() for v in values):
            continue
        position = columns["child_id"]
        if position >= len(values) or any_to_text(values[position]) is None:
            blank_ids.append(index)
            continue
        data.append((index, list(values)))
    if blank_ids:
        shown = ", ".join(str(r) for r in blank_ids[:20]) + (" …" if len(blank_ids) > 20 else "")
        notes.append(problem(file, f"Sheet '{sheet.title}': {len(blank_ids)} row(s) without a child ID were not "
                                   f"read (rows {shown}).", line=blank_ids[0], code="no_child_id",
                             severity=Severity.WARNING))
    return number, sheet.title, columns, header, data


def _column(rows: list[tuple[int, list[Any]]], position: int | None) -> pa.Array | None:
    if position is None:
        return None
    return pa.array([any_to_text(v[position]) if position < len(v) else None for _, v in rows], type=pa.string())


def _to_canonical(sheets: list[tuple[int, str, dict[str, int], list[str], list[tuple[int, list[Any]]]]], file: str,
                  snapshot: date | None, problems: list[Problem], notes: list[Problem]) -> Parsed:
    if snapshot is None:
        snapshot = date_from_name(Path(file).name)
    if snapshot is None:
        latest: date | None = None
        for _, _, columns, _, rows in sheets:
            for field in ("contact_date", "event_date", "last_visit"):
                values = _column(rows, columns.get(field))
                if values is not None:
                    biggest = pc.max(to_dates(values)[0]).as_py()
                    latest = biggest if latest is None or (biggest and biggest > latest) else latest
        if latest is None:
            fail(file, "The Annex A's date cannot be told: give it (snapshot date), or put it in the file name "
                       "(e.g. 'Annex A 2018-03-31.xlsx').", code="no_snapshot_date")
        snapshot = latest
        notes.append(problem(file, f"Snapshot date taken as {snapshot:%d/%m/%Y}, the latest date in the lists.",
                             code="snapshot_date", severity=Severity.INFO))
    parts: dict[str, list[pa.Table]] = {}
    for number, title, columns, header, rows in sheets:
        if not rows:
            continue
        source = pa.array([index for index, _ in rows], type=pa.int32())
        get = {field: _column(rows, position) for field, position in columns.items()}
        labels = {field: f"{title}: {header[position]}" for field, position in columns.items()}

        def add(table: str, values: dict[str, pa.Array | None], fields: dict[str, str],
                source: pa.Array = source) -> None:
            parts.setdefault(table, []).append(canonical_table(table, file, values, source, source, problems,
                                                               fields=fields))

        add("children", {"child_id": get["child_id"], "sex": get.get("sex"), "dob": get.get("dob"),
                         "ethnicity": get.get("ethnicity")},
            {"child_id": labels["child_id"], "dob": labels.get("dob", "dob")})
        if number == 1:
            add("contacts", {"child_id": get["child_id"], "contact_date": get.get("contact_date"),
                             "contact_source": get.get("contact_source")},
                {"contact_date": labels.get("contact_date", "")})
            continue
        snapshot_column = pa.array([snapshot] * len(rows), type=pa.date32())
        event = get.get("event_date")
        if {"team", "worker"} & columns.keys():
            from_date = snapshot_column if event is None else pc.coalesce(to_dates(event)[0], snapshot_column)
            add("allocations", {"child_id": get["child_id"], "team": get.get("team"), "worker": get.get("worker"),
                                "from_date": from_date}, {"from_date": labels.get("event_date", "")})
        if number in CASE_TYPES and "last_visit" in columns:
            add("visit_snapshots", {"child_id": get["child_id"],
                                    "case_type": pa.array([CASE_TYPES[number]] * len(rows)),
                                    "snapshot_date": snapshot_column, "last_visit_date": get["last_visit"],
                                    "team": get.get("team"), "worker": get.get("worker")},
                {"last_visit_date": labels["last_visit"]})
        if event is not None:  # an unreadable event date is an error even though it is not stored as read
            problems.extend(bad_value_problems(file, labels["event_date"], "DATE", event, to_dates(event)[1], source))
    raise_if_errors(problems)
    tables = {name: pa.concat_tables(found) for name, found in parts.items()}
    if "children" in tables:
        tables["children"] = _first_per(tables["children"], ("child_id",))
    if "allocations" in tables:
        allocations = tables["allocations"]
        keep = pc.or_(pc.is_valid(allocations.column("team")), pc.is_valid(allocations.column("worker")))
        tables["allocations"] = _first_per(allocations.filter(keep), ("child_id", "from_date"), last=True)
    return Parsed(kind="annex_a", tables=tables, collection_year=collection_year_of(snapshot),
                  year_source=f"snapshot date {snapshot:%d/%m/%Y}", problems=notes)


def _first_per(table: pa.Table, keys: tuple[str, ...], *, last: bool = False) -> pa.Table:
    """One row per key: the first (or, with ``last``, the latest-list) occurrence."""
    seen: dict[tuple[Any, ...], int] = {}
    columns = [table.column(k).to_pylist() for k in keys]
    for position, key in enumerate(zip(*columns, strict=True)):
        if last or key not in seen:
            seen[key] = position
    return table.take(pa.array(sorted(seen.values()), type=pa.int64()))

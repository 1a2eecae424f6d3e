"""What every child-data reader shares: limits, problems, UK dates, codes and headers.

Readers turn a file into *parsed tables*: pyarrow tables named after the canonical tables in
``schema.py``, holding the data columns plus ``source_row`` (provenance columns ``upload_id`` and
``collection_year`` are added by ``load.read_file``). Conversions are vectorised (pyarrow compute),
so a million-row file costs seconds, and every value that cannot be converted becomes a Problem
naming the file, line or row, and field. A file with any error is rejected whole.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import pyarrow as pa
import pyarrow.compute as pc

from clearsight.engine.childdata.schema import TABLES
from clearsight.engine.problems import InputError, Problem, Severity

# Limits. A council's largest real file (an SSDA903 Episodes table, a CIN census) is tens of MB;
# these leave ample room while refusing anything that would exhaust the machine.
MAX_FILE_BYTES = 2 * 1024**3  # any one input file
MAX_ROWS = 20_000_000  # rows in one table of one file
MAX_PROBLEMS = 100  # problems listed for one file before "… and N more"
MAX_XLSX_BYTES = 200 * 1024**2  # an Annex A workbook as uploaded
MAX_XLSX_UNPACKED = 1024**3  # its members unpacked, all together
MAX_XLSX_RATIO = 100  # unpacked / packed size of one large member (real sheets: 5-20)
MAX_XLSX_MEMBERS = 10_000

ARROW_TYPES: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(), "DATE": pa.date32(), "BOOLEAN": pa.bool_(), "INTEGER": pa.int32(),
    "DOUBLE": pa.float64(),
}
TRUE_WORDS = ("1", "y", "yes", "true", "t")
FALSE_WORDS = ("0", "n", "no", "false", "f")


@dataclass
class Parsed:
    """What a reader found in one file: canonical tables, the year the file states, and notes."""

    kind: str
    tables: dict[str, pa.Table]
    collection_year: int | None = None  # as stated by the file itself (None: not stated)
    year_source: str = ""  # where the year came from, for messages
    problems: list[Problem] = field(default_factory=list)  # warnings and notes only
    not_loaded: list[str] = field(default_factory=list)  # tables recognised but with no canonical home


def problem(file: str, message: str, *, line: int | None = None, field: str = "", code: str = "bad_value",
            severity: Severity = Severity.ERROR) -> Problem:
    return Problem(severity, code, message, line=line, field=field, file=file)


def fail(file: str, message: str, *, line: int | None = None, field: str = "", code: str = "unreadable_file") -> NoReturn:
    raise InputError([problem(file, message, line=line, field=field, code=code)])


def raise_if_errors(problems: list[Problem]) -> None:
    errors = [p for p in problems if p.severity == Severity.ERROR]
    if errors:
        raise InputError(cap(errors))


def cap(problems: list[Problem]) -> list[Problem]:
    """At most MAX_PROBLEMS problems, then one saying how many more there were."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    first = problems[0]
    more = problem(first.file, f"… and {len(problems) - MAX_PROBLEMS:,} more problems like these.",
                   code="more_problems")
    return problems[:MAX_PROBLEMS] + [more]


def check_size(path: Path, limit: int = MAX_FILE_BYTES) -> int:
    size = path.stat().st_size
    if size > limit:
        fail(path.name, f"The file is {size / 1024**2:,.0f} MB; the limit is {limit / 1024**2:,.0f} MB.",
             code="too_large")
    if size == 0:
        fail(path.name, "The file is empty.", code="empty")
    return size


def normalise_header(text: object) -> str:
    """'Child Unique ID' / "child_unique-id" / ' CHILD UNIQUE ID\u00a0' -> 'childuniqueid'."""
    folded = unicodedata.normalize("NFKC", str(text or "")).lower()
    return re.sub(r"[^a-z0-9]", "", folded)


def collection_year_of(day: date) -> int:
    """The collection year (ending 31 March) a date falls in: 2017-04-01 .. 2018-03-31 -> 2018."""
    return day.year + 1 if day.month >= 4 else day.year


def describe_year(year: int) -> str:
    return f"{year - 1}-{year % 100:02d}"


# ---------------------------------------------------------------------------------------------
# Vectorised conversions. Each returns (converted array, mask of values that could not be read).

_UK = r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
_ISO = r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T\s]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"


def blank_to_null(values: pa.Array) -> pa.Array:
    trimmed = pc.utf8_trim_whitespace(values)
    return pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)


def to_dates(values: pa.Array) -> tuple[pa.Array, pa.Array]:
    """UK dates (dd/mm/YYYY, as in DfE files) or ISO dates (YYYY-mm-dd, as in XML) -> date32.

    Impossible dates (31/02/2018) are refused, not rolled over to March as strptime would.
    """
    text = blank_to_null(values.cast(pa.string()))
    uk = pc.extract_regex(text, _UK)
    iso = pc.extract_regex(text, _ISO)
    parts = {}
    for name in ("d", "m", "y"):
        parts[name] = pc.coalesce(pc.struct_field(uk, name), pc.struct_field(iso, name)).cast(pa.int32())
    y, m, d = parts["y"], parts["m"], parts["d"]
    valid_shape = pc.and_(pc.and_(pc.greater_equal(m, 1), pc.less_equal(m, 12)),
                          pc.and_(pc.greater_equal(d, 1), pc.less_equal(d, 31)))
    valid_shape = pc.and_(valid_shape, pc.greater_equal(y, 1800))
    iso_text = pc.binary_join_element_wise(
        y.cast(pa.string()), pc.utf8_lpad(m.cast(pa.string()), 2, "0"),
        pc.utf8_lpad(d.cast(pa.string()), 2, "0"), "-")
    iso_text = pc.if_else(pc.fill_null(valid_shape, False), iso_text, pa.scalar(None, pa.string()))
    stamps = pc.strptime(iso_text, format="%Y-%m-%d", unit="s", error_is_null=True)
    # strptime rolls 2018-02-31 over to 2018-03-03: keep only dates whose day and month survive.
    same = pc.and_(pc.equal(pc.day(stamps), d), pc.equal(pc.month(stamps), m))
    dates = pc.if_else(pc.fill_null(same, False), stamps.cast(pa.date32()), pa.scalar(None, pa.date32()))
    bad = pc.and_(pc.is_valid(text), pc.is_null(dates))
    return dates, bad


def to_bools(values: pa.Array) -> tuple[pa.Array, pa.Array]:
    text = pc.utf8_lower(blank_to_null(values.cast(pa.string())))
    is_true = pc.is_in(text, value_set=pa.array(TRUE_WORDS))
    is_false = pc.is_in(text, value_set=pa.array(FALSE_WORDS))
    result = pc.if_else(is_true, True, pc.if_else(is_false, False, pa.scalar(None, pa.bool_())))
    bad = pc.and_(pc.is_valid(text), pc.is_null(result))
    return result, bad


def to_ints(values: pa.Array, low: int = 0, high: int = 999_999_999) -> tuple[pa.Array, pa.Array]:
    """Whole numbers of up to nine digits (England has some 12 million children aged 0-17: a national
    population row must load); anything else is a bad value."""
    text = blank_to_null(values.cast(pa.string()))
    digits = pc.match_substring_regex(text, r"^-?\d{1,9}$")
    numbers = pc.if_else(pc.fill_null(digits, False), text, pa.scalar(None, pa.string())).cast(pa.int64())
    in_range = pc.and_(pc.greater_equal(numbers, low), pc.less_equal(numbers, high))
    result = pc.if_else(pc.fill_null(in_range, False), numbers, pa.scalar(None, pa.int64())).cast(pa.int32())
    bad = pc.and_(pc.is_valid(text), pc.is_null(result))
    return result, bad


def to_doubles(values: pa.Array) -> tuple[pa.Array, pa.Array]:
    text = blank_to_null(values.cast(pa.string()))
    ok = pc.match_substring_regex(text, r"^-?(\d+(\.\d*)?|\.\d+)$")
    result = pc.if_else(pc.fill_null(ok, False), text, pa.scalar(None, pa.string())).cast(pa.float64())
    bad = pc.and_(pc.is_valid(text), pc.is_null(result))
    return result, bad


CONVERTERS = {"DATE": to_dates, "BOOLEAN": to_bools, "INTEGER": to_ints, "DOUBLE": to_doubles}
EXPECTED = {
    "DATE": "a date written dd/mm/yyyy",
    "BOOLEAN": "yes/no (1/0, Y/N, true/false)",
    "INTEGER": "a whole number",
    "DOUBLE": "a number",
}


def bad_value_problems(file: str, field: str, kind: str, raw: pa.Array, bad: pa.Array,
                       lines: Sequence[int] | pa.Array, *, where: str = "row") -> list[Problem]:
    """One problem per unreadable value (capped), naming its row (or line) and field."""
    if not pc.any(bad).as_py():
        return []
    positions = pc.indices_nonzero(bad).to_pylist()
    picked = positions[: MAX_PROBLEMS + 1]
    line_list = lines.take(pa.array(picked)).to_pylist() if isinstance(lines, pa.Array) else [
        lines[i] for i in picked]
    values = raw.take(pa.array(picked)).to_pylist()
    found = []
    for line, value in zip(line_list, values, strict=True):
        label = "Impossible or unreadable date" if kind == "DATE" else "Unreadable value"
        found.append(problem(file, f"{label} '{value}' ({where} {line}): expected {EXPECTED[kind]}.",
                             line=line, field=field, code="bad_date" if kind == "DATE" else "bad_value"))
    if len(positions) > len(picked):
        found.append(problem(file, f"… and {len(positions) - len(picked):,} more unreadable values in {field}.",
                             field=field, code="more_problems"))
    return found


def empty_column(name: str, kind: str, length: int) -> pa.Array:
    return pa.nulls(length, type=ARROW_TYPES[kind])


def canonical_table(table: str, file: str, columns: dict[str, pa.Array | None], source_rows: pa.Array,
                    lines: pa.Array | Sequence[int], problems: list[Problem], *,
                    fields: dict[str, str] | None = None, where: str = "row") -> pa.Table:
    """Build a canonical table from raw string (or already typed) columns, converting by type.

    ``columns`` maps canonical column -> raw values (None: not in this file -> all null);
    ``fields`` maps canonical column -> the name the file uses, for messages. Conversion
    problems are appended to ``problems``.
    """
    length = len(source_rows)
    arrays: list[pa.Array] = []
    names: list[str] = []
    for name, kind in TABLES[table]:
        raw = columns.get(name)
        target = ARROW_TYPES[kind]
        if raw is None:
            array = empty_column(name, kind, length)
        elif isinstance(raw, pa.ChunkedArray):
            array = _convert(raw.combine_chunks(), kind, target, file, (fields or {}).get(name, name), lines,
                             problems, where)
        else:
            array = _convert(raw, kind, target, file, (fields or {}).get(name, name), lines, problems, where)
        arrays.append(array)
        names.append(name)
    arrays.append(source_rows.cast(pa.int32()))
    names.append("source_row")
    return pa.Table.from_arrays(arrays, names=names)


def _convert(raw: pa.Array, kind: str, target: pa.DataType, file: str, field: str,
             lines: pa.Array | Sequence[int], problems: list[Problem], where: str) -> pa.Array:
    if kind == "VARCHAR":
        return blank_to_null(raw.cast(pa.string()))
    if raw.type == target:
        return raw
    converted, bad = CONVERTERS[kind](raw)
    problems.extend(bad_value_problems(file, field, kind, raw.cast(pa.string()), bad, lines, where=where))
    return converted


def check_codes(file: str, field: str, values: pa.Array, allowed: Iterable[str], lines: pa.Array | Sequence[int],
                message: str, *, where: str = "row") -> list[Problem]:
    """Problems for values (non-blank) not in ``allowed``, e.g. a sex code from another year's list."""
    text = blank_to_null(values.cast(pa.string()))
    bad = pc.and_(pc.is_valid(text), pc.invert(pc.is_in(pc.utf8_upper(text), value_set=pa.array(list(allowed)))))
    if not pc.any(bad).as_py():
        return []
    positions = pc.indices_nonzero(bad).to_pylist()
    picked = positions[:MAX_PROBLEMS]
    line_list = lines.take(pa.array(picked)).to_pylist() if isinstance(lines, pa.Array) else [
        lines[i] for i in picked]
    found = [problem(file, f"'{text[i].as_py()}' ({where} {line}): {message}", line=line, field=field,
                     code="wrong_code") for i, line in zip(picked, line_list, strict=True)]
    if len(positions) > len(picked):
        found.append(problem(file, f"… and {len(positions) - len(picked):,} more like this in {field}.",
                             field=field, code="more_problems"))
    return found


def year_from_path(path: Path) -> tuple[int, str] | None:
    """A collection year stated by a file's folder (``2018/``) or name (``episodes_2017-18.csv``)."""
    parent = path.parent.name
    if re.fullmatch(r"20\d\d", parent):
        return int(parent), f"folder '{parent}/'"
    match = re.fullmatch(r"(20\d\d)[-_ ]?(\d\d)", parent)
    if match and (int(match[1]) + 1) % 100 == int(match[2]):
        return int(match[1]) + 1, f"folder '{parent}/'"
    stem = path.stem
    spans = re.findall(r"(?<!\d)(20\d\d)[-_ ]?(\d\d)(?!\d)", stem)
    years = {int(a) + 1 for a, b in spans if (int(a) + 1) % 100 == int(b)}
    if not years:
        years = {int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", stem)}
    if len(years) == 1:
        (year,) = years
        return year, f"file name '{path.name}'"
    return None


def any_to_text(value: Any) -> str | None:
    """A spreadsheet cell as text: dates as dd/mm/yyyy, whole floats without '.0'."""
    if value is None:
        return None
    if hasattr(value, "strftime"):
        return str(value.strftime("%d/%m/%Y"))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


# ---------------------------------------------------------------------------------------------
# Small CSVs whose headers vary (workforce, population): matched by synonyms.

def csv_header(path: Path, file: str) -> list[str]:
    """The header row's cells, stripped (a UTF-8 byte-order mark is allowed)."""
    limit = 64 * 1024
    with path.open("rb") as handle:
        head = handle.read(limit)
    body = head.removeprefix(b"\xef\xbb\xbf")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        # Reading stopped mid-character: keep what came before. Anything else is not UTF-8.
        if len(head) < limit or error.start < len(body) - 4:
            fail(file, "The file is not UTF-8 text: save it as 'CSV UTF-8' and try again.", line=1, code="encoding")
        text = body[: error.start].decode("utf-8")
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        fail(file, "The first line should name the columns; it is blank.", line=1, code="missing_header")
    try:
        cells = next(csv.reader(io.StringIO(lines[0])))
    except (csv.Error, StopIteration):
        fail(file, "The first line cannot be read as CSV column names.", line=1, code="missing_header")
    columns = [cell.strip().strip('"').strip() for cell in cells]
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    if duplicated:
        fail(file, f"Column(s) {', '.join(duplicated)} appear more than once.", line=1, code="wrong_columns")
    return columns


def read_csv_strings(path: Path, file: str, columns: list[str]) -> pa.Table:
    """Every row of a CSV as text ('' for blank), named by ``columns`` (the header row is skipped)."""
    import pyarrow.csv as pacsv

    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(column_names=columns, skip_rows=1, block_size=16 * 1024**2),
            convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in columns},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as error:
        text = str(error).splitlines()[0] if str(error) else type(error).__name__
        if "UTF8" in text or "utf-8" in text.lower() or isinstance(error, UnicodeDecodeError):
            fail(file, "The file is not UTF-8 text: save it as 'CSV UTF-8' and try again.", code="encoding")
        match = re.search(r"[Rr]ow #(\d+)", text)
        fail(file, f"The CSV cannot be read: {text}", line=int(match[1]) + 1 if match else None, code="bad_csv")
    if table.num_rows > MAX_ROWS:
        fail(file, f"The file has {table.num_rows:,} rows; the limit is {MAX_ROWS:,}.", code="too_large")
    return table


def read_text_csv(path: Path, file: str) -> tuple[list[str], pa.Table]:
    """A CSV's header cells as written and its rows, every value as text."""
    check_size(path)
    header = csv_header(path, file)
    return header, read_csv_strings(path, file, header)


def map_headers(header: list[str], synonyms: dict[str, list[str]], required: Iterable[str], file: str,
                what: str) -> tuple[dict[str, int], list[Problem]]:
    """Field -> column position. Missing required fields raise (naming missing and unknown columns)."""
    names = [normalise_header(h) for h in header]
    found: dict[str, int] = {}
    for name, patterns in synonyms.items():
        for pattern in patterns:
            hits = [i for i, n in enumerate(names) if re.search(pattern, n) and i not in found.values()]
            if hits:
                found[name] = hits[0]
                break
    unknown = [header[i] for i in range(len(header)) if i not in found.values()]
    missing = [f for f in required if f not in found]
    if missing:
        detail = f"; unknown column(s): {', '.join(unknown)}" if unknown else ""
        fail(file, f"This {what} file needs the column(s) {', '.join(missing)}{detail}. Columns read: "
                   f"{', '.join(synonyms)}.", line=1, code="missing_column")
    notes = []
    if unknown:
        notes.append(problem(file, f"Column(s) {', '.join(unknown)} are not used by Clearsight: ignored.", line=1,
                             code="ignored", severity=Severity.WARNING))
    return found, notes

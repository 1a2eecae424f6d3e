"""Reading a file of figures (CSV or xlsx) that a performance team fills in by hand.

Columns (a header row, matched case-insensitively; order does not matter):

    measure       the measure's id, e.g. audit_assessments_good
    period        2017-10, October 2017, 2017-18-Q2, 2017-18 …
    unit          optional: blank or "authority" for the whole council, else a service or team name
    numerator     optional
    denominator   optional
    value         optional when numerator and denominator are given
    commentary    optional

Rows are returned with their spreadsheet row numbers; every problem names the file, row and column.
Nothing here knows about measures' units — the caller checks figures against their measures.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath

from clearsight.engine.periods import Period, PeriodError, parse_period
from clearsight.engine.problems import InputError, Problem, Severity
from clearsight.engine.values import read_number

REQUIRED = ("measure", "period")
OPTIONAL = ("unit", "numerator", "denominator", "value", "commentary")
MAX_ROWS = 50_000
MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FigureRow:
    row: int
    measure_key: str
    period: Period
    unit: str
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    commentary: str


def _error(filename: str, message: str, row: int | None = None, field: str = "", code: str = "bad_row") -> Problem:
    return Problem(Severity.ERROR, code, message, line=row, field=field, file=filename)


def _rows_from_csv(data: bytes, filename: str) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([_error(filename, f"The file is not UTF-8 text (byte {exc.start}). Save it as "
                                           "'CSV UTF-8' and try again.", code="encoding")]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return [row for row in reader]
    except csv.Error as exc:
        raise InputError([_error(filename, f"The CSV cannot be read: {exc}.", row=reader.line_num,
                                 code="unreadable_file")]) from None


def _rows_from_xlsx(data: bytes, filename: str) -> list[list[str]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(i.file_size for i in archive.infolist()) > 20 * MAX_BYTES:
                raise InputError([_error(filename, "The workbook unpacks to far more than its size: refused.",
                                         code="too_large")])
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except InputError:
        raise
    except Exception:
        raise InputError([_error(filename, "This is not an Excel workbook Clearsight can read (.xlsx).",
                                 code="unreadable_file")]) from None
    sheet = workbook.worksheets[0]
    rows = []
    for values in sheet.iter_rows(values_only=True):
        rows.append(["" if v is None else (f"{v:%Y-%m-%d}" if hasattr(v, "strftime") else str(v)) for v in values])
        if len(rows) > MAX_ROWS + 1:
            break
    return rows


def read_figures(data: bytes, filename: str, *, max_rows: int = MAX_ROWS) -> list[FigureRow]:
    """Read every row, or raise InputError listing every problem (all or nothing)."""
    if len(data) > MAX_BYTES:
        raise InputError([_error(filename, f"The file is larger than {MAX_BYTES // 1_048_576} MB.", code="too_large")])
    suffix = PurePath(filename).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputError([_error(filename, "Upload a .csv or .xlsx file.", code="unknown_format")])
    rows = _rows_from_xlsx(data, filename) if suffix == ".xlsx" else _rows_from_csv(data, filename)
    # Keep each row's number in the file (blank rows count), so messages point at the right row.
    numbered = [(n, r) for n, r in enumerate(rows, start=1) if any(cell.strip() for cell in r)]
    if not numbered:
        raise InputError([_error(filename, "The file is empty.", code="empty")])
    if len(numbered) > min(max_rows, MAX_ROWS) + 1:
        raise InputError([_error(filename, f"The file has more than {min(max_rows, MAX_ROWS):,} rows of figures; "
                                           "split it into smaller files.", code="too_large")])
    header_row, header_cells = numbered[0]
    header = [cell.strip().lower() for cell in header_cells]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise InputError([_error(filename, f"The header row needs the column(s) {', '.join(missing)}. "
                                           f"Columns allowed: {', '.join(REQUIRED + OPTIONAL)}.", row=header_row,
                                 code="missing_column")])
    unknown = [name for name in header if name and name not in REQUIRED + OPTIONAL]
    if unknown:
        raise InputError([_error(filename, f"Unknown column(s) {', '.join(unknown)}. Columns allowed: "
                                           f"{', '.join(REQUIRED + OPTIONAL)}.", row=header_row, code="unknown_column")])
    index = {name: header.index(name) for name in REQUIRED + OPTIONAL if name in header}
    problems: list[Problem] = []
    figures: list[FigureRow] = []
    for number, raw in numbered[1:]:
        def cell(name: str, raw: list[str] = raw) -> str:
            position = index.get(name)
            return raw[position].strip() if position is not None and position < len(raw) else ""

        row_problems: list[Problem] = []
        key = cell("measure")
        if not key:
            row_problems.append(_error(filename, "Give the measure's id.", number, "measure"))
        period: Period | None = None
        try:
            period = parse_period(cell("period"))
        except PeriodError as error:
            row_problems.append(_error(filename, str(error), number, "period"))
        numbers: dict[str, Decimal | None] = {}
        for name in ("numerator", "denominator", "value"):
            try:
                numbers[name] = read_number(cell(name))
            except ValueError:
                row_problems.append(_error(filename, f"'{cell(name)}' is not a number.", number, name))
        if row_problems or period is None:
            problems += row_problems
            continue
        figures.append(FigureRow(number, key, period, cell("unit"), numbers.get("numerator"),
                                 numbers.get("denominator"), numbers.get("value"), cell("commentary")))
    if problems:
        raise InputError(problems)
    return figures

"""Benchmarks from DfE's Explore Education Statistics (EES) open data CSVs, and statistical neighbours.

An EES file has the standard columns ``time_period``, ``time_identifier``, ``geographic_level``,
``country_code``, ``country_name`` (always), ``region_code``, ``region_name`` (when there are
regional or local authority rows) and ``old_la_code``, ``new_la_code``, ``la_name`` (when there
are local authority rows), then one column per indicator. ``mapping`` says which indicator
columns to read and the id each becomes. Rows at any other level (Local authority district,
Ward …, or a misspelt level) are skipped and counted in a warning that names the level.
``filters`` keeps only rows with given values in breakdown columns (``{"characteristic": "Total"}``).

Years are collection years, named by the year in which they end on 31 March: ``201718`` (any
year-spanning ``time_identifier``: Financial, Academic, Tax or Reporting year) is 2018; a
four-digit ``2018`` is read only with ``time_identifier`` "Reporting year" (the year to 31 March
2018, as the children looked after and children in need releases use it). Anything else is refused.

A value is a number (``1,234``, ``86%`` are read) or one of EES's codes, kept as the reason and
never turned into 0: ``c`` confidential, ``z`` not applicable, ``x`` / ``:`` not available,
``k`` / ``~`` / ``low`` fewer than 5 or rounds to zero, ``u`` low reliability. A blank cell is an
error: EES files mark every missing value with a code. All or nothing: any problem raises
``InputError`` listing every problem, each naming the file, row and column.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypedDict

from clearsight.engine.problems import InputError, Problem, Severity

STANDARD = ("time_period", "time_identifier", "geographic_level", "country_code", "country_name")
REGION_COLUMNS = ("region_code", "region_name")
LA_COLUMNS = ("old_la_code", "new_la_code", "la_name")
LEVELS = {"national": "national", "regional": "regional", "local authority": "la"}
CODES = {"c": "confidential", "z": "not applicable", "x": "not available", ":": "not available",
         "k": "fewer than 5 or rounds to zero", "~": "fewer than 5 or rounds to zero",
         "low": "fewer than 5 or rounds to zero", "u": "low reliability"}  # fmt: skip
SPANNING = ("financial year", "academic year", "tax year", "reporting year")
ENGLAND = "E92000001"
NEIGHBOURS = 10  # DfE's statistical neighbour model gives each council ten
MAX_BYTES = 64 * 1024 * 1024
MAX_PROBLEMS = 100
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


@dataclass(frozen=True)
class BenchmarkValue:
    indicator: str
    year: int  # the collection year, by the 31 March it ends on
    geographic_level: str  # "national", "regional" or "la"
    area_code: str  # E92000001 England, E12… a region, E06-E10… a council
    area_name: str
    old_la_code: str | None  # "343" Sefton; None above LA level
    region_code: str | None  # a council's region (its regional benchmark), or a region's own code
    value: float | None
    suppressed: str | None  # the EES code as published ("c", "x" …) when there is no value
    row: int = 0


@dataclass(frozen=True)
class BenchmarkFile:
    filename: str
    values: tuple[BenchmarkValue, ...]
    warnings: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class StatisticalNeighbours:
    filename: str
    neighbours: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # council → codes by rank
    warnings: tuple[Problem, ...] = ()


class Line(TypedDict):
    area_code: str
    area_name: str
    value: float | None
    suppressed: str | None


class NeighbourAverage(TypedDict):
    value: float | None  # the mean of the neighbours with a value; None if none has one
    available: int
    suppressed: int  # published with a code instead of a value: excluded
    missing: int  # no row in the data at all
    codes: list[str]  # the neighbours asked for, by rank
    sentence: str


class Lines(TypedDict):
    indicator: str
    year: int
    la: Line | None
    england: Line | None
    region: Line | None
    neighbours: NeighbourAverage


class _Problems(list[Problem]):
    def __init__(self, filename: str):
        super().__init__()
        self.filename = filename

    def add(self, message: str, row: int | None = None, column: str = "", code: str = "bad_value",
            severity: Severity = Severity.ERROR) -> None:  # fmt: skip
        self.append(Problem(severity, code, message, line=row, field=column, file=self.filename))

    def errors(self) -> list[Problem]:
        errors = [p for p in self if p.severity is Severity.ERROR]
        if len(errors) <= MAX_PROBLEMS:
            return errors
        more = Problem(Severity.ERROR, "too_many_problems", f"… and {len(errors) - MAX_PROBLEMS:,} more "
                       "problems like these.", file=self.filename)  # fmt: skip
        return [*errors[:MAX_PROBLEMS], more]


def _table(data: bytes, problems: _Problems) -> list[tuple[int, dict[str, str]]]:
    """Rows as {column: cell} with their row numbers (the header is row 1); raises if unreadable."""
    if len(data) > MAX_BYTES:
        problems.add(f"The file is larger than {MAX_BYTES // 1_048_576} MB.", code="too_large")
        raise InputError(problems.errors())
    try:
        reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        rows = [(n, row) for n, row in enumerate(reader, start=1) if any(c.strip() for c in row)]
    except UnicodeDecodeError as exc:
        problems.add(f"The file is not UTF-8 text (byte {exc.start}); download it again from Explore "
                     "Education Statistics, or save it as 'CSV UTF-8'.", code="encoding")  # fmt: skip
        raise InputError(problems.errors()) from None
    except csv.Error as exc:
        problems.add(f"The CSV cannot be read: {exc}.", code="unreadable_file")
        raise InputError(problems.errors()) from None
    if not rows:
        problems.add("The file is empty.", code="empty")
        raise InputError(problems.errors())
    header = [c.strip().lower() for c in rows[0][1]]
    if repeated := sorted({c for c in header if c and header.count(c) > 1}):
        problems.add(f"The header names column(s) {', '.join(repeated)} more than once.", 1, repeated[0],
                     "duplicate_column")  # fmt: skip
        raise InputError(problems.errors())
    return [(n, {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header) if h})
            for n, row in rows]  # fmt: skip


def _require(header: Iterable[str], wanted: Iterable[str], problems: _Problems, why: str = "") -> None:
    for column in wanted:
        if column not in header:
            problems.add(f"The column '{column}' is missing{why}.", 1, column, "missing_column")


def _year(period: str, identifier: str) -> tuple[int | None, str, str]:
    """(year, problem, column): the collection year, or why it cannot be read."""
    kind = identifier.strip().lower()
    if re.fullmatch(r"\d{6}", period, re.ASCII):
        first, second = int(period[:4]), int(period[4:])
        if (first + 1) % 100 != second:
            return None, f"'{period}' is not two years in a row (like 201718).", "time_period"
        if kind not in SPANNING:
            why = f"'{identifier}' is not a time_identifier for a year spanning two (Financial year …)."
            return None, why, "time_identifier"
        return first + 1, "", ""
    if re.fullmatch(r"\d{4}", period, re.ASCII):
        if kind == "reporting year":
            return int(period), "", ""
        why = (f"A four-digit time_period ({period}) is read only with time_identifier 'Reporting year', "
               f"not '{identifier}': it cannot be placed on a year ending 31 March.")
        return None, why, "time_period"
    return None, f"'{period}' is not a time_period Clearsight can read: use 201718 or 2018.", "time_period"


def _value(text: str) -> tuple[float | None, str | None] | None:
    """(value, code), or None when the cell is neither a number nor an EES code."""
    if text.lower() in CODES:
        return None, text.lower()
    number = text.strip("%").strip()
    if not _NUMBER.fullmatch(number):
        return None
    value = float(number.replace(",", ""))
    return (value, None) if math.isfinite(value) else None


def read_ees_csv(data: bytes, filename: str, mapping: Mapping[str, str], *,
                 filters: Mapping[str, str] | None = None) -> BenchmarkFile:  # fmt: skip
    """Read the mapped indicator columns ({csv column: indicator id}) of an EES open data CSV."""
    problems = _Problems(filename)
    rows = _table(data, problems)
    header = list(rows[0][1])
    wanted = {column.strip().lower(): indicator for column, indicator in mapping.items()}
    chosen = {column.strip().lower(): value.strip() for column, value in (filters or {}).items()}
    _require(header, STANDARD, problems, " (a standard column of Explore Education Statistics files)")
    if not wanted:
        problems.add("Say which indicator columns to read (the mapping is empty).", 1, code="missing_column")
    for column in [*wanted, *chosen]:
        if column not in header:
            problems.add(f"The column '{column}' is not in the file.", 1, column, "unknown_column")
    if problems:
        raise InputError(problems.errors())
    body = [(n, r) for n, r in rows[1:] if all(r.get(c, "").lower() == v.lower() for c, v in chosen.items())]
    levels = {LEVELS.get(r["geographic_level"].lower()) for _, r in body}
    if levels & {"regional", "la"}:
        _require(header, REGION_COLUMNS, problems, " (the file has regional or local authority rows)")
    if "la" in levels:
        _require(header, LA_COLUMNS, problems, " (the file has local authority rows)")
    if problems:
        raise InputError(problems.errors())
    values: list[BenchmarkValue] = []
    seen: dict[tuple[str, int, str], int] = {}
    skipped: dict[str, int] = {}
    for n, r in body:
        level_text = r["geographic_level"]
        level = LEVELS.get(level_text.lower())
        if level is None:  # Local authority district, Ward, School …: not benchmarks
            skipped[level_text] = skipped.get(level_text, 0) + 1
            continue
        year, why, column = _year(r["time_period"], r["time_identifier"])
        if year is None:
            problems.add(why, n, column, "bad_time_period")
        prefix = {"national": "country", "regional": "region", "la": "new_la"}[level]
        code, name = r[f"{prefix}_code"], r[f"{prefix}_name" if level != "la" else "la_name"]
        if not code:
            problems.add(f"A {level_text} row needs its {prefix}_code.", n, f"{prefix}_code", "missing_code")
        for column, indicator in wanted.items():
            read = _value(r[column])
            if read is None:
                why = f"'{r[column]}' is neither a number nor an EES code (c, z, x, k, ~, :, u)."
                if not r[column]:
                    why = "The cell is blank: EES marks a missing value with a code such as x."
                problems.add(why, n, column)
            elif year is not None and code:
                if (first := seen.setdefault((indicator, year, code), n)) != n:
                    problems.add(f"{name} {year} is already on row {first}: give filters to choose one row "
                                 "per area and year (for example characteristic=Total).", n, column,
                                 "duplicate_row")  # fmt: skip
                old = (r["old_la_code"] or None) if level == "la" else None
                region = (r["region_code"] or None) if level != "national" else None
                values.append(BenchmarkValue(indicator, year, level, code, name, old, region, *read, n))
    if errors := problems.errors():
        raise InputError(errors)
    for level_text, count in skipped.items():
        problems.add(f"{count:,} row(s) at level '{level_text}' were skipped: benchmarks use National, "
                     "Regional and Local authority rows.", code="skipped_level",
                     severity=Severity.WARNING)  # fmt: skip
    return BenchmarkFile(filename, tuple(values), tuple(problems))


def read_neighbours_csv(data: bytes, filename: str) -> StatisticalNeighbours:
    """Read ``la_code, neighbour_code, rank`` rows (ten per council; other counts are warned)."""
    problems = _Problems(filename)
    rows = _table(data, problems)
    _require(rows[0][1], ("la_code", "neighbour_code", "rank"), problems)
    if problems:
        raise InputError(problems.errors())
    ranked: dict[str, list[tuple[int, str, int]]] = {}
    for n, r in rows[1:]:
        la, other, rank = r["la_code"], r["neighbour_code"], r["rank"]
        mine = ranked.setdefault(la, []) if la else []
        for column in ("la_code", "neighbour_code"):
            if not r[column]:
                problems.add(f"Give the {column}.", n, column, "missing_code")
        if not re.fullmatch(r"[1-9]\d{0,2}", rank, re.ASCII):
            problems.add(f"'{rank}' is not a rank (a whole number from 1).", n, "rank")
        elif any(int(rank) == k for k, _, _ in mine):
            problems.add(f"{la} has rank {rank} twice.", n, "rank", "duplicate_rank")
        if other and other == la:
            problems.add(f"{la} cannot be its own neighbour.", n, "neighbour_code")
        elif other and any(other == o for _, o, _ in mine):
            problems.add(f"{other} is already a neighbour of {la}.", n, "neighbour_code",
                         "duplicate_neighbour")  # fmt: skip
        elif la and other and rank.isdigit():
            mine.append((int(rank), other, n))
    if errors := problems.errors():
        raise InputError(errors)
    for la, mine in ranked.items():
        if len(mine) != NEIGHBOURS:
            problems.add(f"{la} has {len(mine)} statistical neighbours; DfE's model gives {NEIGHBOURS}.",
                         mine[0][2] if mine else None, "la_code", "neighbour_count",
                         Severity.WARNING)  # fmt: skip
        elif sorted(k for k, _, _ in mine) != list(range(1, NEIGHBOURS + 1)):
            problems.add(f"{la}'s ranks are not 1 to {NEIGHBOURS}.", mine[0][2], "rank", "rank_gap",
                         Severity.WARNING)  # fmt: skip
    neighbours = {la: tuple(o for _, o, _ in sorted(mine)) for la, mine in ranked.items()}
    return StatisticalNeighbours(filename, neighbours, tuple(problems))


def latest_year(values: Iterable[BenchmarkValue], indicator: str, level: str = "national") -> int | None:
    """The latest year with a published England (or regional, or LA) row for ``indicator``."""
    years = [v.year for v in values if v.indicator == indicator and v.geographic_level == level]
    return max(years, default=None)


def benchmark_lines(values: Iterable[BenchmarkValue], *, la_code: str, indicator: str, year: int,
                    neighbours: StatisticalNeighbours | Sequence[str]) -> Lines:  # fmt: skip
    """England, the council's region and its statistical neighbours' average for one indicator and year.

    ``la_code`` is the council's new (E08000014) or old (343) code; neighbours may use either.
    The neighbour average is the plain mean of the neighbours with a published value: suppressed
    ones (a code instead of a value) and ones with no row are left out and counted.
    """
    rows = [v for v in values if v.indicator == indicator and v.year == year]
    las = {c: v for v in rows if v.geographic_level == "la" for c in (v.area_code, v.old_la_code) if c}
    la = las.get(la_code)
    areas = {(v.geographic_level, v.area_code): v for v in rows if v.geographic_level != "la"}
    england, region = areas.get(("national", ENGLAND)), areas.get(("regional", la and la.region_code or ""))
    if isinstance(neighbours, StatisticalNeighbours):
        keys = [la_code] + ([la.area_code, la.old_la_code or ""] if la else [])
        codes = next((list(neighbours.neighbours[k]) for k in keys if k in neighbours.neighbours), [])
    else:
        codes = list(neighbours)
    found = [las.get(code) for code in codes]
    numbers = [v.value for v in found if v is not None and v.value is not None]
    suppressed = sum(1 for v in found if v is not None and v.value is None)
    mean = sum(numbers) / len(numbers) if numbers else None
    left_out = [f"{suppressed} suppressed"] if suppressed else []
    left_out += [f"{found.count(None)} with no figure in the data"] if None in found else []
    sentence = f"Average of {len(numbers)} of {len(codes)} statistical neighbours"
    sentence += f" ({', '.join(left_out)})." if left_out else "."
    if not codes:
        sentence = f"No statistical neighbours are recorded for {la_code}."
    average = NeighbourAverage(value=mean, available=len(numbers), suppressed=suppressed,
                               missing=found.count(None), codes=codes, sentence=sentence)  # fmt: skip
    return Lines(indicator=indicator, year=year, la=_line(la), england=_line(england), region=_line(region),
                 neighbours=average)  # fmt: skip


def _line(v: BenchmarkValue | None) -> Line | None:
    if v is None:
        return None
    return Line(area_code=v.area_code, area_name=v.area_name, value=v.value, suppressed=v.suppressed)

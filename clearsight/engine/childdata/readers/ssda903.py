"""SSDA903 (children looked after): CSV tables recognised by their column sets, and the XML form.

Each CSV holds one table; which one is told by its header row (names matched in upper case,
order free). The XML form (root ``EXPSSDA903``) holds every table, one ``CHILD`` at a time.
Both are first read into *raw tables* (every value as text, column names as the DfE writes
them), which the validator adapter also uses; then mapped to the canonical tables.

Versioned by collection year: SEX is 1/2 until 2023-24 and M/F/U from 2024-25; SWEpisodes
exist from 2023-24 and DoLo from 2026-27.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from clearsight.engine.childdata.readers import _xml
from clearsight.engine.childdata.readers._common import (
    Parsed,
    canonical_table,
    check_codes,
    csv_header,
    describe_year,
    fail,
    problem,
    raise_if_errors,
    read_csv_strings,
)
from clearsight.engine.problems import Problem, Severity


@dataclass(frozen=True)
class TableSpec:
    columns: tuple[str, ...]  # in the DfE's order; all expected
    optional: tuple[str, ...] = ()  # may be absent (older returns)
    first_year: int = 0  # first collection year that has the table


TABLES_903: dict[str, TableSpec] = {
    "Header": TableSpec(("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")),
    "Episodes": TableSpec(("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                           "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN")),
    "Reviews": TableSpec(("CHILD", "DOB", "REVIEW", "REVIEW_CODE")),
    "UASC": TableSpec(("CHILD", "SEX", "DOB", "DUC")),
    "OC2": TableSpec(("CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS",
                      "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED",
                      "INTERVENTION_OFFERED"),
                     optional=("SDQ_REASON", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")),
    "OC3": TableSpec(("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM")),
    "AD1": TableSpec(("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
                      "LS_ADOPTR")),
    "PlacedAdoption": TableSpec(("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED")),
    "PrevPerm": TableSpec(("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM")),
    "Missing": TableSpec(("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END")),
    "SWEpisodes": TableSpec(("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"), first_year=2024),
    "DoLo": TableSpec(("CHILD", "DOB", "DOLO_START", "DOLO_END"), first_year=2027),
}

# raw 903 table -> (canonical table, canonical column -> 903 column). Others are validated, not loaded.
MAPPING: dict[str, tuple[str, dict[str, str]]] = {
    "Header": ("children", {"child_id": "CHILD", "sex": "SEX", "dob": "DOB", "ethnicity": "ETHNIC", "upn": "UPN"}),
    "Episodes": ("cla_episodes", {
        "child_id": "CHILD", "decom": "DECOM", "rne": "RNE", "legal_status": "LS", "cin_code": "CIN",
        "placement": "PLACE", "place_provider": "PLACE_PROVIDER", "dec": "DEC", "rec": "REC",
        "reason_place_change": "REASON_PLACE_CHANGE", "home_postcode": "HOME_POST", "placement_postcode": "PL_POST",
        "urn": "URN"}),
    "Reviews": ("cla_reviews", {"child_id": "CHILD", "review_date": "REVIEW", "review_code": "REVIEW_CODE"}),
    "OC2": ("cla_health", {
        "child_id": "CHILD", "health_check": "HEALTH_CHECK", "teeth_check": "TEETH_CHECK",
        "immunisations": "IMMUNISATIONS", "health_assessment": "HEALTH_ASSESSMENT", "sdq_score": "SDQ_SCORE",
        "convicted": "CONVICTED", "substance_misuse": "SUBSTANCE_MISUSE"}),
    "OC3": ("care_leavers", {"child_id": "CHILD", "dob": "DOB", "in_touch": "IN_TOUCH", "activity": "ACTIV",
                             "accommodation": "ACCOM"}),
    "Missing": ("missing_episodes", {"child_id": "CHILD", "missing_type": "MISSING", "start_date": "MIS_START",
                                     "end_date": "MIS_END"}),
}
SEX_LETTERS_FROM = 2025  # collection year 2024-25: SEX becomes M/F/U
SEX_CODES_UNTIL_2024 = ("1", "2")
SEX_CODES_FROM_2025 = ("M", "F", "U")
ROW_COLUMNS = ("__row", "__line")  # provenance carried by raw tables: record number, line in the file


def sex_codes(year: int) -> tuple[str, ...]:
    return SEX_CODES_FROM_2025 if year >= SEX_LETTERS_FROM else SEX_CODES_UNTIL_2024


def match_table(columns: list[str], file: str, line: int = 1) -> str:
    """Which SSDA903 table a header row belongs to, or an error naming missing and unknown columns."""
    given = set(columns)
    best: tuple[int, str] | None = None
    for name, spec in TABLES_903.items():
        required = set(spec.columns) - set(spec.optional)
        if required <= given <= set(spec.columns):
            return name
        overlap = len(given & set(spec.columns)) - len(given - set(spec.columns))
        if best is None or overlap > best[0]:
            best = (overlap, name)
    assert best is not None
    spec = TABLES_903[best[1]]
    missing = [c for c in spec.columns if c not in given and c not in spec.optional]
    unknown = [c for c in columns if c not in spec.columns]
    details = []
    if missing:
        details.append(f"missing {', '.join(missing)}")
    if unknown:
        details.append(f"unknown {', '.join(unknown)}")
    fail(file, f"The columns match no SSDA903 table. The nearest is {best[1]}: {'; '.join(details)}.",
         line=line, code="wrong_columns")


def read_csv_raw(path: Path, file: str) -> tuple[str, pa.Table]:
    """(table name, raw table) from one 903 CSV: every value text, plus __row/__line."""
    columns = [c.upper() for c in csv_header(path, file)]
    name = match_table(columns, file)
    table = read_csv_strings(path, file, columns)
    rows = pa.array(range(2, table.num_rows + 2), type=pa.int32())
    return name, complete_raw(name, table).append_column("__row", rows).append_column("__line", rows)


def complete_raw(name: str, table: pa.Table) -> pa.Table:
    """The raw table with every column of the current DfE list, in order (absent optional ones blank)."""
    arrays = []
    for column in TABLES_903[name].columns:
        if column in table.column_names:
            arrays.append(table.column(column).combine_chunks())
        else:
            arrays.append(pa.nulls(table.num_rows, type=pa.string()))
    return pa.Table.from_arrays(arrays, names=list(TABLES_903[name].columns))


class _XmlRows:
    """Column lists for each raw table, filled child by child."""

    def __init__(self) -> None:
        self.columns: dict[str, dict[str, list[str | None]]] = {
            name: {c: [] for c in spec.columns + ROW_COLUMNS} for name, spec in TABLES_903.items()
        }

    def add(self, table: str, values: dict[str, str | None], line: int | None) -> None:
        target = self.columns[table]
        count = len(target["__row"]) + 1
        for column in TABLES_903[table].columns:
            target[column].append(values.get(column))
        target["__row"].append(str(count))
        target["__line"].append(str(line or 0))

    def tables(self) -> dict[str, pa.Table]:
        found = {}
        for name, columns in self.columns.items():
            if columns["__row"]:
                arrays = [pa.array(v, type=pa.string()) for k, v in columns.items() if k not in ROW_COLUMNS]
                arrays += [pa.array(columns[k], type=pa.string()).cast(pa.int32()) for k in ROW_COLUMNS]
                found[name] = pa.Table.from_arrays(arrays, names=list(columns))
        return found


# Blocks inside a CHILD's HEADER, with the raw table each fills.
XML_BLOCKS = {"AREVIEW": "Reviews", "AMISSING": "Missing", "OC2": "OC2", "OC3": "OC3", "PERMANENCE": "PrevPerm",
              "AD_PLACED": "PlacedAdoption", "SW_EPISODE": "SWEpisodes", "SWEPISODE": "SWEpisodes",
              "DOLO": "DoLo"}
XML_RENAMES = {"CHILDID": "CHILD", "PL": "PLACE"}


def read_xml_raw(path: Path, file: str) -> dict[str, pa.Table]:
    """Raw tables from the 903 XML form, as the DfE's own reader would build them."""
    rows = _XmlRows()
    unknown: set[str] = set()
    for child in _xml.iter_elements(path, file, ("CHILD",)):
        person: dict[str, str | None] = {}
        blocks: list[tuple[str, object]] = []
        for part in child:
            tag = _xml.local(part.tag)
            if tag == "HEADER":
                for item in part:
                    sub = _xml.local(item.tag)
                    if len(item) == 0:
                        person[XML_RENAMES.get(sub, sub)] = (item.text or "").strip() or None
                    else:
                        blocks.append((sub, item))
            elif tag == "EPISODE":
                blocks.append((tag, part))
            elif len(part) == 0:
                person[XML_RENAMES.get(tag, tag)] = (part.text or "").strip() or None
        rows.add("Header", person, child.sourceline)
        if person.get("UASC") is not None or person.get("DUC") is not None:
            rows.add("UASC", person, child.sourceline)
        if person.get("IN_TOUCH") is not None:
            rows.add("OC3", person, child.sourceline)
        if person.get("DATE_INT") is not None:
            rows.add("AD1", person, child.sourceline)
        for tag, element in blocks:
            table = "Episodes" if tag == "EPISODE" else XML_BLOCKS.get(tag)
            if table is None:
                unknown.add(tag)
                continue
            values = {XML_RENAMES.get(k, k): v for k, v in _xml.leaves(element).items()}
            rows.add(table, {"CHILD": person.get("CHILD"), "DOB": person.get("DOB"), **values},
                     getattr(element, "sourceline", None))
    tables = rows.tables()
    if "Header" not in tables:
        fail(file, "The SSDA903 XML holds no CHILD elements.", code="empty")
    if unknown:
        tables["__unknown__"] = pa.table({"tag": sorted(unknown)})
    return tables


def to_canonical(raw: dict[str, pa.Table], year: int, file: str, *, where: str = "row") -> Parsed:
    """Map raw 903 tables to canonical tables for one collection year; errors raise InputError."""
    problems: list[Problem] = []
    parsed = Parsed(kind="903", tables={})
    for name, table in raw.items():
        if name == "__unknown__":
            parsed.problems.append(problem(file, "Ignored XML blocks Clearsight does not know: "
                                           f"{', '.join(table.column('tag').to_pylist())}.",
                                           code="ignored", severity=Severity.WARNING))
            continue
        spec = TABLES_903[name]
        if year < spec.first_year:
            problems.append(problem(file, f"{name} is collected from {describe_year(spec.first_year)}; this "
                                          f"file is for {describe_year(year)}. Check the collection year.",
                                    code="wrong_year"))
            continue
        lines = table.column("__line").combine_chunks()
        for column in ("SEX",) if name in ("Header", "UASC") else ():
            codes = sex_codes(year)
            message = (f"in {describe_year(year)} SEX is coded {'/'.join(codes)}"
                       + (" (1/2 was used until 2023-24)." if year >= 2025 else " (M/F/U is used from 2024-25)."))
            problems += check_codes(file, column, table.column(column).combine_chunks(), codes, lines,
                                    message + " Check the collection year.", where=where)
        if name not in MAPPING:
            parsed.not_loaded.append(name)
            continue
        target, columns = MAPPING[name]
        values: dict[str, pa.Array | None] = {k: table.column(v).combine_chunks() for k, v in columns.items()}
        if target in ("cla_health", "care_leavers"):
            values["year"] = pa.array([year] * table.num_rows, type=pa.int32())
        parsed.tables[target] = canonical_table(
            target, file, values, table.column("__row").combine_chunks(), lines, problems,
            fields={k: v for k, v in columns.items()}, where=where)
    raise_if_errors(problems)
    if parsed.not_loaded:
        parsed.problems.append(problem(
            file, f"{', '.join(parsed.not_loaded)}: recognised and validated, but Clearsight keeps no table for "
                  "it, so it is not loaded.", code="not_loaded", severity=Severity.INFO))
    return parsed

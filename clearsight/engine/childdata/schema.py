"""The canonical child-level tables, in DuckDB. This module is the contract between the readers
(SSDA903, CIN census, Annex A, workforce), the synthetic data generator and the indicators.

Names follow the Standard Safeguarding Dataset's spirit (persons, referrals, assessments …) in
plain snake_case. Dates are DATE; flags are BOOLEAN; codes are kept as written (VARCHAR).

Provenance: every raw row carries ``upload_id`` (the file it came from: its SHA-256), the
``collection_year`` of that file (the year ending 31 March, e.g. 2018 for 2017-18) and
``source_row`` (1-based row in a CSV/xlsx sheet, or the position of the element in an XML file).
So every figure can be traced to its files and rows.

History: councils send a return every year, and a census holds only that year's referrals and
the cases open in it. Every upload is kept. Raw tables (``raw_*``) hold every row of every
upload; the views without the prefix hold each child's history built across uploads on the LA
child ID — for each natural key the row from the newest collection year wins (so a referral
that appears in two censuses is counted once, with its latest details). Indicators read the views.
"""

from __future__ import annotations

from typing import Any

PROVENANCE = [("upload_id", "VARCHAR"), ("collection_year", "INTEGER"), ("source_row", "INTEGER")]

# table name (without raw_) -> columns. The first columns listed in NATURAL_KEYS identify a row.
TABLES: dict[str, list[tuple[str, str]]] = {
    # One row per child per upload (903 Header, CIN ChildIdentifiers/Characteristics, Annex A).
    "children": [
        ("child_id", "VARCHAR"), ("sex", "VARCHAR"), ("dob", "DATE"), ("ethnicity", "VARCHAR"),
        ("upn", "VARCHAR"), ("disabled", "BOOLEAN"), ("death_date", "DATE"),
    ],
    # CIN census: one row per CINdetails (an episode of need, starting with a referral).
    "cin_referrals": [
        ("child_id", "VARCHAR"), ("referral_id", "VARCHAR"), ("referral_date", "DATE"),
        ("referral_source", "VARCHAR"), ("primary_need", "VARCHAR"), ("closure_date", "DATE"),
        ("closure_reason", "VARCHAR"), ("referral_nfa", "BOOLEAN"),
    ],
    "assessments": [
        ("child_id", "VARCHAR"), ("referral_id", "VARCHAR"), ("assessment_id", "VARCHAR"),
        ("start_date", "DATE"), ("authorised_date", "DATE"), ("factors", "VARCHAR"),
    ],
    "cin_plans": [
        ("child_id", "VARCHAR"), ("referral_id", "VARCHAR"), ("start_date", "DATE"), ("end_date", "DATE"),
    ],
    "s47_enquiries": [
        ("child_id", "VARCHAR"), ("referral_id", "VARCHAR"), ("s47_id", "VARCHAR"), ("start_date", "DATE"),
        ("icpc_target_date", "DATE"), ("icpc_date", "DATE"), ("icpc_not_required", "BOOLEAN"),
    ],
    "cp_plans": [
        ("child_id", "VARCHAR"), ("referral_id", "VARCHAR"), ("plan_id", "VARCHAR"), ("start_date", "DATE"),
        ("end_date", "DATE"), ("initial_category", "VARCHAR"), ("latest_category", "VARCHAR"),
        ("previous_cpp_count", "INTEGER"),
    ],
    "cp_reviews": [("child_id", "VARCHAR"), ("plan_id", "VARCHAR"), ("review_date", "DATE")],
    # SSDA903 Episodes: one row per episode; a period of care is a chain ending in REC = X1 (or open).
    "cla_episodes": [
        ("child_id", "VARCHAR"), ("decom", "DATE"), ("rne", "VARCHAR"), ("legal_status", "VARCHAR"),
        ("cin_code", "VARCHAR"), ("placement", "VARCHAR"), ("place_provider", "VARCHAR"), ("dec", "DATE"),
        ("rec", "VARCHAR"), ("reason_place_change", "VARCHAR"), ("home_postcode", "VARCHAR"),
        ("placement_postcode", "VARCHAR"), ("urn", "VARCHAR"),
    ],
    "cla_reviews": [("child_id", "VARCHAR"), ("review_date", "DATE"), ("review_code", "VARCHAR")],
    # 903 OC2: outcomes for children looked after continuously for 12 months at 31 March.
    "cla_health": [
        ("child_id", "VARCHAR"), ("year", "INTEGER"), ("health_check", "BOOLEAN"), ("teeth_check", "BOOLEAN"),
        ("immunisations", "BOOLEAN"), ("health_assessment", "BOOLEAN"), ("sdq_score", "INTEGER"),
        ("convicted", "BOOLEAN"), ("substance_misuse", "BOOLEAN"),
    ],
    # 903 OC3: care leavers, one row per young person per year (in touch, activity, accommodation).
    "care_leavers": [
        ("child_id", "VARCHAR"), ("year", "INTEGER"), ("dob", "DATE"), ("in_touch", "VARCHAR"),
        ("activity", "VARCHAR"), ("accommodation", "VARCHAR"),
    ],
    "missing_episodes": [
        ("child_id", "VARCHAR"), ("missing_type", "VARCHAR"), ("start_date", "DATE"), ("end_date", "DATE"),
    ],
    # Annex A list 1.
    "contacts": [("child_id", "VARCHAR"), ("contact_date", "DATE"), ("contact_source", "VARCHAR")],
    # Who held a child's case, from Annex A lists (allocated team and worker at each list's date)
    # and case systems. to_date NULL: still allocated. Drill-down uses the allocation on the event date.
    "allocations": [
        ("child_id", "VARCHAR"), ("team", "VARCHAR"), ("worker", "VARCHAR"), ("from_date", "DATE"),
        ("to_date", "DATE"),
    ],
    # Annex A lists 6-8 "date of last statutory visit" at the list's date: snapshot visit measures.
    "visit_snapshots": [
        ("child_id", "VARCHAR"), ("case_type", "VARCHAR"), ("snapshot_date", "DATE"),
        ("last_visit_date", "DATE"), ("team", "VARCHAR"), ("worker", "VARCHAR"),
    ],
    # Children's social work workforce: one row per worker per snapshot.
    "workforce": [
        ("worker", "VARCHAR"), ("team", "VARCHAR"), ("snapshot_date", "DATE"), ("fte", "DOUBLE"),
        ("agency", "BOOLEAN"), ("case_holding", "BOOLEAN"), ("caseload", "INTEGER"), ("vacancy", "BOOLEAN"),
    ],
    # ONS mid-year population aged 0-17, for rates per 10,000.
    "population": [("year", "INTEGER"), ("children_0_17", "INTEGER")],
}

# For each table, the columns that identify the same fact across uploads.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "children": ("child_id",),
    "cin_referrals": ("child_id", "referral_date"),
    "assessments": ("child_id", "start_date"),
    "cin_plans": ("child_id", "start_date"),
    "s47_enquiries": ("child_id", "start_date"),
    "cp_plans": ("child_id", "start_date"),
    "cp_reviews": ("child_id", "review_date"),
    "cla_episodes": ("child_id", "decom"),
    "cla_reviews": ("child_id", "review_date"),
    "cla_health": ("child_id", "year"),
    "care_leavers": ("child_id", "year"),
    "missing_episodes": ("child_id", "start_date"),
    "contacts": ("child_id", "contact_date"),
    "allocations": ("child_id", "from_date"),
    "visit_snapshots": ("child_id", "case_type", "snapshot_date"),
    "workforce": ("worker", "snapshot_date"),
    "population": ("year",),
}

UPLOADS = [
    ("upload_id", "VARCHAR"), ("kind", "VARCHAR"), ("collection_year", "INTEGER"), ("filename", "VARCHAR"),
    ("rows", "INTEGER"),
]


def columns(table: str) -> list[str]:
    """The raw table's columns, data first and provenance last."""
    return [name for name, _ in TABLES[table]] + [name for name, _ in PROVENANCE]


def create_schema(con: Any) -> None:
    """Create every raw table and history view (idempotent). ``con`` is a duckdb connection."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS uploads (" + ", ".join(f"{n} {t}" for n, t in UPLOADS) + ")"
    )
    for table, cols in TABLES.items():
        definition = ", ".join(f"{name} {kind}" for name, kind in cols + PROVENANCE)
        con.execute(f"CREATE TABLE IF NOT EXISTS raw_{table} ({definition})")
        keys = ", ".join(NATURAL_KEYS[table])
        data = ", ".join(name for name, _ in cols + PROVENANCE)
        con.execute(
            f"CREATE OR REPLACE VIEW {table} AS SELECT {data} FROM raw_{table} "
            f"QUALIFY row_number() OVER (PARTITION BY {keys} "
            "ORDER BY collection_year DESC, upload_id DESC, source_row DESC) = 1"
        )

"""The CIN census XML: one ``Child`` per child, one ``CINdetails`` per episode of need.

Streamed with lxml iterparse (each ``Child`` cleared once read) into *census tables*: column
lists in exactly the shape the DfE validator (csc-validator-be-cin) builds with its own, much
slower, reader, so the validator adapter can hand them over as they are. Then mapped to the
canonical tables.

The census has no IDs below the child, so keys are made from what is there:
``referral_id = <LAchildID>/<referral date>/<n>`` (n counts the child's referrals on that date,
in file order, from 1), and below it ``<referral_id>/A<start date>/<n>`` for assessments,
``/S…`` for section 47 enquiries and ``/P…`` for child protection plans. They are the same in
every census that holds the same referral, so a child's history joins across years.

Sex: ``GenderCurrent`` coded 0/1/2/9 until 2023-24; ``Sex`` coded M/F/U from 2024-25.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from clearsight.engine.childdata.readers import _xml
from clearsight.engine.childdata.readers._common import (
    MAX_ROWS,
    Parsed,
    canonical_table,
    check_codes,
    describe_year,
    fail,
    raise_if_errors,
)
from clearsight.engine.problems import Problem

# The validator's tables (cin_validator.ingress.XMLtoCSV), column for column.
CENSUS_TABLES: dict[str, tuple[str, ...]] = {
    "Header": ("Collection", "Year", "ReferenceDate", "SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo",
               "DateTime"),
    "ChildIdentifiers": ("LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate",
                         "ExpectedPersonBirthDate", "GenderCurrent", "Sex", "PersonDeathDate"),
    "ChildCharacteristics": ("LAchildID", "Ethnicity"),
    "Disabilities": ("LAchildID", "Disability"),
    "CINdetails": ("LAchildID", "CINdetailsID", "CINreferralDate", "ReferralSource", "PrimaryNeedCode",
                   "CINclosureDate", "ReasonForClosure", "DateOfInitialCPC", "ReferralNFA"),
    "Assessments": ("LAchildID", "CINdetailsID", "AssessmentID", "AssessmentActualStartDate",
                    "AssessmentInternalReviewDate", "AssessmentAuthorisationDate", "AssessmentFactors"),
    "AssessmentFactorsList": ("LAchildID", "CINdetailsID", "AssessmentID", "AssessmentFactor"),
    "CINplanDates": ("LAchildID", "CINdetailsID", "CINPlanStartDate", "CINPlanEndDate"),
    "Section47": ("LAchildID", "CINdetailsID", "S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC",
                  "ICPCnotRequired"),
    "ChildProtectionPlans": ("LAchildID", "CINdetailsID", "CPPID", "CPPstartDate", "CPPendDate",
                             "InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP"),
    "Reviews": ("LAchildID", "CINdetailsID", "CPPID", "CPPreviewDate"),
}
# Extra columns kept beside the validator's: our keys and where each record is in the file.
KEYS = {"CINdetails": "referral_id", "Assessments": "assessment_id", "Section47": "s47_id",
        "ChildProtectionPlans": "plan_id", "Reviews": "plan_id", "CINplanDates": "referral_id"}
GENDER_CODES_UNTIL_2024 = ("0", "1", "2", "9")
SEX_CODES_FROM_2025 = ("M", "F", "U")


class Census:
    """Column lists per census table, with ``__row`` (record number) and ``__line`` (line in the file)."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[str, list[Any]]] = {}
        for name, columns in CENSUS_TABLES.items():
            extra = (KEYS[name],) if name in KEYS else ()
            self.tables[name] = {c: [] for c in columns + extra + ("__row", "__line")}

    def add(self, table: str, values: dict[str, Any], line: int | None) -> None:
        target = self.tables[table]
        target["__row"].append(len(target["__row"]) + 1)
        target["__line"].append(line or 0)
        for column, items in target.items():
            if column not in ("__row", "__line"):
                items.append(values.get(column))

    def arrow(self, table: str) -> pa.Table:
        columns = self.tables[table]
        arrays = {}
        for name, items in columns.items():
            if name in ("__row", "__line"):
                arrays[name] = pa.array(items, type=pa.int32())
            elif name == "AssessmentFactors":
                arrays[name] = pa.array([",".join(v) if v else None for v in items], type=pa.string())
            else:
                arrays[name] = pa.array([None if v is None else str(v) for v in items], type=pa.string())
        return pa.table(arrays)


def _date_key(text: str | None) -> str:
    """A referral or plan date as it appears in keys: ISO when readable, else as written."""
    if not text:
        return "nodate"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    uk = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    return f"{uk[3]}-{int(uk[2]):02d}-{int(uk[1]):02d}" if uk else text


def _keyed(parent: str, letter: str, when: str | None, seen: Counter[str]) -> str:
    stem = f"{parent}/{letter}{_date_key(when)}" if letter else f"{parent}/{_date_key(when)}"
    seen[stem] += 1
    return f"{stem}/{seen[stem]}"


def _read_child(child: Any, census: Census) -> None:
    identifiers: dict[str, str | None] = {}
    characteristics: Any = None
    episodes = []
    for part in child:
        tag = _xml.local(part.tag)
        if tag == "ChildIdentifiers":
            identifiers = _xml.leaves(part)
        elif tag == "ChildCharacteristics":
            characteristics = part
        elif tag == "CINdetails":
            episodes.append(part)
    child_id = identifiers.get("LAchildID")
    census.add("ChildIdentifiers", identifiers, child.sourceline)
    ethnicity = None
    if characteristics is not None:
        for part in characteristics:
            tag = _xml.local(part.tag)
            if tag == "Ethnicity":
                ethnicity = (part.text or "").strip() or None
            elif tag == "Disabilities":
                for item in part:
                    census.add("Disabilities", {"LAchildID": child_id, "Disability": (item.text or "").strip() or None},
                               item.sourceline)
    census.add("ChildCharacteristics", {"LAchildID": child_id, "Ethnicity": ethnicity},
               characteristics.sourceline if characteristics is not None else child.sourceline)
    referrals: Counter[str] = Counter()
    for number, episode in enumerate(episodes, start=1):
        _read_episode(episode, child_id, number, census, referrals)


def _read_episode(episode: Any, child_id: str | None, number: int, census: Census, referrals: Counter[str]) -> None:
    values = _xml.leaves(episode)
    referral_id = _keyed(child_id or "?", "", values.get("CINreferralDate"), referrals)
    ids = {"LAchildID": child_id, "CINdetailsID": number}
    census.add("CINdetails", {**values, **ids, "referral_id": referral_id}, episode.sourceline)
    below: Counter[str] = Counter()
    assessment_number = plan_number = 0
    for part in episode:
        tag = _xml.local(part.tag)
        if tag == "Assessments":
            assessment_number += 1
            fields = _xml.leaves(part)
            factors = []
            for block in part:
                if _xml.local(block.tag) == "FactorsIdentifiedAtAssessment":
                    factors = [(f.text or "").strip() for f in block if (f.text or "").strip()]
            key = _keyed(referral_id, "A", fields.get("AssessmentActualStartDate"), below)
            census.add("Assessments", {**fields, **ids, "AssessmentID": assessment_number,
                                       "AssessmentFactors": factors or None, "assessment_id": key}, part.sourceline)
            for factor in factors:
                census.add("AssessmentFactorsList", {**ids, "AssessmentID": assessment_number,
                                                     "AssessmentFactor": factor}, part.sourceline)
        elif tag == "CINPlanDates":
            census.add("CINplanDates", {**_xml.leaves(part), **ids, "referral_id": referral_id}, part.sourceline)
        elif tag == "Section47":
            fields = _xml.leaves(part)
            key = _keyed(referral_id, "S", fields.get("S47ActualStartDate"), below)
            census.add("Section47", {**fields, **ids, "s47_id": key}, part.sourceline)
        elif tag == "ChildProtectionPlans":
            plan_number += 1
            fields = _xml.leaves(part)
            key = _keyed(referral_id, "P", fields.get("CPPstartDate"), below)
            census.add("ChildProtectionPlans", {**fields, **ids, "CPPID": plan_number, "plan_id": key},
                       part.sourceline)
            for block in part:
                if _xml.local(block.tag) == "Reviews":
                    for review in block:  # one row per review date (the DfE reader keeps only the first)
                        if _xml.local(review.tag) == "CPPreviewDate":
                            census.add("Reviews", {**ids, "CPPID": plan_number, "plan_id": key,
                                                   "CPPreviewDate": (review.text or "").strip() or None},
                                       review.sourceline)


def _read_header(header: Any, census: Census) -> None:
    values: dict[str, str | None] = {}
    for block in header:
        values.update(_xml.leaves(block))
    census.add("Header", values, header.sourceline)


def read_census(path: Path, file: str) -> Census:
    """Every census table from one CIN XML file (InputError if it is not well-formed or safe)."""
    census = Census()
    children = 0
    for element in _xml.iter_elements(path, file, ("Child", "Header")):
        if _xml.local(element.tag) == "Header":
            _read_header(element, census)
            continue
        _read_child(element, census)
        children += 1
        if children > MAX_ROWS:
            fail(file, f"The census has more than {MAX_ROWS:,} children.", code="too_large")
    if not census.tables["Header"]["__row"] and not children:
        fail(file, "This XML file has no CIN census Header or Child elements.", code="empty")
    return census


def reference_date(census: Census) -> date | None:
    values = census.tables["Header"]["ReferenceDate"]
    text = _date_key(values[0]) if values else "nodate"
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def to_canonical(census: Census, year: int, file: str) -> Parsed:
    """Canonical tables from the census tables, for one collection year (InputError on any bad value)."""
    problems: list[Problem] = []
    parsed = Parsed(kind="cin", tables={})

    def build(target: str, source: str, columns: dict[str, str | pa.Array]) -> None:
        table = census.arrow(source)
        values = {k: (table.column(v).combine_chunks() if isinstance(v, str) else v) for k, v in columns.items()}
        lines = table.column("__line").combine_chunks()
        parsed.tables[target] = canonical_table(target, file, values, table.column("__row").combine_chunks(),
                                                lines, problems, where="line",
                                                fields={k: v for k, v in columns.items() if isinstance(v, str)})

    ids = census.arrow("ChildIdentifiers")
    lines = ids.column("__line").combine_chunks()
    sex = ids.column("Sex").combine_chunks()
    gender = ids.column("GenderCurrent").combine_chunks()
    codes = SEX_CODES_FROM_2025 if year >= 2025 else GENDER_CODES_UNTIL_2024
    note = "(0/1/2/9 was used until 2023-24)" if year >= 2025 else "(M/F/U is used from 2024-25)"
    for name, column in (("Sex", sex), ("GenderCurrent", gender)):
        problems += check_codes(file, name, column, codes, lines, f"in {describe_year(year)} sex is coded "
                                f"{'/'.join(codes)} {note}. Check the collection year.", where="line")
    disabled = _disabled(census, ids)
    ethnicity = census.arrow("ChildCharacteristics").column("Ethnicity").combine_chunks()
    build("children", "ChildIdentifiers", {
        "child_id": "LAchildID", "sex": pa.array([s if s is not None else g for s, g in
                                                  zip(sex.to_pylist(), gender.to_pylist(), strict=True)]),
        "dob": "PersonBirthDate", "ethnicity": ethnicity, "upn": "UPN", "disabled": disabled,
        "death_date": "PersonDeathDate"})
    build("cin_referrals", "CINdetails", {
        "child_id": "LAchildID", "referral_id": "referral_id", "referral_date": "CINreferralDate",
        "referral_source": "ReferralSource", "primary_need": "PrimaryNeedCode", "closure_date": "CINclosureDate",
        "closure_reason": "ReasonForClosure", "referral_nfa": "ReferralNFA"})
    build("assessments", "Assessments", {
        "child_id": "LAchildID", "referral_id": _parent(census.arrow("Assessments"), "assessment_id"),
        "assessment_id": "assessment_id", "start_date": "AssessmentActualStartDate",
        "authorised_date": "AssessmentAuthorisationDate", "factors": "AssessmentFactors"})
    build("cin_plans", "CINplanDates", {"child_id": "LAchildID", "referral_id": "referral_id",
                                        "start_date": "CINPlanStartDate", "end_date": "CINPlanEndDate"})
    build("s47_enquiries", "Section47", {
        "child_id": "LAchildID", "referral_id": _parent(census.arrow("Section47"), "s47_id"), "s47_id": "s47_id",
        "start_date": "S47ActualStartDate", "icpc_target_date": "InitialCPCtarget", "icpc_date": "DateOfInitialCPC",
        "icpc_not_required": "ICPCnotRequired"})
    build("cp_plans", "ChildProtectionPlans", {
        "child_id": "LAchildID", "referral_id": _parent(census.arrow("ChildProtectionPlans"), "plan_id"),
        "plan_id": "plan_id", "start_date": "CPPstartDate", "end_date": "CPPendDate",
        "initial_category": "InitialCategoryOfAbuse", "latest_category": "LatestCategoryOfAbuse",
        "previous_cpp_count": "NumberOfPreviousCPP"})
    build("cp_reviews", "Reviews", {"child_id": "LAchildID", "plan_id": "plan_id", "review_date": "CPPreviewDate"})
    raise_if_errors(problems)
    return parsed


def _parent(table: pa.Table, key: str) -> pa.Array:
    """The referral a child record belongs to: its key up to the record's own part."""
    return pa.array([k.rsplit("/", 2)[0] if k else None for k in table.column(key).to_pylist()], type=pa.string())


def _disabled(census: Census, ids: pa.Table) -> pa.Array:
    """True when the child has any disability code but NONE; False for NONE only; null when not given."""
    codes: dict[str | None, list[str]] = {}
    table = census.tables["Disabilities"]
    for child_id, code in zip(table["LAchildID"], table["Disability"], strict=True):
        codes.setdefault(child_id, []).append((code or "").upper())
    result = []
    for child_id in ids.column("LAchildID").to_pylist():
        found = codes.get(child_id)
        result.append(None if not found else any(c not in ("NONE", "") for c in found))
    return pa.array(result, type=pa.bool_())

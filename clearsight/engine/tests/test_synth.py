import argparse
import csv
import hashlib
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from lxml import etree

from clearsight.commands import synth as synth_command
from clearsight.engine.synth import SynthConfig, generate
from clearsight.engine.synth.annex_a import LISTS
from clearsight.engine.synth.authorities import UnknownAuthorityError, find_authority
from clearsight.engine.synth.calibration import TARGETS
from clearsight.engine.synth.days import Calendar, day
from clearsight.engine.synth.population import upn
from clearsight.engine.synth.ssda903 import COLUMNS

SEFTON = find_authority("343")


def _run(root: Path, name: str, **kwargs):
    out = root / name
    options = {"authority": SEFTON, "children": 2000, "years": 2, "seed": 7} | kwargs
    summary = generate(SynthConfig(**options), out)
    return out, summary


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(str(path.relative_to(folder)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _uk(text: str) -> date:
    d, m, y = text.split("/")
    return date(int(y), int(m), int(d))


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("synth"), "small")


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    """A mid-size run for the calibration checks (a council is ~65,000 children)."""
    return _run(tmp_path_factory.mktemp("synth"), "council", children=65000, seed=3, formats=("903",))


def test_same_seed_gives_identical_files_and_another_seed_does_not(small, tmp_path):
    out, _ = small
    again, _ = _run(tmp_path, "again")
    other, _ = _run(tmp_path, "other", seed=8)
    assert _digest(out) == _digest(again)
    assert _digest(out) != _digest(other)


def test_it_writes_every_file_for_every_year(small):
    out, summary = small
    for year in ("2017", "2018"):
        names = sorted(p.name for p in (out / year).iterdir())
        expected = sorted([f"ssda903_{t}.csv" for t in COLUMNS if t != "SWEpisodes"]
                          + ["cin_census.xml", "annex_a.xlsx", "workforce.csv", "population.csv"])
        assert names == expected
    assert summary.rows == sum(rows for _, rows in summary.files) > 0


def test_csv_headers_are_the_validator_column_sets(small):
    out, _ = small
    for table, columns in COLUMNS.items():
        path = out / "2018" / f"ssda903_{table}.csv"
        if table == "SWEpisodes":
            assert not path.exists()
            continue
        with path.open(encoding="utf-8") as handle:
            assert next(csv.reader(handle)) == columns
    workforce = _rows(out / "2018" / "workforce.csv")
    assert {"Worker", "Team", "FTE", "Agency", "Case Holding", "Caseload", "Vacancy"} <= set(workforce[0])
    assert _rows(out / "2018" / "population.csv")[0]["year"] == "2018"


def test_cin_census_is_well_formed_with_the_dfe_element_names(small):
    out, _ = small
    root = etree.parse(str(out / "2018" / "cin_census.xml")).getroot()
    assert root.tag == "Message"
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2018-03-31"
    assert root.findtext("Header/Source/LEA") == "343"
    children = root.findall("Children/Child")
    assert children
    allowed = {
        "Child", "ChildIdentifiers", "LAchildID", "UPN", "UPNunknown", "PersonBirthDate", "GenderCurrent",
        "ChildCharacteristics", "Ethnicity", "Disabilities", "Disability", "CINdetails", "CINreferralDate",
        "ReferralSource", "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure", "ReferralNFA", "Assessments",
        "AssessmentActualStartDate", "AssessmentAuthorisationDate", "FactorsIdentifiedAtAssessment",
        "AssessmentFactors", "CINPlanDates", "CINPlanStartDate", "CINPlanEndDate", "Section47",
        "S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired", "ChildProtectionPlans",
        "CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP",
        "Reviews", "CPPreviewDate",
    }
    assert {el.tag for child in children for el in child.iter()} <= allowed
    ids = [c.findtext("ChildIdentifiers/LAchildID") for c in children]
    assert ids == sorted(ids) and len(ids) == len(set(ids))


def test_annex_a_has_every_list_with_council_headers(small):
    out, _ = small
    book = openpyxl.load_workbook(out / "2018" / "annex_a.xlsx", read_only=True)
    assert book.sheetnames == list(LISTS)
    for name, headers in LISTS.items():
        rows = book[name].iter_rows(values_only=True)
        assert list(next(rows)) == headers
    referral = list(book["List 3"].iter_rows(min_row=2, max_row=2, values_only=True))[0]
    assert referral[0].startswith("SEF") and referral[6].year in (2017, 2018)
    assert referral[-2] and referral[-1]  # allocated team and worker


def test_children_keep_their_id_and_details_across_years(small):
    out, _ = small
    first = {r["CHILD"]: r for r in _rows(out / "2017" / "ssda903_Header.csv")}
    second = {r["CHILD"]: r for r in _rows(out / "2018" / "ssda903_Header.csv")}
    both = set(first) & set(second)
    assert both
    for child in both:
        assert (first[child]["DOB"], first[child]["SEX"], first[child]["ETHNIC"]) == (
            second[child]["DOB"], second[child]["SEX"], second[child]["ETHNIC"])


def test_an_open_referral_appears_again_next_year_with_the_same_dates(small):
    out, _ = small

    def referrals(year):
        root = etree.parse(str(out / year / "cin_census.xml")).getroot()
        found = {}
        for child in root.iter("Child"):
            cid = child.findtext("ChildIdentifiers/LAchildID")
            for cin in child.findall("CINdetails"):
                found[(cid, cin.findtext("CINreferralDate"))] = (
                    cin.findtext("ReferralSource"), cin.findtext("PrimaryNeedCode"),
                    cin.findtext("Assessments/AssessmentActualStartDate"))
        return found, root

    first, root = referrals("2017")
    second, _ = referrals("2018")
    still_open = [
        (c.findtext("../ChildIdentifiers/LAchildID"), c.findtext("CINreferralDate"))
        for c in root.iter("CINdetails") if c.find("CINclosureDate") is None
    ]
    assert still_open
    for key in still_open:
        assert key in second
        assert second[key][:2] == first[key][:2]
        # an assessment finished last year is not in this year's census; one still open is, unchanged
        assert second[key][2] in (first[key][2], None)


def test_episodes_chain_into_periods_of_care(small):
    out, _ = small
    for year in ("2017", "2018"):
        rows = _rows(out / year / "ssda903_Episodes.csv")
        for prev, row in zip(rows, rows[1:], strict=False):
            if row["CHILD"] != prev["CHILD"]:
                continue
            if prev["REC"] == "X1":
                assert row["DECOM"] == prev["DEC"] and row["RNE"] != "S"
            else:
                assert row["RNE"] == "S" and _uk(row["DECOM"]) > _uk(prev["DEC"])


def test_dates_are_ordered_and_nobody_is_in_care_before_birth_or_after_18(small):
    out, _ = small
    for year in (2017, 2018):
        born = {r["CHILD"]: _uk(r["DOB"]) for r in _rows(out / str(year) / "ssda903_Header.csv")}
        for row in _rows(out / str(year) / "ssda903_Episodes.csv"):
            start = _uk(row["DECOM"])
            dob = born[row["CHILD"]]
            adult = date(dob.year + 18, dob.month, 28 if (dob.month, dob.day) == (2, 29) else dob.day)
            assert dob <= start <= date(year, 3, 31)
            if row["DEC"]:
                assert start < _uk(row["DEC"]) <= min(date(year, 3, 31), adult + (date(2001, 3, 1) - date(2001, 2, 28)))
                assert row["REC"]
            else:
                assert not row["REC"] and adult > date(year, 3, 31)
        root = etree.parse(str(out / str(year) / "cin_census.xml")).getroot()
        for cin in root.iter("CINdetails"):
            referral = cin.findtext("CINreferralDate")
            closure = cin.findtext("CINclosureDate")
            assert closure is None or referral <= closure <= f"{year}-03-31"
            for a in cin.findall("Assessments"):
                done = a.findtext("AssessmentAuthorisationDate")
                assert done is None or referral <= a.findtext("AssessmentActualStartDate") <= done
            for cp in cin.findall("ChildProtectionPlans"):
                end = cp.findtext("CPPendDate")
                assert end is None or cp.findtext("CPPstartDate") < end


@pytest.mark.parametrize("key", ["re_referrals", "assessments_45wd", "cla_per_10k", "placements_3plus",
                                 "leavers_suitable", "cp_second", "referrals_per_10k"])
def test_key_rates_are_calibrated_to_national_figures(council, key):
    _, summary = council
    num = sum(summary.tally.merge_counts(y, key)[0] for y in (2017, 2018))
    den = sum(summary.tally.merge_counts(y, key)[1] for y in (2017, 2018))
    target = TARGETS[key]
    scale = {"%": 100.0, "per 10k": 10000.0, "ratio": 1.0}[target.unit]
    assert target.low <= scale * num / den <= target.high


def test_cla_rate_option_raises_children_looked_after(tmp_path):
    _, summary = _run(tmp_path, "wirral", children=30000, years=1, formats=("903",), cla_rate=115.0,
                      authority=find_authority("E08000015"))
    assert 100 <= summary.tally.value(2018, "cla_per_10k") <= 130


def test_formats_follow_the_collection_year(tmp_path):
    out, _ = _run(tmp_path, "modern", last_year=2025, formats=("903", "cin"))
    assert {r["SEX"] for r in _rows(out / "2024" / "ssda903_Header.csv")} <= {"1", "2"}
    assert {r["SEX"] for r in _rows(out / "2025" / "ssda903_Header.csv")} <= {"M", "F"}
    assert (out / "2024" / "ssda903_SWEpisodes.csv").exists()
    assert "<GenderCurrent>" in (out / "2024" / "cin_census.xml").read_text()
    assert "<Sex>" in (out / "2025" / "cin_census.xml").read_text()
    assert not {r["PLACE"] for r in _rows(out / "2025" / "ssda903_Episodes.csv") if _uk(r["DECOM"]) >= date(2023, 10, 28)} & {"P2"}


def test_upns_carry_the_dfe_check_letter():
    numbers = np.array([0, 1, 99999, 123456])
    codes = upn(numbers, np.array([day(date(2010, 5, 1))] * 4), "343")
    letters = "ABCDEFGHJKLMNPQRTUVWXYZ"
    for code in codes:
        assert code[1:4] == "343" and len(code) == 13
        assert code[0] == letters[sum(int(c) * (i + 2) for i, c in enumerate(code[1:])) % 23]
    assert len(set(codes)) == 4


def test_working_days_skip_weekends_and_bank_holidays():
    cal = Calendar(2017, 2018)
    friday, tuesday = day(date(2017, 12, 22)), day(date(2018, 1, 2))
    assert cal.working_between(np.array([friday]), np.array([friday]))[0] == 0
    assert cal.working_between(np.array([friday]), np.array([tuesday]))[0] == 4  # 25, 26 Dec and 1 Jan are holidays


def test_authorities_are_found_by_ons_code_or_dfe_number():
    assert find_authority("E08000015").dfe_number == "344"
    assert find_authority(" 343 ").name == "Sefton"
    with pytest.raises(UnknownAuthorityError, match="unknown authority"):
        find_authority("E99999999")


def _command(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    synth_command.add_arguments(parser)
    return synth_command.run(parser.parse_args(argv))


def test_the_command_writes_files_and_prints_a_summary(tmp_path, capsys):
    code = _command("--authority", "343", "--children", "1500", "--years", "1", "--out", str(tmp_path), "--quiet")
    printed = capsys.readouterr().out
    assert code == 0
    assert "rows/s" in printed and "2018/ssda903_Episodes.csv" in printed
    assert _command("--authority", "nowhere", "--out", str(tmp_path)) == 2

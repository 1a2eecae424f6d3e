"""The child-data readers: SSDA903 (CSV and XML), CIN census XML, Annex A xlsx, workforce, population.

Small files are built by hand here (a few children); ``test_childdata_load`` and
``test_childdata_validation`` reuse the builders.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from clearsight.engine.childdata.load import read_file, recognise
from clearsight.engine.childdata.readers import annexa, cin, ssda903
from clearsight.engine.childdata.readers._common import normalise_header, to_dates
from clearsight.engine.childdata.schema import columns
from clearsight.engine.problems import InputError

# ---------------------------------------------------------------------------------------------
# Builders


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def write_903(folder: Path, year: int = 2018) -> Path:
    """A small 903 return for ``year`` in ``folder/<year>/``: three children, one table a file."""
    f, m = ("F", "M") if year >= 2025 else ("2", "1")
    y0, y1 = year - 1, year
    target = folder / str(year)
    write(target / "header.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
                                 f"C1,{m},01/02/2010,WBRI,A123456789012,,\n"
                                 f"C2,{f},15/06/2003,MWBC,UN2,1,03/03/{y0}\n"
                                 f"C3,{f},20/11/2016,WBRI,UN1,,\n")
    write(target / "episodes.csv",
          "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
          f"C1,01/05/{y0},S,C2,N1,U1,PR1,01/09/{y0},X1,CARPL,L1 1AA,L2 2BB,SC123456\n"
          f"C1,01/09/{y0},P,C2,N1,U3,PR1,,,,L1 1AA,L3 3CC,SC654321\n"
          f"C2,10/10/{y0 - 2},S,V2,N4,K2,PR2,12/01/{y1},E4A,,L4 4DD,L5 5EE,SC000001\n"
          f"C3,03/03/{y1},S,L1,N1,U4,PR1,,,,L6 6FF,L6 6GG,XXXXXXX\n")
    write(target / "reviews.csv", "CHILD,DOB,REVIEW,REVIEW_CODE\n"
                                  f"C1,01/02/2010,20/05/{y0},PN1\nC1,01/02/2010,15/08/{y0},PN1\n")
    write(target / "oc2.csv",
          "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,"
          "SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n"
          "C2,15/06/2003,14,,0,1,1,0,1,0,,\n")
    write(target / "oc3.csv", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nC9,01/05/2000,YES,F2,S1\n")
    write(target / "missing.csv", "CHILD,DOB,MISSING,MIS_START,MIS_END\n"
                                  f"C2,15/06/2003,M,01/08/{y0},03/08/{y0}\n")
    write(target / "uasc.csv", "CHILD,SEX,DOB,DUC\n")
    return target


def ssda903_xml(year: int = 2018) -> str:
    y0 = year - 1
    return ("<?xml version='1.0' encoding='us-ascii'?>\n<EXPSSDA903>\n"
            "<CHILD><HEADER><CHILDID>X1</CHILDID><UPN>A1</UPN><SEX>1</SEX><DOB>02/03/2013</DOB><ETHNIC>BOTH</ETHNIC>"
            f"<UASC /><AREVIEW><REVIEW>28/01/{year}</REVIEW><REVIEW_CODE>PN3</REVIEW_CODE></AREVIEW><MOTHER />"
            "<MC_DOB /><OC2><SDQ_SCORE>18</SDQ_SCORE><CONVICTED>0</CONVICTED><HEALTH_CHECK>1</HEALTH_CHECK>"
            "<IMMUNISATIONS>1</IMMUNISATIONS><TEETH_CHECK>0</TEETH_CHECK><HEALTH_ASSESSMENT>1</HEALTH_ASSESSMENT>"
            "<SUBSTANCE_MISUSE>0</SUBSTANCE_MISUSE></OC2></HEADER>\n"
            f"<EPISODE><DECOM>11/11/{y0}</DECOM><RNE>S</RNE><LS>V2</LS><CIN>N1</CIN><PL>A3</PL><PL_POST>D4 8NF</PL_POST>"
            "<HOME_POST>E22 4DI</HOME_POST><URN>1594525</URN><PLACE_PROVIDER>PR4</PLACE_PROVIDER><DEC />"
            "<REC /><REASON_PLACE_CHANGE /></EPISODE></CHILD>\n"
            "<CHILD><HEADER><CHILDID>X2</CHILDID><SEX>2</SEX><DOB>01/01/2000</DOB><ETHNIC>WBRI</ETHNIC>"
            "<IN_TOUCH>YES</IN_TOUCH><ACTIV>G4</ACTIV><ACCOM>T1</ACCOM></HEADER></CHILD>\n</EXPSSDA903>\n")


def cin_child(number: int, year: int) -> str:
    y0 = year - 1
    return f"""    <Child>
      <ChildIdentifiers><LAchildID>K{number}</LAchildID><UPN>A12345678901{number % 10}</UPN>
        <PersonBirthDate>2010-02-01</PersonBirthDate><{"Sex" if year >= 2025 else "GenderCurrent"}>{
            ("M" if year >= 2025 else "1")}</{"Sex" if year >= 2025 else "GenderCurrent"}></ChildIdentifiers>
      <ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>{
            "NONE" if number % 2 else "HAND"}</Disability></Disabilities></ChildCharacteristics>
      <CINdetails>
        <CINreferralDate>{y0}-06-01</CINreferralDate><ReferralSource>1A</ReferralSource>
        <PrimaryNeedCode>N1</PrimaryNeedCode><CINclosureDate>{year}-01-10</CINclosureDate>
        <ReasonForClosure>RC1</ReasonForClosure><ReferralNFA>0</ReferralNFA>
        <Assessments><AssessmentActualStartDate>{y0}-06-02</AssessmentActualStartDate>
          <AssessmentAuthorisationDate>{y0}-07-20</AssessmentAuthorisationDate>
          <FactorsIdentifiedAtAssessment><AssessmentFactors>1C</AssessmentFactors>
            <AssessmentFactors>3A</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>
        <CINPlanDates><CINPlanStartDate>{y0}-07-21</CINPlanStartDate><CINPlanEndDate>{y0}-08-01</CINPlanEndDate></CINPlanDates>
        <Section47><S47ActualStartDate>{y0}-08-01</S47ActualStartDate><InitialCPCtarget>{y0}-08-22</InitialCPCtarget>
          <DateOfInitialCPC>{y0}-08-20</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47>
        <ChildProtectionPlans><CPPstartDate>{y0}-08-20</CPPstartDate><CPPendDate>{year}-01-10</CPPendDate>
          <InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>
          <NumberOfPreviousCPP>0</NumberOfPreviousCPP>
          <Reviews><CPPreviewDate>{y0}-11-15</CPPreviewDate><CPPreviewDate>{y0}-12-15</CPPreviewDate></Reviews>
        </ChildProtectionPlans>
      </CINdetails>
      <CINdetails><CINreferralDate>{year}-02-01</CINreferralDate><ReferralSource>5A</ReferralSource>
        <PrimaryNeedCode>N4</PrimaryNeedCode><ReferralNFA>1</ReferralNFA></CINdetails>
    </Child>
"""


def cin_xml(children: int = 2, year: int = 2018, *, prolog: str = "") -> str:
    """A CIN census for ``year`` (ReferenceDate 31 March) with ``children`` children, two referrals each."""
    body = "".join(cin_child(n, year) for n in range(1, children + 1))
    return f"""<?xml version="1.0" encoding="utf-8"?>
{prolog}<Message>
  <Header>
    <CollectionDetails><Collection>CIN</Collection><Year>{year}</Year><ReferenceDate>{year}-03-31</ReferenceDate>
    </CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>343</LEA><SoftwareCode>LA</SoftwareCode><Release>1</Release>
      <SerialNo>1</SerialNo><DateTime>{year}-05-01T10:00:00</DateTime></Source>
  </Header>
  <Children>
{body}  </Children>
</Message>
"""


def annex_a(path: Path, *, child_header: str = "Child Unique ID", title_rows: int = 2) -> Path:
    """An Annex A with lists 1, 3, 6, 7 and 8 (two children) and a notes sheet; headers after title rows."""
    book = Workbook()
    book.remove(book.active)
    common = [child_header, "Gender", "Ethnicity", "Date of Birth"]
    lists = {
        "List 1 - Contacts": (common + ["Date of Contact", "Contact Source"],
                              [["A1", "a) Male", "WBRI", "01/02/2010", date(2018, 1, 5), "Police"],
                               ["A2", "b) Female", "WBRI", date(2012, 3, 4), "06/01/2018", "School"]]),
        "List 3 Referrals": (common + ["Date of Referral", "Allocated Team", "Allocated Worker"],
                             [["A1", "a) Male", "WBRI", "01/02/2010", "10/01/2018", "Team North", "W1"]]),
        "List 6": (common + ["CIN Start Date", "Date of last statutory visit", "Allocated team ", "Allocated Worker"],
                   [["A1", "a) Male", "WBRI", "01/02/2010", "15/01/2018", "20/03/2018", "Team North", "W1"]]),
        "L7 CP": (common + ["Child Protection Plan Start Date", "Date of the Last Statutory Visit",
                            "Date of latest review conference", "Allocated Team", "Allocated Worker"],
                  [["A2", "b) Female", "WBRI", "04/03/2012", "01/02/2018", None, "01/03/2018", "Team South", "W2"]]),
        "List 8 Children in care": (common + ["Date Started to be Looked After", "Date of Last Social Work Visit",
                                              "Date of Last IRO Visit / Contact to the Child", "Allocated Team",
                                              "Allocated Worker"],
                                    [["A2", "b) Female", "WBRI", "04/03/2012", "02/02/2018", "28/03/2018",
                                      "01/03/2018", "Team South", "W3"]]),
        "Notes": (["Read me"], [["Produced for inspection"]]),
    }
    for title, (header, rows) in lists.items():
        sheet = book.create_sheet(title)
        for _ in range(title_rows):
            sheet.append([f"Annex A: {title}"])
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path


def error_of(call: object) -> InputError:
    with pytest.raises(InputError) as caught:
        call()  # type: ignore[operator]
    return caught.value


# ---------------------------------------------------------------------------------------------
# Shared helpers


@pytest.mark.parametrize("header", ["Child Unique ID", "Child unique ID", "CHILD ID", "Unique Child Identifier",
                                    '"Child Unique ID"', "  child_unique-id\u00a0"])
def test_header_variants_normalise_to_one_child_id_column(header: str) -> None:
    assert annexa.match_columns([header, "Allocated Worker"], 3)["child_id"] == 0
    assert normalise_header(header) in ("childuniqueid", "childid", "uniquechildidentifier")


def test_impossible_dates_are_refused_not_rolled_over() -> None:
    import pyarrow as pa

    dates, bad = to_dates(pa.array(["31/02/2018", "29/02/2020", "2018-02-30", "1/2/2018", "", None, "01/02/18"]))
    assert dates.to_pylist() == [None, date(2020, 2, 29), None, date(2018, 2, 1), None, None, None]
    assert bad.to_pylist() == [True, False, True, False, False, False, True]


# ---------------------------------------------------------------------------------------------
# SSDA903


def test_it_recognises_each_903_table_by_its_columns(folder: Path) -> None:
    target = write_903(folder)
    found = {path.name: ssda903.read_csv_raw(path, path.name)[0] for path in sorted(target.iterdir())}
    assert found == {"episodes.csv": "Episodes", "header.csv": "Header", "missing.csv": "Missing", "oc2.csv": "OC2",
                     "oc3.csv": "OC3", "reviews.csv": "Reviews", "uasc.csv": "UASC"}


def test_903_tables_map_to_canonical_rows_with_their_csv_row_numbers(folder: Path) -> None:
    target = write_903(folder)
    episodes = read_file(target / "episodes.csv")
    assert episodes.kind == "903" and episodes.collection_year == 2018 and "folder" in episodes.year_source
    rows = episodes.tables["cla_episodes"].to_pylist()
    assert [(r["child_id"], r["decom"], r["placement"], r["rec"], r["source_row"]) for r in rows[:2]] == [
        ("C1", date(2017, 5, 1), "U1", "X1", 2), ("C1", date(2017, 9, 1), "U3", None, 3)]
    assert episodes.tables["cla_episodes"].column_names == columns("cla_episodes")
    health = read_file(target / "oc2.csv").tables["cla_health"].to_pylist()[0]
    assert (health["year"], health["health_check"], health["teeth_check"], health["sdq_score"]) == (2018, True, False, 14)


def test_columns_may_come_in_any_order_and_case(folder: Path) -> None:
    path = write(folder / "2018" / "r.csv", "review_code,Review,dob,child\nPN1,20/05/2017,01/02/2010,C1\n")
    assert read_file(path).tables["cla_reviews"].to_pylist()[0]["review_date"] == date(2017, 5, 20)


def test_wrong_columns_name_the_missing_and_the_unknown(folder: Path) -> None:
    path = write(folder / "2018" / "episodes.csv", "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,"
                                                    "REASON_PLACE_CHANGE,HOME_POST,PL_POSTCODE,URN\n")
    problem = error_of(lambda: read_file(path)).problems[0]
    assert "Episodes" in problem.message and "missing PL_POST" in problem.message
    assert "unknown PL_POSTCODE" in problem.message and problem.line == 1


def test_an_impossible_date_is_named_by_row_and_column(folder: Path) -> None:
    path = write(folder / "2018" / "header.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
                                                  "C1,1,01/02/2010,WBRI,,,\nC2,2,31/02/2018,WBRI,,,\n")
    problems = error_of(lambda: read_file(path)).problems
    assert [(p.line, p.field, p.code) for p in problems] == [(3, "DOB", "bad_date")]
    assert "31/02/2018" in problems[0].message and problems[0].file == "header.csv"


@pytest.mark.parametrize(("year", "codes", "ok"), [
    (2018, "1,2", True), (2024, "1,2", True), (2018, "M,F", False), (2025, "M,F", True), (2025, "1,2", False),
    (2025, "U,F", True)])
def test_sex_codes_are_versioned_by_collection_year(folder: Path, year: int, codes: str, ok: bool) -> None:
    a, b = codes.split(",")
    path = write(folder / str(year) / "header.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
                                                     f"C1,{a},01/02/2010,WBRI,,,\nC2,{b},01/02/2011,WBRI,,,\n")
    if ok:
        assert read_file(path).tables["children"].column("sex").to_pylist() == [a, b]
    else:
        problems = error_of(lambda: read_file(path)).problems
        assert {p.field for p in problems} == {"SEX"} and [p.line for p in problems] == [2, 3]
        assert ("1/2 was used until 2023-24" if year >= 2025 else "M/F/U is used from 2024-25") in problems[0].message


def test_sw_episodes_exist_only_from_2023_24(folder: Path) -> None:
    text = "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\nC1,01/02/2010,W1,01/04/2023,,\n"
    later = read_file(write(folder / "2024" / "sw.csv", text))
    assert later.tables == {} and later.not_loaded == ["SWEpisodes"]
    problem = error_of(lambda: read_file(write(folder / "2018" / "sw.csv", text))).problems[0]
    assert problem.code == "wrong_year" and "2023-24" in problem.message


def test_the_903_xml_form_fills_the_same_tables(folder: Path) -> None:
    path = write(folder / "ssda903_2017-18.xml", ssda903_xml())
    result = read_file(path)
    assert result.collection_year == 2018 and "file name" in result.year_source
    episode = result.tables["cla_episodes"].to_pylist()[0]
    assert (episode["child_id"], episode["placement"], episode["decom"], episode["dec"]) == (
        "X1", "A3", date(2017, 11, 11), None)
    assert result.tables["cla_reviews"].to_pylist()[0]["review_date"] == date(2018, 1, 28)
    assert result.tables["care_leavers"].to_pylist()[0]["activity"] == "G4"
    assert result.tables["cla_health"].to_pylist()[0]["sdq_score"] == 18
    assert [r["child_id"] for r in result.tables["children"].to_pylist()] == ["X1", "X2"]


# ---------------------------------------------------------------------------------------------
# CIN census


def test_the_census_becomes_canonical_tables_with_generated_keys(folder: Path) -> None:
    result = read_file(write(folder / "cin.xml", cin_xml(children=2)))
    assert (result.kind, result.collection_year, result.year_source) == ("cin", 2018, "ReferenceDate 31/03/2018")
    t = {name: table.to_pylist() for name, table in result.tables.items()}
    assert [(c["child_id"], c["sex"], c["disabled"]) for c in t["children"]] == [("K1", "1", False), ("K2", "1", True)]
    assert [r["referral_id"] for r in t["cin_referrals"]] == [
        "K1/2017-06-01/1", "K1/2018-02-01/1", "K2/2017-06-01/1", "K2/2018-02-01/1"]
    assert [r["referral_nfa"] for r in t["cin_referrals"]] == [False, True, False, True]
    assert t["assessments"][0] | {"upload_id": None} == {
        "child_id": "K1", "referral_id": "K1/2017-06-01/1", "assessment_id": "K1/2017-06-01/1/A2017-06-02/1",
        "start_date": date(2017, 6, 2), "authorised_date": date(2017, 7, 20), "factors": "1C,3A",
        "upload_id": None, "collection_year": 2018, "source_row": 1}
    assert t["s47_enquiries"][0]["icpc_not_required"] is False
    plan = t["cp_plans"][0]
    assert (plan["plan_id"], plan["previous_cpp_count"]) == ("K1/2017-06-01/1/P2017-08-20/1", 0)
    assert [(r["plan_id"], r["review_date"]) for r in t["cp_reviews"][:2]] == [
        (plan["plan_id"], date(2017, 11, 15)), (plan["plan_id"], date(2017, 12, 15))]
    assert t["cin_plans"][0]["end_date"] == date(2017, 8, 1)


def test_the_census_tables_have_the_validators_shape(folder: Path) -> None:
    census = cin.read_census(write(folder / "cin.xml", cin_xml(children=1)), "cin.xml")
    assessments = census.tables["Assessments"]
    assert assessments["AssessmentFactors"] == [["1C", "3A"]] and assessments["CINdetailsID"] == [1]
    assert census.tables["CINdetails"]["CINdetailsID"] == [1, 2]
    assert census.tables["ChildProtectionPlans"]["CPPID"] == [1]
    assert census.tables["Header"]["ReferenceDate"] == ["2018-03-31"]


def test_truncated_xml_is_refused_with_the_line_lxml_reports(folder: Path) -> None:
    text = cin_xml(children=3)
    cut = text[: text.index("<CINdetails>", 2000)]
    problem = error_of(lambda: read_file(write(folder / "cin.xml", cut))).problems[0]
    assert problem.code == "bad_xml" and problem.line == cut.count("\n") + 1


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<Message><Children><Child><ChildIdentifiers><LAchildID>&lol9;</LAchildID></ChildIdentifiers></Child></Children></Message>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE Message [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Message><Children><Child><ChildIdentifiers><LAchildID>&secret;</LAchildID></ChildIdentifiers></Child></Children></Message>
"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY, "<!DOCTYPE Message>\n<Message/>",
                                  "\ufeff<!-- hi --><!DOCTYPE x SYSTEM 'http://example.invalid/x.dtd'><EXPSSDA903/>"])
@pytest.mark.parametrize("name", ["cin.xml", "903_2018.xml"])
def test_any_dtd_or_entity_declaration_is_refused_outright(folder: Path, text: str, name: str) -> None:
    problem = error_of(lambda: read_file(write(folder / name, text), collection_year=2018)).problems[0]
    assert problem.code == "xml_dtd" and "DTD" in problem.message
    with pytest.raises(InputError):
        cin.read_census(folder / name, name)


@pytest.mark.parametrize(("year", "code", "ok"), [(2018, "1", True), (2018, "M", False), (2025, "M", True),
                                                  (2025, "1", False)])
def test_census_sex_codes_are_versioned(folder: Path, year: int, code: str, ok: bool) -> None:
    element = "Sex" if year >= 2025 else "GenderCurrent"
    text = cin_xml(children=1, year=year).replace(f"<{element}>{'M' if year >= 2025 else '1'}</{element}>",
                                                   f"<{element}>{code}</{element}>")
    path = write(folder / "cin.xml", text)
    if ok:
        assert read_file(path).tables["children"].column("sex").to_pylist() == [code]
    else:
        assert error_of(lambda: read_file(path)).problems[0].field == element


# ---------------------------------------------------------------------------------------------
# Annex A


def test_annex_a_lists_become_contacts_allocations_and_visit_snapshots(folder: Path) -> None:
    result = read_file(annex_a(folder / "Annex A 2018-03-31.xlsx"))
    assert (result.kind, result.collection_year) == ("annex_a", 2018)
    t = {name: table.to_pylist() for name, table in result.tables.items()}
    assert [(c["child_id"], c["contact_date"], c["contact_source"], c["source_row"]) for c in t["contacts"]] == [
        ("A1", date(2018, 1, 5), "Police", 4), ("A2", date(2018, 1, 6), "School", 5)]
    assert sorted((a["child_id"], a["team"], a["worker"], a["from_date"], a["to_date"]) for a in t["allocations"]) == [
        ("A1", "Team North", "W1", date(2018, 1, 10), None), ("A1", "Team North", "W1", date(2018, 1, 15), None),
        ("A2", "Team South", "W2", date(2018, 2, 1), None), ("A2", "Team South", "W3", date(2018, 2, 2), None)]
    assert [(v["child_id"], v["case_type"], v["snapshot_date"], v["last_visit_date"], v["worker"])
            for v in t["visit_snapshots"]] == [
        ("A1", "cin", date(2018, 3, 31), date(2018, 3, 20), "W1"), ("A2", "cp", date(2018, 3, 31), None, "W2"),
        ("A2", "cla", date(2018, 3, 31), date(2018, 3, 28), "W3")]
    assert sorted(c["child_id"] for c in t["children"]) == ["A1", "A2"]
    assert any("Notes" in p.message for p in result.problems)


@pytest.mark.parametrize("header", ["Child unique ID", "CHILD ID", "Unique Child Identifier", "'Child Unique ID'"])
def test_annex_a_child_id_headers_vary_between_councils(folder: Path, header: str) -> None:
    result = read_file(annex_a(folder / "annex.xlsx", child_header=header, title_rows=0), snapshot_date=date(2018, 3, 31))
    assert result.tables["contacts"].num_rows == 2


def test_the_snapshot_date_comes_from_the_parameter_then_the_name_then_the_latest_date(folder: Path) -> None:
    named = annex_a(folder / "annex_a_31.03.2018.xlsx")
    plain = annex_a(folder / "annex.xlsx")
    given = read_file(named, snapshot_date=date(2018, 3, 30)).tables["visit_snapshots"]
    assert set(given.column("snapshot_date").to_pylist()) == {date(2018, 3, 30)}
    assert set(read_file(named).tables["visit_snapshots"].column("snapshot_date").to_pylist()) == {date(2018, 3, 31)}
    latest = read_file(plain)
    assert set(latest.tables["visit_snapshots"].column("snapshot_date").to_pylist()) == {date(2018, 3, 28)}
    assert any(p.code == "snapshot_date" for p in latest.problems)


def write_bomb(path: Path, megabytes: int = 24) -> Path:
    """A valid-looking xlsx whose one sheet is megabytes of spaces that compress ~1000 to 1."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            block = b" " * 1024**2
            for _ in range(megabytes):
                sheet.write(block)
    return path


def test_an_xlsx_bomb_is_refused_before_it_is_opened(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = write_bomb(folder / "annex.xlsx")
    assert bomb.stat().st_size < 100_000
    assert error_of(lambda: read_file(bomb)).problems[0].code == "xlsx_bomb"
    monkeypatch.setattr(annexa, "MAX_XLSX_RATIO", 10_000)
    monkeypatch.setattr(annexa, "MAX_XLSX_UNPACKED", 10 * 1024**2)
    assert "unpacks to 24 MB" in error_of(lambda: read_file(bomb)).problems[0].message


def with_sheet(source: Path, target: Path, change: object) -> Path:
    """A copy of an xlsx with its first sheet's XML changed by ``change(bytes) -> bytes``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item, change(data) if item.filename == "xl/worksheets/sheet1.xml" else data)  # type: ignore[operator]
    return target


@pytest.mark.parametrize("change", [
    lambda d: d.replace(b"<worksheet", b'<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet', 1),
    lambda d: d[: len(d) // 2], lambda d: b"\x00garbage"])
def test_a_damaged_or_hostile_sheet_is_refused_as_input(folder: Path, change: object) -> None:
    path = with_sheet(annex_a(folder / "good.xlsx"), folder / "bad.xlsx", change)
    assert error_of(lambda: read_file(path, snapshot_date=date(2018, 3, 31))).problems[0].code in (
        "unreadable_file", "xml_dtd")


# ---------------------------------------------------------------------------------------------
# Workforce and population


def test_workforce_and_population_headers_are_matched_by_synonyms(folder: Path) -> None:
    staff = write(folder / "workforce.csv", "Worker ID,Team,Snapshot date,FTE,Agency,Case holding,Caseload,Grade\n"
                                            "W1,North,30/09/2017,1.0,N,Y,18,SW\nW2,North,30/09/2017,0.5,Yes,Y,,SW\n")
    result = read_file(staff)
    assert (result.kind, result.collection_year) == ("workforce", 2018)
    assert [(r["worker"], r["fte"], r["agency"], r["caseload"]) for r in result.tables["workforce"].to_pylist()] == [
        ("W1", 1.0, False, 18), ("W2", 0.5, True, None)]
    assert any("Grade" in p.message for p in result.problems)
    people = read_file(write(folder / "pop.csv", "Year,Children aged 0-17\n2017,63100\n2018,63400\n"))
    assert (people.kind, people.collection_year) == ("population", 2018)
    assert people.tables["population"].column("children_0_17").to_pylist() == [63100, 63400]


def test_a_national_population_of_millions_loads_and_ten_digit_counts_do_not(folder: Path) -> None:
    people = read_file(write(folder / "england.csv", "Year,Children aged 0-17\n2018,11900000\n"))
    assert people.tables["population"].column("children_0_17").to_pylist() == [11900000]
    message = error_of(lambda: read_file(write(folder / "typo.csv", "Year,Children aged 0-17\n2018,1190000000\n")))
    assert (message.problems[0].field, message.problems[0].line) == ("Children aged 0-17", 2)  # as the file names it


def test_a_file_that_is_none_of_these_says_what_it_looks_like(folder: Path) -> None:
    path = write(folder / "mystery.csv", "CHILD,DOB,REVIEW\nC1,01/01/2010,01/01/2018\n")
    message = error_of(lambda: recognise(path)).problems[0].message
    assert "nearest is Reviews" in message and "missing REVIEW_CODE" in message


# ---------------------------------------------------------------------------------------------
# Fuzz: whatever the bytes, a reader gives a result or InputError, never another exception.

# FUZZ_EXAMPLES=1000 for a deeper search; the defaults keep the suite quick. Workbooks cost more.
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "50"))
FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ_XLSX = settings(max_examples=max(FUZZ_EXAMPLES // 3, 10), deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])


def _read_any(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "2018" / name
        write(path, data)
        try:
            read_file(path, collection_year=2018, snapshot_date=date(2018, 3, 31))
        except InputError as error:
            assert error.problems and all(p.message for p in error.problems)


@FUZZ
@given(data=st.binary(max_size=600), name=st.sampled_from(["a.csv", "a.xml", "a.xlsx", "a.txt"]))
def test_fuzz_random_bytes(data: bytes, name: str) -> None:
    _read_any(data, name)


PREFIXES = [b"<?xml version='1.0'?>\n<Message><Header>", b"<EXPSSDA903><CHILD><HEADER><CHILDID>",
            b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n", b"PK\x03\x04", b"\xef\xbb\xbfYear,children_0_17\n",
            b"Worker,Snapshot date\n", b"<Message><Children><Child><ChildIdentifiers>"]


@FUZZ
@given(prefix=st.sampled_from(PREFIXES), data=st.binary(max_size=300),
       name=st.sampled_from(["a.csv", "a.xml", "a.xlsx"]))
def test_fuzz_plausible_starts(prefix: bytes, data: bytes, name: str) -> None:
    _read_any(prefix + data, name)


@FUZZ
@given(cell=st.text(max_size=30), column=st.integers(0, 12), row=st.integers(0, 3))
def test_fuzz_903_cells(cell: str, column: int, row: int) -> None:
    lines = [
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN",
        "C1,01/05/2017,S,C2,N1,U1,PR1,01/09/2017,X1,CARPL,L1 1AA,L2 2BB,SC1",
        "C2,01/05/2017,S,C2,N1,U1,PR1,,,,L1 1AA,L2 2BB,SC1"]
    cells = lines[min(row, 2)].split(",")
    cells[column] = cell
    lines[min(row, 2)] = ",".join(cells)
    _read_any("\n".join(lines).encode("utf-8", "surrogatepass"), "episodes.csv")


@FUZZ
@given(text=st.text(max_size=20), position=st.integers(0, 4000))
def test_fuzz_census_text(text: str, position: int) -> None:
    base = cin_xml(children=2)
    cut = position % len(base)
    _read_any((base[:cut] + text + base[cut:]).encode("utf-8", "surrogatepass"), "cin.xml")


@FUZZ_XLSX
@given(junk=st.binary(max_size=40), position=st.integers(0, 5000))
def test_fuzz_annex_a_sheet_xml(junk: bytes, position: int) -> None:
    with tempfile.TemporaryDirectory() as work:
        good = annex_a(Path(work) / "good.xlsx", title_rows=0)
        bad = with_sheet(good, Path(work) / "bad.xlsx", lambda d: d[: position % len(d)] + junk + d[position % len(d):])
        _read_any(bad.read_bytes(), "annex.xlsx")


@FUZZ_XLSX
@given(value=st.one_of(st.text(max_size=20), st.integers(), st.floats(allow_nan=True), st.dates(),
                       st.none()), column=st.integers(0, 7))
def test_fuzz_annex_a_cells(value: object, column: int) -> None:
    with tempfile.TemporaryDirectory() as work:
        path = annex_a(Path(work) / "annex.xlsx", title_rows=0)
        book = load_workbook(path)
        sheet = book["List 6"]
        try:
            sheet.cell(row=2, column=column + 1, value=value)  # type: ignore[arg-type]
        except (ValueError, TypeError, IllegalCharacterError):
            return  # openpyxl refuses the value itself (control characters …)
        book.save(path)
        _read_any(path.read_bytes(), "annex.xlsx")

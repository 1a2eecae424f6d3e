"""Breakdown by team and worker, drill-down to rows, the registry's metadata and its errors."""

from collections import defaultdict
from pathlib import Path

import pytest

from clearsight.engine.indicators import (
    REGISTRY,
    LevelError,
    ParameterError,
    RowRef,
    Unit,
    UnknownIndicatorError,
    compute,
    rows_behind,
)
from clearsight.engine.indicators.docs import render_markdown
from clearsight.engine.indicators.testing import HandBuilt

DOCS = Path(__file__).resolve().parents[3] / "docs" / "indicators.md"


def allocated():
    """Referrals whose allocation on the day is known, including the edges of allocations."""
    data = HandBuilt()
    for child, team, worker, start, end in (
        ("A", "Front Door", "Ann", "2017-01-01", "2017-09-01"), ("A", "CIN Team", "Bob", "2017-09-01", None),
        ("B", "Front Door", "Cat", "2017-06-01", None),
        ("D", "X Team", "Xavier", "2017-01-01", None), ("D", "Y Team", "Yan", "2017-05-01", "2017-06-01"),
    ):
        data.add("allocations", 2018, child_id=child, team=team, worker=worker, from_date=start, to_date=end)
    for child, day in (("A", "2017-08-31"), ("A", "2017-09-01"), ("B", "2017-06-01"), ("B", "2017-05-31"),
                       ("C", "2017-07-01"), ("D", "2017-07-01")):
        data.add("cin_referrals", 2018, child_id=child, referral_id=f"{child}/{day}", referral_date=day)
    return data


def by(data, level, indicator="referrals", year=2018):
    return {r.level: r.numerator for r in compute(data.con, year=year, by=level, ids=[indicator])}


def test_rows_count_under_the_allocation_open_on_their_event_date():
    data = allocated()
    assert by(data, "team") == {"CIN Team": 1, "Front Door": 2, "X Team": 1, "Unallocated": 2}
    assert by(data, "worker") == {"Ann": 1, "Bob": 1, "Cat": 1, "Xavier": 1, "Unallocated": 2}
    assert by(data, "authority") == {"authority": 6}


def test_team_figures_are_listed_alphabetically_with_unallocated_last():
    levels = [r.level for r in compute(allocated().con, year=2018, by="team", ids=["referrals"])]
    assert levels == ["CIN Team", "Front Door", "X Team", "Unallocated"]


def test_the_rows_behind_a_team_figure_name_the_children_files_and_rows():
    data = allocated()
    rows = rows_behind(data.con, "referrals", year=2018, level_kind="team", level="Front Door")
    assert [(r.child_id, str(r.event_date), r.upload_id, r.source_row) for r in rows] == [
        ("A", "2017-08-31", "cin_referrals-2018", 1), ("B", "2017-06-01", "cin_referrals-2018", 3)]
    assert rows_behind(data.con, "referrals", year=2018, level_kind="team", level="Front Door", part="denominator") == []
    unallocated = rows_behind(data.con, "referrals", year=2018, level_kind="worker", level="Unallocated")
    assert [r.child_id for r in unallocated] == ["B", "C"]


def everything():
    """A little of every kind of data, with allocations for some children."""
    data = HandBuilt()
    for n, child in enumerate("ABCDEFGH"):
        team = ("North", "South", None)[n % 3]
        if team:
            data.add("allocations", 2018, child_id=child, team=team, worker=f"{team} worker {n % 2}",
                     from_date="2016-01-01")
        data.add("children", 2018, child_id=child, dob=f"20{n + 4:02d}-05-01")
        data.add("cin_referrals", 2018, child_id=child, referral_id=f"{child}/1", referral_date=f"2017-0{n % 9 + 1}-10",
                 closure_reason="RC8" if n % 2 else None)
        data.add("assessments", 2018, child_id=child, referral_id=f"{child}/1", start_date="2017-06-01",
                 authorised_date=f"2017-0{6 + n % 4}-0{1 + n % 8}")
        data.add("s47_enquiries", 2018, child_id=child, start_date="2017-10-02", icpc_date=f"2017-10-{10 + 2 * n}")
        data.add("cp_plans", 2018, child_id=child, plan_id=f"{child}/p", start_date=f"2015-0{n % 9 + 1}-20",
                 end_date="2017-12-01" if n % 2 else None, previous_cpp_count=n % 3)
        data.add("cp_reviews", 2018, child_id=child, plan_id=f"{child}/p", review_date=f"2017-0{n % 9 + 1}-01")
        data.add("cla_episodes", 2018, child_id=child, decom=f"201{n % 4 + 4}-06-01", rne="S", legal_status="C2",
                 placement=("U1", "P1")[n % 2])
        data.add("cla_reviews", 2018, child_id=child, review_date=f"2017-1{n % 3}-01")
        data.add("cla_health", 2018, child_id=child, year=2018, health_assessment=n % 2 == 0, teeth_check=n % 3 == 0)
        data.add("care_leavers", 2018, child_id=child, year=2018, dob="1999-05-01", in_touch=("YES", "NO")[n % 2],
                 activity="F2", accommodation="B1")
        data.add("contacts", 2018, child_id=child, contact_date="2017-05-05")
        data.add("visit_snapshots", 2018, child_id=child, case_type=("cp", "cla")[n % 2], snapshot_date="2018-03-31",
                 last_visit_date=f"2018-0{n % 3 + 1}-20", team=team, worker=team and f"{team} worker")
        data.add("workforce", 2018, worker=f"w{n}", team=team, snapshot_date="2017-09-30", fte=1.0,
                 agency=n % 4 == 0, case_holding=n % 3 != 0, caseload=10 + n)
    data.add("cin_referrals", 2018, child_id="A", referral_id="A/2", referral_date="2017-11-10")  # a re-referral
    data.add("cp_plans", 2018, child_id="B", plan_id="B/2", start_date="2018-01-10", previous_cpp_count=1)
    for decom, rne in (("2017-06-01", "P"), ("2017-09-01", "B")):  # C: 3 placements in the year
        data.add("cla_episodes", 2018, child_id="C", decom=decom, rne=rne, legal_status="C2", placement="U2")
    data.add("population", 2018, year=2018, children_0_17=50_000)
    return data


def _totals(results):
    """{(indicator, part): sum over levels}; a rate's denominator is the same population at every level."""
    sums = defaultdict(float)
    for r in results:
        sums[r.indicator, "numerator"] += r.numerator or 0
        if r.unit != Unit.RATE_PER_10K:
            sums[r.indicator, "denominator"] += r.denominator or 0
    return {key: total for key, total in sums.items() if total}


@pytest.fixture(scope="module")
def rich():
    data = everything()
    return data, {level: compute(data.con, year=2018, by=level) for level in ("authority", "team", "worker")}


def test_every_indicator_is_computed_and_team_and_worker_figures_add_up_to_the_authority(rich):
    _, results = rich
    assert {r.indicator for r in results["authority"]} == {i.id for i in REGISTRY}
    assert _totals(results["team"]) == pytest.approx(_totals(results["authority"]))
    assert _totals(results["worker"]) == pytest.approx(_totals(results["authority"]))
    assert {r.level for r in results["team"]} == {"North", "South", "Unallocated"}


TEAM_SAMPLE = {"referrals", "referrals_rate_per_10k", "assessments_45wd", "cpp_reviews_in_time", "cla_3plus_placements",
               "cla_reviews_in_time", "care_leavers_eet", "cp_visits_in_time", "cla_at_31mar"}


@pytest.mark.parametrize("indicator", [i.id for i in REGISTRY if not i.weighted])
def test_the_rows_behind_each_figure_match_its_numerator_and_denominator(rich, indicator):
    data, results = rich
    figures = [next(r for r in results["authority"] if r.indicator == indicator)]
    if indicator in TEAM_SAMPLE:  # the team path is shared by all; a sample of each shape is enough
        figures.append(next(r for r in results["team"] if r.indicator == indicator and r.level == "North"))
    for figure in figures:
        for part, expected in (("numerator", figure.numerator), ("denominator", figure.denominator)):
            rows = rows_behind(data.con, indicator, year=2018, level_kind=figure.level_kind, level=figure.level,
                               part=part)
            if figure.unit == Unit.RATE_PER_10K and part == "denominator":
                assert rows == []
            else:
                assert len(rows) == (expected or 0), (figure, part)
                assert all(isinstance(r, RowRef) and r.upload_id and r.source_row for r in rows)


def test_the_rows_behind_a_workforce_figure_are_the_workers_rows(rich):
    data, _ = rich
    rows = rows_behind(data.con, "average_caseload", year=2018, part="denominator")
    assert [(r.child_id, r.upload_id, r.source_row) for r in rows][:2] == [(None, "workforce-2018", 2),
                                                                           (None, "workforce-2018", 3)]


def test_without_a_year_every_collection_year_loaded_is_computed():
    data = HandBuilt()
    for year in (2017, 2018):
        data.add("cin_referrals", year, child_id="A", referral_date=f"{year - 1}-06-01")
    data.add("population", 2030, year=2030, children_0_17=1)  # a population file states no collection year
    assert [(r.indicator, r.year) for r in compute(data.con, ids=["referrals"])] == [("referrals", 2017),
                                                                                       ("referrals", 2018)]
    assert compute(HandBuilt().con) == []


def test_a_year_whose_return_is_loaded_reports_zero_and_an_empty_percentage():
    data = HandBuilt()
    data.add("assessments", 2018, child_id="A", start_date="2016-01-01", authorised_date="2016-02-01")
    found = {r.indicator: (r.numerator, r.denominator, r.value) for r in compute(data.con, year=2018)}
    assert found == {"assessments": (0, None, 0), "assessments_45wd": (0, 0, None), "assessments_15wd": (0, 0, None),
                     "assessments_35wd": (0, 0, None), "assessments_nfa": (0, 0, None)}


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda con: compute(con, ids=["no_such_thing"]), UnknownIndicatorError, "no indicator 'no_such_thing'"),
        (lambda con: compute(con, by="region"), LevelError, "not 'region'"),
        (lambda con: compute(con, parameters={"assessments_45wd": {"days": 3}}), ParameterError, "no parameter 'days'"),
        (lambda con: compute(con, parameters={"assessments_45wd": {"max_working_days": -1}}), ParameterError,
         "whole number"),
        (lambda con: compute(con, parameters={"assessments_45wd": {"anchor": "today"}}), ParameterError, "one of"),
        (lambda con: compute(con, parameters={"care_leavers_eet": {"eet_activities": "F1"}}), ParameterError,
         "list of codes"),
        (lambda con: compute(con, parameters={"referrals_rate_per_10k": {}}), ParameterError, "set them there"),
        (lambda con: rows_behind(con, "referrals", year=2018, part="both"), LevelError, "numerator or the denominator"),
    ],
)
def test_requests_that_cannot_be_answered_say_why(call, error, message):
    with pytest.raises(error, match=message):
        call(HandBuilt().con)


def test_every_indicator_has_its_metadata_and_the_documented_list_is_complete():
    required = ("name", "definition", "source", "numerator", "denominator", "exclusions", "event_date", "example")
    for indicator in REGISTRY:
        assert all(getattr(indicator, field).strip() for field in required), indicator.id
        assert indicator.render(indicator.defaults()).strip()
    ids = {i.id for i in REGISTRY}
    assert {"re_referrals_12m", "assessments_45wd", "icpc_15wd", "cla_3plus_placements", "care_leavers_eet",
            "cp_visits_in_time", "average_caseload", "agency_worker_rate", "cla_starts_rate_per_10k"} <= ids
    assert DOCS.read_text() == render_markdown(), "docs/indicators.md is stale: run python -m " \
                                                  "clearsight.engine.indicators.docs > docs/indicators.md"


def test_computing_every_level_at_once_gives_the_same_figures_as_one_level_at_a_time(tmp_path):
    import duckdb

    from clearsight.engine.childdata.load import load_paths
    from clearsight.engine.childdata.schema import create_schema
    from clearsight.engine.indicators import compute_levels
    from clearsight.engine.synth.authorities import find_authority
    from clearsight.engine.synth.generate import SynthConfig, generate

    generate(SynthConfig(find_authority("343"), children=600, years=2, seed=3, last_year=2018), tmp_path / "data")
    con = duckdb.connect()
    create_schema(con)
    load_paths(con, sorted((tmp_path / "data").rglob("*.*")))
    together = compute_levels(con)
    assert set(together) == {"authority", "team", "worker"}
    for level, results in together.items():
        assert results == compute(con, by=level)
        assert {r.level_kind for r in results} == {level}
    assert len(together["team"]) > len(together["authority"])  # the data has teams to break down by

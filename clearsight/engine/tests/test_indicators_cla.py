"""Indicators from the SSDA903, Annex A visit lists and workforce data."""

import pytest

from clearsight.engine.indicators import compute, rows_behind
from clearsight.engine.indicators.testing import HandBuilt


def figures(data, year, *ids, **options):
    """{indicator: (numerator, denominator, value)} of the authority figures."""
    return {r.indicator: (r.numerator, r.denominator, r.value)
            for r in compute(data.con, year=year, ids=list(ids), **options) if r.level == "authority"}


def episode(data, child, decom, rne, legal_status="C2", placement="U1", dec=None, rec=None, year=2018):
    data.add("cla_episodes", year, child_id=child, decom=decom, rne=rne, legal_status=legal_status,
             placement=placement, dec=dec, rec=rec)


def chain(data, child, *steps, year=2018):
    """Episodes joined by X1: steps are (decom, rne, placement); the last stays open."""
    for (decom, rne, placement), following in zip(steps, [*steps[1:], None], strict=True):
        episode(data, child, decom, rne, placement=placement, dec=following and following[0],
                rec=following and "X1", year=year)


def test_looked_after_at_31_march_excludes_short_breaks_and_care_ending_that_day():
    data = HandBuilt()
    episode(data, "ceased-31-march", "2017-06-01", "S", dec="2018-03-31", rec="E11")
    episode(data, "short-breaks", "2017-06-01", "S", legal_status="V3")
    episode(data, "in-care", "2017-06-01", "S")
    chain(data, "chained", ("2016-01-01", "S", "U1"), ("2017-01-01", "P", "U2"))
    episode(data, "last-seen-2017", "2016-06-01", "S", year=2017)
    episode(data, "twice", "2017-05-01", "S", dec="2017-08-01", rec="E11")
    episode(data, "twice", "2017-11-01", "S")
    assert figures(data, 2018, "cla_at_31mar", "cla_starts") == {
        "cla_at_31mar": (3, None, 3),  # in-care, chained, twice
        "cla_starts": (3, None, 3),  # ceased-31-march, in-care, twice (once)
    }


def test_placements_in_the_year_count_carer_changes_not_same_carer_moves_or_temporary_stays():
    data = HandBuilt()
    chain(data, "three", ("2016-01-01", "S", "U1"), ("2017-07-01", "P", "U2"), ("2017-09-01", "T", "U3"),
          ("2018-01-01", "P", "U4"), ("2018-02-01", "P", "T1"))
    chain(data, "two", ("2017-05-01", "S", "U1"), ("2017-08-01", "P", "U2"), ("2017-10-01", "U", "U2"))
    chain(data, "moved-on-1-april", ("2016-01-01", "S", "U1"), ("2017-04-01", "P", "U2"), ("2017-10-01", "B", "U3"))
    chain(data, "short-break-child", ("2017-05-01", "S", "U1"), ("2017-06-01", "P", "U2"), ("2017-07-01", "P", "U3"))
    episode(data, "short-break-child", "2017-12-01", "S", legal_status="V4")  # now on short breaks: left out
    assert figures(data, 2018, "cla_3plus_placements")["cla_3plus_placements"] == (1, 3, pytest.approx(100 / 3))
    assert figures(data, 2018, "cla_3plus_placements", parameters={"cla_3plus_placements": {"min_placements": 2}})[
        "cla_3plus_placements"][0] == 3


def test_long_term_stability_for_under_16s_in_care_two_and_a_half_years():
    data = HandBuilt()
    for child, dob in (("same-since-2016", "2008-01-01"), ("moved-2016", "2008-01-01"), ("sixteen", "2002-03-31"),
                       ("recent", "2008-01-01"), ("adopters", "2012-01-01"), ("boundary", "2008-01-01"),
                       ("same-carer", "2008-01-01")):
        data.add("children", 2018, child_id=child, dob=dob)
    chain(data, "same-since-2016", ("2015-01-01", "S", "U1"), ("2016-03-01", "P", "U2"))
    chain(data, "moved-2016", ("2015-01-01", "S", "U1"), ("2016-06-01", "P", "U2"))
    chain(data, "sixteen", ("2010-01-01", "S", "U1"))
    chain(data, "recent", ("2015-12-01", "S", "U1"))  # less than 2½ years at 31/03/2018
    chain(data, "adopters", ("2015-01-01", "S", "U1"), ("2017-10-01", "P", "A4"))
    chain(data, "boundary", ("2015-09-30", "S", "U1"))  # exactly 2½ years
    chain(data, "same-carer", ("2015-01-01", "S", "U1"), ("2017-01-01", "T", "U3"))
    assert figures(data, 2018, "cla_long_term_stability")["cla_long_term_stability"] == (4, 5, 80.0)


def test_placed_with_parents_on_a_care_order():
    data = HandBuilt()
    episode(data, "A", "2017-06-01", "S", legal_status="C2", placement="P1")
    episode(data, "B", "2017-06-01", "S", legal_status="C1", placement="P1")
    episode(data, "C", "2017-06-01", "S", legal_status="C2", placement="U1")
    assert figures(data, 2018, "cla_placed_with_parents_care_order")["cla_placed_with_parents_care_order"] == (
        1, 3, pytest.approx(100 / 3))


def test_looked_after_reviews_first_in_20_working_days_then_3_then_6_months():
    data = HandBuilt()

    def reviews(child, *days):
        for day in days:
            data.add("cla_reviews", 2018, child_id=child, review_date=day)

    episode(data, "on-time", "2017-12-04", "S")
    reviews("on-time", "2018-01-04")  # the 20th working day after 04/12/2017
    episode(data, "late", "2017-12-04", "S")
    reviews("late", "2018-01-05")
    episode(data, "three-reviews", "2017-06-01", "S")
    reviews("three-reviews", "2017-06-29", "2017-09-29", "2018-03-29")
    episode(data, "missed-second", "2017-06-01", "S")
    reviews("missed-second", "2017-06-20")  # second due 20/09/2017, never held
    episode(data, "short-breaks", "2017-06-01", "S", legal_status="V3")
    episode(data, "left-early", "2018-03-01", "S", dec="2018-03-10", rec="E4A")
    assert figures(data, 2018, "cla_reviews_in_time")["cla_reviews_in_time"] == (2, 4, 50.0)


def test_health_and_dental_checks_over_the_oc2_cohort():
    data = HandBuilt()
    for child, health, teeth in (("A", True, True), ("B", True, False), ("C", False, None)):
        data.add("cla_health", 2018, child_id=child, year=2018, health_assessment=health, health_check=not health,
                 teeth_check=teeth)
    data.add("cla_health", 2019, child_id="A", year=2019, health_assessment=True, teeth_check=True)
    assert figures(data, 2018, "cla_annual_health_check", "cla_dental_check") == {
        "cla_annual_health_check": (2, 3, pytest.approx(200 / 3)),
        "cla_dental_check": (1, 3, pytest.approx(100 / 3)),
    }
    under_fives = {"cla_annual_health_check": {"field": "health_check"}}  # health surveillance checks
    assert figures(data, 2018, "cla_annual_health_check", parameters=under_fives)["cla_annual_health_check"][0] == 1


def test_care_leavers_cohort_in_touch_eet_and_suitable_accommodation():
    data = HandBuilt()
    for child, dob, touch, activity, accommodation in (
        ("seventeen", "2000-06-01", "YES", "F2", "B1"), ("nineteen", "1998-06-01", "yes", "G5", "D2"),
        ("died", "1999-06-01", "DIED", None, None), ("home", "1999-06-01", "RHOM", None, None),
        ("refuses", "1999-06-01", "REFU", None, None), ("twenty-two", "1995-06-01", "YES", "F1", "B1"),
        ("no-dob", None, "NO", "P4", "K1"),
    ):
        data.add("care_leavers", 2018, child_id=child, year=2018, dob=dob, in_touch=touch, activity=activity,
                 accommodation=accommodation)
    assert figures(data, 2018, "care_leavers_in_touch", "care_leavers_eet", "care_leavers_suitable_accommodation",
                   "care_leavers") == {
        "care_leavers_in_touch": (2, 4, 50.0),
        "care_leavers_eet": (2, 4, 50.0),
        "care_leavers_suitable_accommodation": (2, 4, 50.0),
        "care_leavers": (6, None, 6),
    }
    seventeen = rows_behind(data.con, "care_leavers_eet", year=2018, part="numerator")[0]
    assert (seventeen.child_id, str(seventeen.event_date)) == ("no-dob", "2018-03-31")


def test_visits_in_time_use_the_years_latest_list():
    data = HandBuilt()
    for child, visited in (("in-time", "2018-03-16"), ("late", "2018-03-14"), ("never", None), ("after", "2018-04-02")):
        data.add("visit_snapshots", 2018, child_id=child, case_type="cp", snapshot_date="2018-03-30",
                 last_visit_date=visited, team="CP Team", worker="Ann")
    data.add("visit_snapshots", 2018, child_id="earlier-list", case_type="cp", snapshot_date="2018-01-31",
             last_visit_date="2018-01-30")
    for child, visited in (("six-weeks", "2018-02-17"), ("over", "2018-02-16")):
        data.add("visit_snapshots", 2018, child_id=child, case_type="CLA", snapshot_date="2018-03-31",
                 last_visit_date=visited)
    for child, visited in (("twenty", "2018-01-03"), ("twenty-one", "2018-01-02")):
        data.add("visit_snapshots", 2018, child_id=child, case_type="CIN", snapshot_date="2018-01-31",
                 last_visit_date=visited)
    assert figures(data, 2018, "cin_visits_in_time", "cp_visits_in_time", "cla_visits_in_time") == {
        "cin_visits_in_time": (1, 2, 50.0),
        "cp_visits_in_time": (1, 4, 25.0),  # 16/03 is 9 working days before Good Friday 30/03/2018
        "cla_visits_in_time": (1, 2, 50.0),
    }
    by_team = {r.level: r.denominator for r in compute(data.con, year=2018, by="team", ids=["cp_visits_in_time"])}
    assert by_team == {"CP Team": 4}


def test_workforce_caseload_per_fte_and_agency_rate_at_the_years_latest_snapshot():
    data = HandBuilt()
    for worker, team, fte, agency, holding, caseload, vacancy in (
        ("w1", "East", 1.0, False, True, 20, False), ("w2", "East", 1.0, True, True, 18, False),
        ("w3", "West", 0.5, False, True, 9, False), ("w4", "West", 1.0, True, False, None, False),
        ("post", "West", 1.0, False, True, None, True),
    ):
        data.add("workforce", 2018, worker=worker, team=team, snapshot_date="2017-09-30", fte=fte, agency=agency,
                 case_holding=holding, caseload=caseload, vacancy=vacancy)
    data.add("workforce", 2018, worker="w1", team="East", snapshot_date="2017-04-30", fte=1.0, case_holding=True,
             caseload=99)
    assert figures(data, 2018, "average_caseload", "agency_worker_rate") == {
        "average_caseload": (47.0, 2.5, 18.8),
        "agency_worker_rate": (2.0, 3.5, pytest.approx(200 / 3.5)),
    }
    by_team = {r.level: r.value for r in compute(data.con, year=2018, by="team", ids=["average_caseload"])}
    assert by_team == {"East": 19.0, "West": 18.0}

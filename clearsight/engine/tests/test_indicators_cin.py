"""Indicators from the CIN census: referrals, assessments, section 47 and ICPCs, CP plans, counts."""

from datetime import date

import pytest

from clearsight.engine.indicators import compute
from clearsight.engine.indicators.testing import HandBuilt
from clearsight.engine.indicators.workdays import add_working_days


def figure(data, indicator, year, **options):
    """(numerator, denominator, value) of the authority figure."""
    found = [r for r in compute(data.con, year=year, ids=[indicator], **options) if r.level == "authority"]
    assert len(found) == 1, found
    return found[0].numerator, found[0].denominator, found[0].value


def referral(data, year, child, day, **values):
    data.add("cin_referrals", year, child_id=child, referral_id=f"{child}/{day}/1", referral_date=day, **values)


def test_re_referrals_look_back_12_months_across_censuses():
    data = HandBuilt()
    referral(data, 2018, "A", "2017-05-10")
    referral(data, 2019, "A", "2018-05-10")  # exactly 12 months later: a re-referral
    referral(data, 2018, "B", "2017-05-09")
    referral(data, 2019, "B", "2018-05-10")  # 12 months and a day: not
    referral(data, 2018, "C", "2017-06-01")
    assert figure(data, "re_referrals_12m", 2019) == (1, 2, 50.0)
    assert figure(data, "re_referrals_12m", 2018) == (0, 3, 0.0)


@pytest.mark.parametrize(
    ("previous", "referred", "re_referral"),
    [
        ("2017-05-10", "2018-05-10", True),
        ("2017-05-09", "2018-05-10", False),
        ("2019-02-28", "2020-02-29", True),  # leap day: 12 months before is 28/02/2019
        ("2019-02-27", "2020-02-29", False),
        ("2016-02-29", "2017-02-28", True),
        ("2016-02-27", "2017-02-28", False),
        ("2018-01-01", "2018-01-02", True),
    ],
)
def test_a_re_referral_is_one_on_or_after_the_same_day_a_year_before(previous, referred, re_referral):
    data = HandBuilt()
    year = date.fromisoformat(referred).year + (date.fromisoformat(referred).month >= 4)
    referral(data, year - 1, "A", previous)
    referral(data, year, "A", referred)
    assert figure(data, "re_referrals_12m", year)[0] == int(re_referral)


def test_a_referral_in_two_censuses_is_counted_once_with_its_latest_details():
    data = HandBuilt()
    referral(data, 2018, "A", "2017-06-15")
    referral(data, 2019, "A", "2017-06-15", closure_date="2018-05-01", closure_reason="RC8")
    referral(data, 2019, "A", "2018-06-15")
    assert figure(data, "referrals", 2018) == (1, None, 1)
    assert figure(data, "referrals", 2019) == (1, None, 1)
    assert figure(data, "re_referrals_12m", 2019) == (1, 1, 100.0)
    assert figure(data, "cin_at_31mar", 2018) == (1, None, 1)


def assessment(data, year, child, start, authorised, referral_id=None):
    data.add("assessments", year, child_id=child, referral_id=referral_id or f"{child}/r", assessment_id=f"{child}/a",
             start_date=start, authorised_date=authorised)


@pytest.mark.parametrize("days", [15, 35, 45])
def test_assessment_timeliness_counts_working_days_up_to_the_limit(days):
    data = HandBuilt()
    start = date(2017, 12, 1)  # across Christmas, Boxing Day and New Year's Day
    assessment(data, 2018, "on-limit", start, add_working_days(start, days))
    assessment(data, 2018, "one-over", start, add_working_days(start, days + 1))
    assessment(data, 2018, "same-day", "2018-02-07", "2018-02-07")
    assessment(data, 2019, "over-easter", "2018-03-29", "2018-04-03")  # 1 working day, in 2018-19
    assessment(data, 2018, "no-start", None, "2018-02-07")
    assessment(data, 2018, "backwards", "2018-02-08", "2018-02-07")
    assert figure(data, f"assessments_{days}wd", 2018) == (2, 5, 40.0)
    assert figure(data, f"assessments_{days}wd", 2019) == (1, 1, 100.0)
    assert figure(data, "assessments", 2018) == (5, None, 5)


def test_closure_days_and_the_referral_anchor_are_local_choices():
    data = HandBuilt()
    referral(data, 2018, "A", "2017-05-31")
    assessment(data, 2018, "A", "2017-06-01", "2017-06-22", referral_id="A/2017-05-31/1")  # 15 working days
    assert figure(data, "assessments_15wd", 2018)[0] == 1
    assert figure(data, "assessments_15wd", 2018, closure_days=[date(2017, 6, 22)])[0] == 1  # Thursday 22nd = 21st
    assert figure(data, "assessments_15wd", 2018, closure_days=[date(2017, 6, 21)])[0] == 1
    assert figure(data, "assessments_15wd", 2018, parameters={"assessments_15wd": {"max_working_days": 14}})[0] == 0
    anchored = {"assessments_15wd": {"anchor": "referral_date"}}
    assert figure(data, "assessments_15wd", 2018, parameters=anchored)[0] == 0  # from 31 May: 16 working days


def test_assessments_ending_in_nfa_follow_the_referrals_closure_reason():
    data = HandBuilt()
    for child, reason in (("A", "RC8"), ("B", "rc8 "), ("C", None), ("D", "RC1")):
        referral(data, 2018, child, "2017-05-01", closure_reason=reason)
        assessment(data, 2018, child, "2017-05-02", "2017-06-01", referral_id=f"{child}/2017-05-01/1")
    assert figure(data, "assessments_nfa", 2018) == (2, 4, 50.0)


def s47(data, year, child, start, icpc, **values):
    data.add("s47_enquiries", year, child_id=child, referral_id=f"{child}/r", s47_id=f"{child}/{start}",
             start_date=start, icpc_date=icpc, **values)


def test_icpcs_within_15_working_days_of_the_section_47_start_in_the_year_held():
    data = HandBuilt()
    s47(data, 2018, "A", "2018-02-05", "2018-02-26")  # 15
    s47(data, 2018, "B", "2018-02-05", "2018-02-27")  # 16
    s47(data, 2019, "C", "2018-03-16", "2018-04-10")  # 15 over Easter, held in 2018-19
    s47(data, 2018, "D", "2018-02-05", "2018-02-26", icpc_not_required=True)
    s47(data, 2018, "E", "2018-03-01", None)  # no conference (yet)
    assert figure(data, "icpc_15wd", 2018) == (1, 2, 50.0)
    assert figure(data, "icpc_15wd", 2019) == (1, 1, 100.0)
    assert figure(data, "icpcs", 2018) == (2, None, 2)
    assert figure(data, "s47_enquiries", 2018) == (5, None, 5)  # all five started in 2017-18


def plan(data, year, child, start, end=None, previous=None, plan_id=None):
    data.add("cp_plans", year, child_id=child, referral_id=f"{child}/r", plan_id=plan_id or f"{child}/{start}",
             start_date=start, end_date=end, previous_cpp_count=previous)


def test_second_or_subsequent_plans_ever_and_within_two_years():
    data = HandBuilt()
    plan(data, 2018, "A", "2017-06-01", previous=0)
    plan(data, 2018, "B", "2017-06-01", previous=0)
    plan(data, 2016, "B", "2015-01-01", "2015-05-31")  # ended 2 years and a day before
    plan(data, 2018, "C", "2017-06-01", previous=2)
    plan(data, 2016, "D", "2014-01-01", "2015-06-01")  # ended exactly 2 years before
    plan(data, 2018, "D", "2017-06-01", previous=None)
    assert figure(data, "cpp_second_or_subsequent", 2018) == (2, 4, 50.0)  # C (2 before), D (blank: history)
    assert figure(data, "cpp_second_within_2y", 2018) == (1, 4, 25.0)  # D only


@pytest.mark.parametrize(
    ("start", "end", "long"),
    [("2015-05-01", "2017-05-01", True), ("2016-05-01", "2017-04-30", False), ("2016-02-29", "2018-02-28", True),
     ("2016-02-29", "2018-02-27", False)],
)
def test_plans_lasting_two_years_or_more_among_plans_ending(start, end, long):
    data = HandBuilt()
    plan(data, 2018, "A", start, end)
    assert figure(data, "cpp_ended_2y_plus", 2018) == (int(long), 1, 100.0 * long)


def test_cp_reviews_are_due_at_3_then_6_months_and_a_missed_one_is_late():
    data = HandBuilt()

    def reviews(child, *days):
        for day in days:
            data.add("cp_reviews", 2018, child_id=child, plan_id=f"{child}/p", review_date=day)

    plan(data, 2018, "late", "2017-04-10", plan_id="late/p")
    reviews("late", "2017-07-05", "2018-01-20")  # second due 05/01/2018: late
    plan(data, 2018, "on-time", "2017-05-01", plan_id="on-time/p")
    reviews("on-time", "2017-07-31", "2018-01-15")
    plan(data, 2018, "not-yet", "2018-02-01", plan_id="not-yet/p")  # first due 01/05/2018
    plan(data, 2018, "missed", "2017-06-01", plan_id="missed/p")  # first due 01/09/2017, none held
    plan(data, 2018, "ended-early", "2017-06-01", "2017-09-01", plan_id="ended-early/p")  # ended on the due date
    plan(data, 2018, "older", "2015-01-01", plan_id="older/p")  # began before the loaded history
    reviews("older", "2017-05-01", "2017-10-20")  # first seen not judged; second due 01/11/2017: on time
    assert figure(data, "cpp_reviews_in_time", 2018) == (2, 4, 50.0)
    assert compute(data.con, year=2019, ids=["cpp_reviews_in_time"]) == []  # no 2018-19 census: nothing known


def test_counts_at_31_march_count_children_once_and_stop_on_the_day_a_case_ends():
    data = HandBuilt()
    referral(data, 2018, "A", "2018-02-01", closure_date="2018-03-31")
    referral(data, 2018, "B", "2018-02-01", closure_date="2018-04-01")
    referral(data, 2018, "C", "2018-02-01", referral_nfa=True)
    referral(data, 2018, "D", "2017-05-01")
    referral(data, 2018, "D", "2017-09-01")
    referral(data, 2018, "E", "2017-09-01")  # open in the 2018 census only …
    referral(data, 2019, "F", "2018-09-01")  # … so at 31 March 2019 it is not counted
    plan(data, 2018, "A", "2018-01-01", "2018-03-31")
    plan(data, 2018, "B", "2018-01-01")
    assert figure(data, "cin_at_31mar", 2018) == (3, None, 3)
    assert figure(data, "cin_at_31mar", 2019) == (1, None, 1)
    assert figure(data, "cpp_at_31mar", 2018) == (1, None, 1)


def test_contacts_count_by_the_day_in_the_collection_year_whose_return_is_loaded():
    data = HandBuilt()
    for day in ("2017-04-01", "2018-03-31", "2018-04-01"):
        data.add("contacts", 2018, child_id="A", contact_date=day)
    assert figure(data, "contacts", 2018) == (2, None, 2)
    assert compute(data.con, year=2019, ids=["contacts"]) == []  # only a stray row: 2018-19 is not loaded
    data.add("contacts", 2019, child_id="B", contact_date="2018-05-01")
    assert figure(data, "contacts", 2019) == (2, None, 2)


def test_rates_per_10000_use_the_years_population_and_appear_only_when_it_is_loaded():
    data = HandBuilt()
    for n in range(13):
        referral(data, 2018, f"C{n}", "2017-06-01")
    data.add("population", 2018, year=2018, children_0_17=65_000)
    assert figure(data, "referrals_rate_per_10k", 2018) == (13, 65_000, 2.0)
    referral(data, 2019, "D", "2018-06-01")
    assert compute(data.con, year=2019, ids=["referrals_rate_per_10k"]) == []
    data.add("population", 2019, year=2019, children_0_17=0)
    assert figure(data, "referrals_rate_per_10k", 2019) == (1, 0, None)

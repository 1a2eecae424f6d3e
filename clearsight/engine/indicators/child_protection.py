"""Child protection: ICPC timeliness, repeat plans, long plans and reviews in timescale."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from clearsight.engine.indicators.model import Indicator, Parameter, Polarity, Unit
from clearsight.engine.indicators.reviews import review_events_sql
from clearsight.engine.periods import PeriodType

CP_STATISTICS = "DfE 'Characteristics of children in need' statistics (CIN census), child protection plans"

ICPC_15WD = Indicator(
    id="icpc_15wd",
    name="Initial child protection conferences within 15 working days",
    definition=(
        "Initial child protection conferences (ICPCs) held in the year that were held within 15 working "
        "days of the start of the section 47 enquiry (the strategy discussion that began it)."
    ),
    source=("Working Together to Safeguard Children (ICPC within 15 working days of the strategy discussion); "
            f"{CP_STATISTICS}: S47ActualStartDate to DateOfInitialCPC."),
    numerator="ICPCs held in the year within 15 working days of the section 47 start.",
    denominator="ICPCs held in the year (DateOfInitialCPC 1 April - 31 March) on a section 47 enquiry, not marked "
                "ICPCnotRequired.",
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER,
    period_type=PeriodType.FINANCIAL_YEAR,
    exclusions=(
        "Enquiries marked ICPC not required. Transfer-in conferences (a child arriving on another council's "
        "plan) follow another council's enquiry, so they have no section 47 enquiry here and are excluded by "
        "construction; the canonical data holds no other transfer-in flag, so nothing else is excluded."
    ),
    parameters=(Parameter("max_working_days", 15, "The timescale in working days."),),
    sources=("s47_enquiries",),
    helpers=("cs_calendar",),
    event_date="ICPC date",
    example=(
        "Section 47 started Monday 05/02/2018, ICPC Monday 26/02/2018: 15 working days → within. Started "
        "Friday 16/03/2018, ICPC Tuesday 10/04/2018: Good Friday 30/03 and Easter Monday 02/04 are not "
        "working days, so 15 → within (counted in 2018-19, the year the ICPC was held)."
    ),
    sql="""
SELECT y.year, s.child_id, s.icpc_date AS event_date,
       TRUE AS in_denominator,
       coalesce(held.wd - began.wd BETWEEN 0 AND {max_working_days}, FALSE) AS in_numerator,
       s.upload_id, s.source_row
FROM s47_enquiries s
JOIN cs_years y ON s.icpc_date BETWEEN y.period_start AND y.period_end
LEFT JOIN cs_calendar began ON began.day = s.start_date
LEFT JOIN cs_calendar held ON held.day = s.icpc_date
WHERE NOT coalesce(s.icpc_not_required, FALSE)
""",
)

CPP_SECOND_OR_SUBSEQUENT = Indicator(
    id="cpp_second_or_subsequent",
    name="Child protection plans starting that are second or subsequent (ever)",
    definition=(
        "Child protection plans starting in the year for a child who had been the subject of a plan "
        "before, at any time (CIN census NumberOfPreviousCPP > 0)."
    ),
    source=f"{CP_STATISTICS}: 'second or subsequent plans' (NumberOfPreviousCPP).",
    numerator="Plans starting in the year with a previous plan: NumberOfPreviousCPP > 0; when it is blank, "
              "an earlier plan for the child in the loaded history.",
    denominator="Plans starting in the year (CPPstartDate 1 April - 31 March).",
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER,
    period_type=PeriodType.FINANCIAL_YEAR,
    exclusions="None.",
    sources=("cp_plans",),
    event_date="plan start date",
    example=(
        "Four plans start in 2017-18: two with NumberOfPreviousCPP 0, one with 2, one blank whose child "
        "had a plan ending in 2015 in an earlier census → 2 / 4 = 50%."
    ),
    sql="""
WITH plans AS (
    SELECT *, count(*) OVER (PARTITION BY child_id ORDER BY start_date
                             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS earlier_plans
    FROM cp_plans
    WHERE start_date IS NOT NULL
)
SELECT y.year, p.child_id, p.start_date AS event_date,
       TRUE AS in_denominator,
       coalesce(p.previous_cpp_count, p.earlier_plans) > 0 AS in_numerator,
       p.upload_id, p.source_row
FROM plans p
JOIN cs_years y ON p.start_date BETWEEN y.period_start AND y.period_end
""",
)

CPP_SECOND_WITHIN_2Y = Indicator(
    id="cpp_second_within_2y",
    name="Child protection plans starting within 2 years of a previous plan",
    definition=(
        "Child protection plans starting in the year for a child whose previous plan (another plan in "
        "the child's history) ended within the 2 years before this one started. A previous plan ending "
        "exactly 2 years before counts."
    ),
    source=(f"{CP_STATISTICS}; Ofsted ILACS and local performance frameworks (repeat plans within two "
            "years). Needs earlier years' census data."),
    numerator="Plans starting in the year where the latest end date of the child's earlier plans is on or "
              "after the start date minus 2 years.",
    denominator="Plans starting in the year.",
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER,
    period_type=PeriodType.FINANCIAL_YEAR,
    exclusions="None. Only plans in the loaded history can be seen: load at least two earlier years.",
    parameters=(Parameter("window_years", 2, "How recently the previous plan must have ended.", national=False),),
    national=False,
    sources=("cp_plans",),
    event_date="plan start date",
    example=(
        "Plan starts 01/06/2017; the child's earlier plan ended 01/06/2015 → within 2 years (exactly). "
        "Another child's earlier plan ended 31/05/2015 → not within. 1 / 2 = 50%."
    ),
    sql="""
WITH plans AS (
    SELECT *, max(end_date) OVER (PARTITION BY child_id ORDER BY start_date
                                  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_end
    FROM cp_plans
    WHERE start_date IS NOT NULL
)
SELECT y.year, p.child_id, p.start_date AS event_date,
       TRUE AS in_denominator,
       coalesce(p.previous_end >= p.start_date - INTERVAL ({window_years}) YEAR, FALSE) AS in_numerator,
       p.upload_id, p.source_row
FROM plans p
JOIN cs_years y ON p.start_date BETWEEN y.period_start AND y.period_end
""",
)

CPP_ENDED_2Y_PLUS = Indicator(
    id="cpp_ended_2y_plus",
    name="Child protection plans ending that lasted 2 years or more",
    definition=(
        "Child protection plans ending in the year that had lasted 2 years or more: the end date is on or "
        "after the start date plus 2 years (a plan from 29/02/2016 reaches 2 years on 28/02/2018)."
    ),
    source=f"{CP_STATISTICS}: plans ceasing in the year by duration (England about 4.4% lasted 2 years or more).",
    numerator="Plans ending in the year with end date ≥ start date + 2 years.",
    denominator="Plans ending in the year (CPPendDate 1 April - 31 March).",
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER,
    period_type=PeriodType.FINANCIAL_YEAR,
    exclusions="None.",
    parameters=(Parameter("min_years", 2, "The duration that counts as long."),),
    sources=("cp_plans",),
    event_date="plan end date",
    example="Plans ending in 2017-18: 01/05/2015-01/05/2017 (exactly 2 years, counts), 01/05/2016-30/04/2017 "
            "(not) → 1 / 2 = 50%.",
    sql="""
SELECT y.year, p.child_id, p.end_date AS event_date,
       TRUE AS in_denominator,
       coalesce(p.end_date >= p.start_date + INTERVAL ({min_years}) YEAR, FALSE) AS in_numerator,
       p.upload_id, p.source_row
FROM cp_plans p
JOIN cs_years y ON p.end_date BETWEEN y.period_start AND y.period_end
""",
)



def _reviews_sql(values: Mapping[str, Any]) -> str:
    first, later = int(values["first_months"]), int(values["later_months"])
    return review_events_sql(
        periods=f"""
    SELECT plan_id AS key, child_id, start_date, end_date,
           CAST(start_date + INTERVAL ({first}) MONTH AS DATE) AS first_due,
           collection_year, upload_id, source_row
    FROM cp_plans
    WHERE start_date IS NOT NULL AND plan_id IS NOT NULL""",
        reviews="""
    SELECT p.plan_id AS key, v.review_date
    FROM cp_plans p
    JOIN cp_reviews v ON v.child_id = p.child_id AND v.plan_id = p.plan_id
    WHERE v.review_date >= p.start_date AND (p.end_date IS NULL OR v.review_date <= p.end_date)""",
        coverage_table="raw_cp_reviews", second_months=later, later_months=later)


CPP_REVIEWS_IN_TIME = Indicator(
    id="cpp_reviews_in_time",
    name="Children on child protection plans whose reviews were all in timescale",
    definition=(
        "Each plan's reviews are due: the first within 3 months of the plan starting, each later one "
        "within 6 months of the review before. A review is on time when held on or before its due date. "
        "A child is counted in a year when any of their reviews was held or fell due in it (a review "
        "falls due only while the plan is still open on the due date); a due date that passes with "
        "no review while the plan is open is a late review. The child is in the numerator when every "
        "review held or due in the year was on time."
    ),
    source=("Working Together to Safeguard Children (first review conference within 3 months, then at "
            f"intervals of no more than 6 months); {CP_STATISTICS}: CPPreviewDate; DfE COLLECT key "
            "indicator 'CPPs reviewed within timescales'."),
    numerator="Children whose reviews held or due in the year were all on time.",
    denominator="Children on a plan with a review held or due in the year.",
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER,
    period_type=PeriodType.FINANCIAL_YEAR,
    exclusions="Reviews dated before the plan started or after it ended are ignored. A plan ending on or "
               "before a review's due date needs no review.",
    parameters=(Parameter("first_months", 3, "Months from the plan's start to the first review."),
                Parameter("later_months", 6, "Months between later reviews.")),
    sources=("cp_plans",),
    event_date="the latest review held or due in the year",
    example=(
        "Plan starts 10/04/2017: first review due 10/07/2017, held 05/07/2017 (on time); second due "
        "05/01/2018, held 20/01/2018 (late) → not in the numerator for 2017-18. Another plan starts "
        "01/02/2018, first review due 01/05/2018: nothing is due in 2017-18, so it is counted in 2018-19."
    ),
    sql=_reviews_sql,
)

INDICATORS = (ICPC_15WD, CPP_SECOND_OR_SUBSEQUENT, CPP_SECOND_WITHIN_2Y, CPP_ENDED_2Y_PLUS, CPP_REVIEWS_IN_TIME)

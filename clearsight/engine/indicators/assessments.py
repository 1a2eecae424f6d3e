"""Child and family assessments: timeliness in working days, and assessments ending in no further action."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from clearsight.engine.indicators.model import Indicator, Parameter, ParameterKind, Polarity, Unit
from clearsight.engine.periods import PeriodType

TIMELINESS_SOURCE = (
    "Working Together to Safeguard Children (assessment within 45 working days of referral); DfE "
    "'Children in need' statistics, assessments completed within 45 working days (CIN census "
    "AssessmentActualStartDate to AssessmentAuthorisationDate)"
)
ANCHORS = ("start_date", "referral_date")


def _timeliness_sql(values: Mapping[str, Any]) -> str:
    if values["anchor"] == "referral_date":
        anchor = "r.referral_date"
        join = "LEFT JOIN cin_referrals r ON r.referral_id = a.referral_id\n"
    else:
        anchor, join = "a.start_date", ""
    return f"""
SELECT y.year, a.child_id, a.authorised_date AS event_date,
       TRUE AS in_denominator,
       -- working days after the start up to and including authorisation (same day = 0)
       coalesce(done.wd - began.wd BETWEEN 0 AND {int(values['max_working_days'])}, FALSE) AS in_numerator,
       a.upload_id, a.source_row
FROM assessments a
JOIN cs_years y ON a.authorised_date BETWEEN y.period_start AND y.period_end
{join}LEFT JOIN cs_calendar began ON began.day = {anchor}
LEFT JOIN cs_calendar done ON done.day = a.authorised_date
"""


def _timeliness(days: int, national: bool) -> Indicator:
    standard = "the statutory maximum" if national else "a local standard"
    return Indicator(
        id=f"assessments_{days}wd",
        name=f"Assessments completed within {days} working days",
        definition=(
            f"Assessments authorised in the year that took {days} working days or fewer ({standard}) from "
            "their start to their authorisation. Working days exclude weekends, England bank holidays "
            "and the council's closure days; the count starts the day after the start (same day = 0, "
            "Friday to Monday = 1)."
        ),
        source=TIMELINESS_SOURCE + ("." if national else "; the 15 and 35 day variants are local measures."),
        numerator=f"Assessments authorised in the year completed in at most {days} working days.",
        denominator="Assessments authorised in the year (AssessmentAuthorisationDate 1 April - 31 March).",
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        period_type=PeriodType.FINANCIAL_YEAR,
        exclusions=(
            "Assessments not yet authorised are not counted. One with no start date, or authorised "
            "before it started (a data error), stays in the denominator and never in the numerator."
        ),
        parameters=(
            Parameter("max_working_days", days, "The timescale in working days.", national=national),
            Parameter("anchor", "start_date", "Count from the assessment's start (national) or from the "
                      "referral date (a local variant).", kind=ParameterKind.CHOICE, choices=ANCHORS),
        ),
        national=national,
        sources=("assessments",),
        helpers=("cs_calendar",),
        event_date="authorisation date",
        example=(
            "Started Thursday 29/03/2018 (before Good Friday 30/03 and Easter Monday 02/04/2018), "
            "authorised Tuesday 03/04/2018: 1 working day (03/04). Started Friday 06/04/2018, authorised "
            "Monday 09/04/2018: 1. Started and authorised 12/04/2018: 0. Started 01/04/2017, authorised "
            f"in 2017-18 after {days + 1} working days: outside the timescale."
        ),
        sql=_timeliness_sql,
    )


ASSESSMENTS_45WD = _timeliness(45, national=True)
ASSESSMENTS_15WD = _timeliness(15, national=False)
ASSESSMENTS_35WD = _timeliness(35, national=False)

ASSESSMENTS_NFA = Indicator(
    id="assessments_nfa",
    name="Assessments ending in no further action",
    definition=(
        "Assessments authorised in the year whose episode of need (the referral they belong to) was "
        "closed with reason RC8, 'case closed after assessment, no further action'. The closure may be "
        "recorded in a later census: the newest upload of the referral is used."
    ),
    source="Local measure, from CIN census ReasonForClosure RC8 (DfE CIN census guide, reasons for closure).",
    numerator="Assessments authorised in the year whose referral's closure reason is RC8.",
    denominator="Assessments authorised in the year.",
    unit=Unit.PERCENT,
    polarity=Polarity.NEUTRAL,
    period_type=PeriodType.FINANCIAL_YEAR,
    exclusions="None. An assessment whose referral is still open is in the denominator only.",
    parameters=(Parameter("closure_reasons", ("RC8",), "Closure reasons that mean no further action.",
                          kind=ParameterKind.CODES),),
    national=False,
    sources=("assessments",),
    event_date="authorisation date",
    example=(
        "Three assessments authorised in 2017-18: two on referrals closed RC8, one on a referral still "
        "open → 2 / 3 = 66.7%."
    ),
    sql="""
SELECT y.year, a.child_id, a.authorised_date AS event_date,
       TRUE AS in_denominator,
       coalesce(upper(trim(r.closure_reason)) IN {closure_reasons}, FALSE) AS in_numerator,
       a.upload_id, a.source_row
FROM assessments a
JOIN cs_years y ON a.authorised_date BETWEEN y.period_start AND y.period_end
LEFT JOIN cin_referrals r ON r.referral_id = a.referral_id
""",
)

INDICATORS = (ASSESSMENTS_45WD, ASSESSMENTS_15WD, ASSESSMENTS_35WD, ASSESSMENTS_NFA)

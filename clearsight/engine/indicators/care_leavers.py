"""Care leavers aged 17-21: in touch, in education, employment or training, suitably accommodated.

The cohort is the SSDA903 OC3 return for the year: former relevant young people whose 17th to
21st birthday fell in the year (1 April - 31 March), with what was known around that birthday.
A row whose date of birth puts the young person outside 17-21 at 31 March is left out (a
birthday in the year makes the age at 31 March the age reached on it).

IN_TOUCH codes (SSDA903 guide; DfE validator rule 131): YES, NO, DIED, REFU (refuses contact),
NREQ (no longer requires services), RHOM (returned home to parents for 6 months or more). Young
people who died or returned home are outside the measures (rule 344: they have no activity or
accommodation). The 903 has no code for a young person transferred to another council, so that
exclusion cannot be made from the data; NO, REFU and NREQ stay in the denominator as not in touch.
"""

from __future__ import annotations

from clearsight.engine.indicators.model import Indicator, Parameter, ParameterKind, Polarity, Unit
from clearsight.engine.periods import PeriodType

SOURCE = ("DfE 'Children looked after in England including adoptions' statistics: care leavers aged 17 to 21 "
          "(SSDA903 OC3); Children (Leaving Care) Act 2000")

EXCLUDED = Parameter("excluded_in_touch", ("DIED", "RHOM"),
                     "IN_TOUCH codes that take a young person out of the measure.", kind=ParameterKind.CODES)

# The cohort for each year with the birthday that placed each young person in it.
COHORT_SQL = """
WITH cohort AS (
    SELECT y.year, c.child_id, c.upload_id, c.source_row,
           upper(trim(c.in_touch)) AS in_touch_code,
           upper(trim(c.activity)) AS activity_code,
           upper(trim(c.accommodation)) AS accommodation_code,
           CASE WHEN c.dob IS NULL THEN y.period_end
                ELSE CAST(c.dob + INTERVAL (date_sub('year', c.dob, y.period_end)) YEAR AS DATE) END AS birthday
    FROM care_leavers c
    JOIN cs_years y ON c.year = y.year
    WHERE c.dob IS NULL OR date_sub('year', c.dob, y.period_end) BETWEEN 17 AND 21
)"""


def _measure(indicator_id: str, name: str, what: str, numerator_sql: str, numerator: str, example: str,
             extra: tuple[Parameter, ...] = ()) -> Indicator:
    return Indicator(
        id=indicator_id,
        name=name,
        definition=(f"Care leavers aged 17 to 21 whose birthday fell in the year (the OC3 cohort) who were {what}, "
                    "as recorded around their birthday; young people who died or returned home are left out."),
        source=SOURCE + ".",
        numerator=numerator,
        denominator="OC3 rows for the year aged 17-21 at 31 March, except IN_TOUCH DIED or RHOM.",
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        period_type=PeriodType.FINANCIAL_YEAR,
        exclusions=("IN_TOUCH DIED and RHOM. No transferred-out code exists in the 903, so none is excluded for "
                    "that. Not in touch, refusing contact or no longer requiring services stay in the denominator."),
        parameters=(EXCLUDED, *extra),
        sources=("care_leavers",),
        event_date="the birthday in the year",
        example=example,
        sql=COHORT_SQL + f"""
SELECT year, child_id, birthday AS event_date,
       coalesce(in_touch_code NOT IN {{excluded_in_touch}}, TRUE) AS in_denominator,
       coalesce({numerator_sql}, FALSE) AS in_numerator,
       upload_id, source_row
FROM cohort
""",
    )


CARE_LEAVERS_IN_TOUCH = _measure(
    "care_leavers_in_touch", "Care leavers in touch", "in touch with the council (IN_TOUCH = YES)",
    "in_touch_code = 'YES'", "Of the denominator, IN_TOUCH = YES.",
    "OC3 for 2017-18: 10 young people; 1 DIED, 1 RHOM (both left out); 7 YES, 1 REFU → 7 / 8 = 87.5%.",
)
CARE_LEAVERS_EET = _measure(
    "care_leavers_eet", "Care leavers in education, employment or training",
    "in education, employment or training (ACTIV F1, P1, F2, P2, F4, P4, F5 or P5)",
    "activity_code IN {eet_activities}", "Of the denominator, ACTIV in the EET codes.",
    "8 young people in the denominator: 5 with ACTIV F2, P4 or F5, 2 with G5 (NEET), 1 with no activity "
    "recorded → 5 / 8 = 62.5%.",
    (Parameter("eet_activities", ("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"),
               "ACTIV codes meaning education, employment or training.", kind=ParameterKind.CODES),),
)
CARE_LEAVERS_SUITABLE_ACCOMMODATION = _measure(
    "care_leavers_suitable_accommodation", "Care leavers in suitable accommodation",
    "in accommodation judged suitable (ACCOM ending in 1)",
    "accommodation_code LIKE '%1'", "Of the denominator, ACCOM ending in 1 (suitable).",
    "8 young people in the denominator: 6 with ACCOM like B1, K1, Z1; 1 with D2 (unsuitable); 1 with no "
    "accommodation recorded → 6 / 8 = 75%.",
)

INDICATORS = (CARE_LEAVERS_IN_TOUCH, CARE_LEAVERS_EET, CARE_LEAVERS_SUITABLE_ACCOMMODATION)

"""Children looked after: placement moves and stability, placed with parents, reviews, health checks.

Two prepared tables carry the SSDA903 rules every measure here shares:

``cs_care_episodes``: every episode (the history across returns, one row per child and DECOM)
with its period of care and placement. Episodes chain into one period of care while each ends
with REC = X1 on the day the next begins; a period starts at RNE = S or wherever the chain breaks.
A new placement begins at the start of a period of care or with an episode whose RNE is P
(placement and carer change) or B (legal status, placement and carer); T and U change the
placement with the same carer and L only the legal status, so they continue the placement.
Temporary placements (PLACE T0-T4: hospital, holidays, short absences) never start a placement.
Short breaks are episodes under legal status V3 or V4.

``cs_looked_after``: for each collection year, the episode open at 31 March for each child:
DECOM on or before 31 March and DEC blank or after it. A child whose care ended on 31 March
(DEC = 31 March) is *not* looked after at 31 March: the SSDA903 guide records an episode still
open at the year end with a blank DEC. The episode must come from that year's return or a later
one (an episode last seen open in an earlier return is not assumed to be open still).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from clearsight.engine.indicators.model import Indicator, Parameter, ParameterKind, Polarity, Unit
from clearsight.engine.indicators.reviews import review_events_sql
from clearsight.engine.periods import PeriodType

SHORT_BREAKS = ("V3", "V4")
TEMPORARY_PLACEMENTS = ("T0", "T1", "T2", "T3", "T4")
NEW_PLACEMENT_RNE = ("P", "B")
CLA_STATISTICS = "DfE 'Children looked after in England including adoptions' statistics (SSDA903)"

CARE_EPISODES_SQL = f"""
CREATE OR REPLACE TEMP TABLE cs_care_episodes AS
WITH episodes AS (
    SELECT child_id, decom, dec, upper(trim(rne)) AS rne, upper(trim(legal_status)) AS legal_status,
           upper(trim(placement)) AS placement, upper(trim(rec)) AS rec,
           upload_id, collection_year, source_row
    FROM cla_episodes
    WHERE child_id IS NOT NULL AND decom IS NOT NULL
),
chained AS (  -- a period of care starts at RNE S, or where the X1 chain from the episode before breaks
    SELECT *,
           rne = 'S' OR lag(rec) OVER w IS DISTINCT FROM 'X1' OR lag(dec) OVER w IS DISTINCT FROM decom
               AS starts_care
    FROM episodes
    WINDOW w AS (PARTITION BY child_id ORDER BY decom)
),
numbered AS (
    SELECT *, sum(CASE WHEN starts_care THEN 1 ELSE 0 END)
                  OVER (PARTITION BY child_id ORDER BY decom ROWS UNBOUNDED PRECEDING) AS care_no
    FROM chained
),
flagged AS (
    SELECT *,
           min(decom) OVER care AS care_start,
           last_value(dec) OVER (care ORDER BY decom ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
               AS care_end,  -- NULL while the period of care is open
           coalesce(legal_status IN {SHORT_BREAKS}, FALSE) AS short_break,
           (starts_care OR coalesce(rne IN {NEW_PLACEMENT_RNE}, FALSE))
               AND coalesce(placement NOT IN {TEMPORARY_PLACEMENTS}, TRUE) AS new_placement
    FROM numbered
    WINDOW care AS (PARTITION BY child_id, care_no)
)
SELECT *,
       coalesce(max(CASE WHEN new_placement THEN decom END)
                    OVER (PARTITION BY child_id, care_no ORDER BY decom ROWS UNBOUNDED PRECEDING),
                care_start) AS placement_start
FROM flagged
"""

LOOKED_AFTER_SQL = """
CREATE OR REPLACE TEMP TABLE cs_looked_after AS
SELECT y.year, y.period_start AS year_start, y.period_end AS year_end, e.*
FROM cs_care_episodes e
JOIN cs_years y ON e.decom <= y.period_end AND (e.dec IS NULL OR e.dec > y.period_end)
               AND e.collection_year >= y.year
QUALIFY row_number() OVER (PARTITION BY y.year, e.child_id ORDER BY e.decom DESC) = 1
"""

# helper name -> (the SQL that prepares it, helpers it needs first)
HELPERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "cs_care_episodes": (CARE_EPISODES_SQL, ()),
    "cs_looked_after": (LOOKED_AFTER_SQL, ("cs_care_episodes",)),
}

AT_31_MARCH = ("Children looked after at 31 March (an episode open at 31 March: DECOM ≤ 31 March and DEC blank "
               "or later), except those whose open episode is a short break (legal status V3/V4)")

CLA_3PLUS_PLACEMENTS = Indicator(
    id="cla_3plus_placements",
    name="Children looked after with 3 or more placements during the year",
    definition=(
        "Children looked after at 31 March who had three or more placements during the year. The "
        "placement a child was in on 1 April counts as the first; each placement starting in the year "
        "(care starting, or an episode with RNE P or B) adds one. Changes of placement with the same "
        "carer (RNE T, U), legal-status changes (L) and temporary placements (PLACE T0-T4) do not."
    ),
    source=(f"{CLA_STATISTICS}: placement stability, 'three or more placements during the year' (about 10% "
            "in England); SSDA903 guide, reason for new episode."),
    numerator="Of the denominator, children with 3 or more placements in the year.",
    denominator=AT_31_MARCH + ".",
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER,
    period_type=PeriodType.SNAPSHOT,
    exclusions="Short breaks (V3/V4): the child's open episode on 31 March, and any short-break episode in the "
               "year, are left out. Temporary placements T0-T4.",
    parameters=(Parameter("min_placements", 3, "How many placements in the year count as unstable."),),
    sources=("cla_episodes",),
    helpers=("cs_care_episodes", "cs_looked_after"),
    event_date="31 March",
    example=(
        "In care since 2016 with one foster carer on 1 April 2017 (1); moved 01/07/2017 (RNE P, 2); "
        "placement change with the same carer 01/09/2017 (RNE T, still 2); moved 01/01/2018 (RNE P, 3); "
        "a hospital stay 01/02/2018 (PLACE T1, not counted) → 3 placements: in the numerator for 2017-18."
    ),
    sql="""
WITH placements AS (  -- each child's placements during each year
    SELECT y.year, e.child_id,
           count(*) FILTER (WHERE e.new_placement AND e.decom >= y.period_start) AS started_in_year,
           -- already in a placement on 1 April (unless a new one began that very day)
           bool_or(e.decom < y.period_start)
               AND NOT bool_or(e.new_placement AND e.decom = y.period_start) AS placed_on_1_april
    FROM cs_care_episodes e
    JOIN cs_years y ON e.decom <= y.period_end AND (e.dec IS NULL OR e.dec >= y.period_start)
    WHERE NOT e.short_break
    GROUP BY y.year, e.child_id
)
SELECT l.year, l.child_id, l.year_end AS event_date,
       TRUE AS in_denominator,
       coalesce(p.started_in_year, 0) + CASE WHEN p.placed_on_1_april THEN 1 ELSE 0 END >= {min_placements}
           AS in_numerator,
       l.upload_id, l.source_row
FROM cs_looked_after l
LEFT JOIN placements p ON p.year = l.year AND p.child_id = l.child_id
WHERE NOT l.short_break
""",
)

CLA_LONG_TERM_STABILITY = Indicator(
    id="cla_long_term_stability",
    name="Long-term placement stability",
    definition=(
        "Children under 16 at 31 March who had been looked after continuously for at least 2½ years, "
        "who had lived in the same placement for at least 2 years — or who are placed for adoption "
        "(PLACE A3-A6) and whose adoptive placement together with the placement before it lasted at "
        "least 2 years."
    ),
    source=f"{CLA_STATISTICS}: long-term stability of placements (about 68% in England).",
    numerator="Of the denominator, children whose current placement began on or before 31 March minus 2 years "
              "(or, placed for adoption, whose previous placement did).",
    denominator=(AT_31_MARCH + ", aged under 16 at 31 March, whose period of care began on or before 31 March "
                 "minus 2½ years (30 months)."),
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER,
    period_type=PeriodType.SNAPSHOT,
    exclusions="Short breaks; children 16 or over at 31 March; children with no date of birth.",
    parameters=(
        Parameter("care_months", 30, "How long the child must have been looked after."),
        Parameter("placement_years", 2, "How long the placement must have lasted."),
        Parameter("adoption_placements", ("A3", "A4", "A5", "A6"), "Placement codes meaning placed for adoption.",
                  kind=ParameterKind.CODES),
    ),
    sources=("cla_episodes",),
    helpers=("cs_care_episodes", "cs_looked_after"),
    event_date="31 March",
    example=(
        "At 31/03/2018: a child born 2008, in care since 01/01/2015 (more than 2½ years), with the same "
        "foster carer since 01/03/2016 → in the numerator. Another in care since 01/01/2015 who moved "
        "on 01/06/2016 → in the denominator only. A 16-year-old, and a child in care since 01/12/2015 "
        "(under 2½ years), are in neither."
    ),
    sql="""
WITH placements AS (  -- each placement's start, and the start of the one before it in the period of care
    SELECT child_id, care_no, decom AS placement_start,
           lag(decom) OVER (PARTITION BY child_id, care_no ORDER BY decom) AS previous_start
    FROM cs_care_episodes
    WHERE new_placement
)
SELECT l.year, l.child_id, l.year_end AS event_date,
       TRUE AS in_denominator,
       l.placement_start <= l.year_end - INTERVAL ({placement_years}) YEAR
           OR coalesce(l.placement IN {adoption_placements}
                       AND p.previous_start <= l.year_end - INTERVAL ({placement_years}) YEAR, FALSE)
           AS in_numerator,
       l.upload_id, l.source_row
FROM cs_looked_after l
JOIN children c ON c.child_id = l.child_id
LEFT JOIN placements p ON p.child_id = l.child_id AND p.care_no = l.care_no AND p.placement_start = l.placement_start
WHERE NOT l.short_break
  AND c.dob > l.year_end - INTERVAL 16 YEAR
  AND l.care_start <= l.year_end - INTERVAL ({care_months}) MONTH
""",
)

CLA_PLACED_WITH_PARENTS_CARE_ORDER = Indicator(
    id="cla_placed_with_parents_care_order",
    name="Children looked after placed with parents on a care order",
    definition="Children looked after at 31 March placed with parents (PLACE P1) under a full care order (LS C2).",
    source="Local measure (Care Planning, Placement and Case Review Regulations 2010, Part 4: placement with "
           "parents), from SSDA903 PLACE and LS.",
    numerator="Of the denominator, children whose open episode has PLACE P1 and LS C2.",
    denominator=AT_31_MARCH + ".",
    unit=Unit.PERCENT,
    polarity=Polarity.NEUTRAL,
    period_type=PeriodType.SNAPSHOT,
    exclusions="Short breaks (V3/V4).",
    parameters=(
        Parameter("placements", ("P1",), "Placement codes meaning placed with parents.", kind=ParameterKind.CODES),
        Parameter("legal_statuses", ("C2",), "Legal statuses that count (C2 full care order; add C1 for interim).",
                  kind=ParameterKind.CODES),
    ),
    national=False,
    sources=("cla_episodes",),
    helpers=("cs_care_episodes", "cs_looked_after"),
    event_date="31 March",
    example="Of 400 children looked after at 31 March, 20 are placed with parents on a C2 order and 4 on a C1 "
            "interim order → 20 / 400 = 5%.",
    sql="""
SELECT l.year, l.child_id, l.year_end AS event_date,
       TRUE AS in_denominator,
       coalesce(l.placement IN {placements} AND l.legal_status IN {legal_statuses}, FALSE) AS in_numerator,
       l.upload_id, l.source_row
FROM cs_looked_after l
WHERE NOT l.short_break
""",
)


def _cla_reviews_sql(values: Mapping[str, Any]) -> str:
    first_days = int(values["first_working_days"])
    return review_events_sql(
        periods=f"""
    SELECT child_id || '#' || care_no AS key, child_id, min(care_start) AS start_date, min(care_end) AS end_date,
           min(first_due.last_day) AS first_due, max(collection_year) AS collection_year,
           arg_min(upload_id, decom) AS upload_id, arg_min(source_row, decom) AS source_row
    FROM cs_care_episodes e
    LEFT JOIN cs_calendar began ON began.day = e.care_start
    LEFT JOIN cs_wd_end first_due ON first_due.wd = began.wd + {first_days}
    GROUP BY child_id, care_no
    HAVING NOT bool_and(short_break)  -- periods made only of short breaks are reviewed differently""",
        reviews="""
    SELECT p.child_id || '#' || p.care_no AS key, v.review_date
    FROM (SELECT DISTINCT child_id, care_no, care_start, care_end FROM cs_care_episodes) p
    JOIN cla_reviews v ON v.child_id = p.child_id AND v.review_date >= p.care_start
                       AND (p.care_end IS NULL OR v.review_date <= p.care_end)""",
        coverage_table="raw_cla_reviews", second_months=int(values["second_months"]),
        later_months=int(values["later_months"]))


CLA_REVIEWS_IN_TIME = Indicator(
    id="cla_reviews_in_time",
    name="Children looked after whose reviews were all in timescale",
    definition=(
        "Reviews of a child's care are due: the first within 20 working days of the period of care "
        "starting, the second within 3 months of the first, each later one within 6 months of the one "
        "before. A child is counted in a year when a review was held or fell due in it (while still "
        "in care); a due date passing with no review while in care is a late review. The child is in "
        "the numerator when every review held or due in the year was on time."
    ),
    source=("Care Planning, Placement and Case Review (England) Regulations 2010, regulation 33 (review "
            "timescales); SSDA903 Reviews (REVIEW date)."),
    numerator="Children whose reviews held or due in the year were all on time.",
    denominator="Children looked after with a review held or due in the year.",
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER,
    period_type=PeriodType.FINANCIAL_YEAR,
    exclusions="Periods of care made only of short breaks (V3/V4). Care ending on or before a due date needs "
               "no review. For care that began before the earliest loaded return, see 'Review history'.",
    parameters=(
        Parameter("first_working_days", 20, "Working days from care starting to the first review."),
        Parameter("second_months", 3, "Months from the first review to the second."),
        Parameter("later_months", 6, "Months between later reviews."),
    ),
    sources=("cla_reviews",),
    helpers=("cs_care_episodes", "cs_calendar"),
    event_date="the latest review held or due in the year",
    example=(
        "Care starts Monday 04/12/2017: 20 working days, skipping 25-26/12/2017 and 01/01/2018, run to "
        "Thursday 04/01/2018, so the first review is due by then; held 04/01/2018 (on time; 05/01 would "
        "be late). The second is due by 04/04/2018, in 2018-19 → in the numerator for 2017-18."
    ),
    sql=_cla_reviews_sql,
)


HEALTH_FIELDS = ("health_assessment", "health_check")


def _health_sql(column: str) -> str:
    return f"""
SELECT y.year, h.child_id, y.period_end AS event_date,
       TRUE AS in_denominator, coalesce(h.{column}, FALSE) AS in_numerator,
       h.upload_id, h.source_row
FROM cla_health h
JOIN cs_years y ON h.year = y.year
"""


def _health_check(indicator_id: str, name: str, what: str, code: str, note: str = "",
                  parameters: tuple[Parameter, ...] = ()) -> Indicator:
    column = code.lower()  # unless the parameter 'field' chooses another
    return Indicator(
        id=indicator_id,
        name=name,
        definition=(
            f"Children looked after continuously for at least 12 months at 31 March (the SSDA903 OC2 "
            f"cohort for the year) whose {what} was up to date ({code} = 1).{note}"
        ),
        source=(f"{CLA_STATISTICS}: outcomes for children continuously looked after for 12 months (OC2 {code}); "
                "Promoting the health and well-being of looked-after children (statutory guidance)."),
        numerator=f"OC2 rows for the year with {code} = 1.",
        denominator="OC2 rows for the year (children looked after continuously for 12 months at 31 March).",
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        period_type=PeriodType.SNAPSHOT,
        exclusions="Those the OC2 return leaves out (looked after under 12 months, short breaks).",
        parameters=parameters,
        sources=("cla_health",),
        event_date="31 March",
        example=f"An OC2 return of 300 children, 270 with {code} = 1 → 270 / 300 = 90%.",
        sql=lambda values: _health_sql(values.get("field", column)),
    )


CLA_ANNUAL_HEALTH_CHECK = _health_check(
    "cla_annual_health_check", "Children looked after with an annual health assessment", "annual health assessment",
    "HEALTH_ASSESSMENT",
    " The OC2 field HEALTH_CHECK is not this: it records health promotion (surveillance) checks for children "
    "under 5 only (DfE validator rules 545 and 546); the DfE's annual health check figure uses HEALTH_ASSESSMENT.",
    (Parameter("field", "health_assessment", "The OC2 field counted (health_check: the under-5s' health "
               "surveillance checks).", kind=ParameterKind.CHOICE, choices=HEALTH_FIELDS),),
)
CLA_DENTAL_CHECK = _health_check(
    "cla_dental_check", "Children looked after with a dental check", "dental check", "TEETH_CHECK")

INDICATORS = (CLA_3PLUS_PLACEMENTS, CLA_LONG_TERM_STABILITY, CLA_PLACED_WITH_PARENTS_CARE_ORDER, CLA_REVIEWS_IN_TIME,
              CLA_ANNUAL_HEALTH_CHECK, CLA_DENTAL_CHECK)

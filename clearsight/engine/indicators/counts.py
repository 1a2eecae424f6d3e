"""Counts of activity in the year and of open cases at 31 March, each with a rate per 10,000 children.

A rate companion (``<count>_rate_per_10k``) is the count × 10,000 / the population aged 0-17 for
the collection year (the ``population`` table's ``year`` is read as the collection year); it is
reported only for years with a population loaded. For a team or a worker the denominator is
still the authority's population, so their rates add up to the authority's.
"""

from __future__ import annotations

from dataclasses import replace

from clearsight.engine.indicators.care_leavers import COHORT_SQL
from clearsight.engine.indicators.looked_after import AT_31_MARCH, CLA_STATISTICS
from clearsight.engine.indicators.model import Indicator, Polarity, Unit
from clearsight.engine.periods import PeriodType

CIN_STATISTICS = "DfE 'Characteristics of children in need' statistics (CIN census)"


def _count(indicator_id: str, name: str, definition: str, source: str, counted: str, sources: tuple[str, ...],
           event_date: str, sql: str, example: str, *, snapshot: bool = False, exclusions: str = "None.",
           helpers: tuple[str, ...] = ()) -> Indicator:
    return Indicator(
        id=indicator_id, name=name, definition=definition, source=source, numerator=counted,
        denominator="None (a count).", unit=Unit.COUNT, polarity=Polarity.NEUTRAL,
        period_type=PeriodType.SNAPSHOT if snapshot else PeriodType.FINANCIAL_YEAR, exclusions=exclusions,
        sql=sql, sources=sources, event_date=event_date, example=example, helpers=helpers,
    )


def in_year(table: str, date_column: str, where: str = "") -> str:
    """Rows of ``table`` whose ``date_column`` falls in the year, each counted once."""
    return f"""
SELECT y.year, t.child_id, t.{date_column} AS event_date,
       NULL AS in_denominator, TRUE AS in_numerator, t.upload_id, t.source_row
FROM {table} t
JOIN cs_years y ON t.{date_column} BETWEEN y.period_start AND y.period_end
{where}"""


def open_at_31_march(table: str, start: str, end: str, where: str = "") -> str:
    """Children with a row open at 31 March (start ≤ 31 March, end blank or after), each counted once."""
    return f"""
SELECT y.year, t.child_id, y.period_end AS event_date,
       NULL AS in_denominator, TRUE AS in_numerator, t.upload_id, t.source_row
FROM {table} t
JOIN cs_years y ON t.{start} <= y.period_end AND (t.{end} IS NULL OR t.{end} > y.period_end)
               AND t.collection_year >= y.year  -- open in that year's return or a later one
{where}
QUALIFY row_number() OVER (PARTITION BY y.year, t.child_id ORDER BY t.{start} DESC) = 1
"""


CONTACTS = _count(
    "contacts", "Contacts", "Contacts received in the year (Annex A list 1).",
    "Ofsted Annex A, list 1 (contacts); local front-door measure.", "Contacts dated in the year.",
    ("contacts",), "contact date", in_year("contacts", "contact_date"),
    "Contacts dated 01/04/2017 and 31/03/2018 count in 2017-18; one dated 01/04/2018 in 2018-19.",
    exclusions="Two contacts for one child on one day are one contact (the history keeps one row per child and date).",
)
REFERRALS = _count(
    "referrals", "Referrals", "Referrals to children's social care received in the year.",
    f"{CIN_STATISTICS}: referrals (CINreferralDate).", "Referrals dated in the year, including no further action.",
    ("cin_referrals",), "referral date", in_year("cin_referrals", "referral_date"),
    "A referral dated 15/06/2017 in both the 2017-18 and 2018-19 censuses counts once, in 2017-18.",
)
ASSESSMENTS = _count(
    "assessments", "Assessments completed", "Child and family assessments completed (authorised) in the year.",
    f"{CIN_STATISTICS}: assessments completed in the year (AssessmentAuthorisationDate).",
    "Assessments authorised in the year (not those merely started).", ("assessments",), "authorisation date",
    in_year("assessments", "authorised_date"),
    "An assessment started 20/03/2018 and authorised 10/04/2018 counts in 2018-19.",
)
S47_ENQUIRIES = _count(
    "s47_enquiries", "Section 47 enquiries", "Section 47 enquiries started in the year.",
    f"{CIN_STATISTICS}: section 47 enquiries (S47ActualStartDate).", "Enquiries starting in the year.",
    ("s47_enquiries",), "enquiry start date", in_year("s47_enquiries", "start_date"),
    "An enquiry starting 31/03/2018 counts in 2017-18 even if its ICPC is in 2018-19.",
)
ICPCS = _count(
    "icpcs", "Initial child protection conferences", "Initial child protection conferences held in the year.",
    f"{CIN_STATISTICS}: initial child protection conferences (DateOfInitialCPC).",
    "Section 47 enquiries whose ICPC was held in the year, except those marked ICPC not required.",
    ("s47_enquiries",), "ICPC date",
    in_year("s47_enquiries", "icpc_date", "WHERE NOT coalesce(t.icpc_not_required, FALSE)"),
    "An enquiry from 20/03/2018 whose ICPC was on 06/04/2018 counts in 2018-19.",
    exclusions="ICPC not required. Transfer-in conferences are not section 47 enquiries of this council.",
)
CIN_AT_31MAR = _count(
    "cin_at_31mar", "Children in need at 31 March",
    "Children with an episode of need open at 31 March: referral date on or before 31 March and no closure date, "
    "or one after 31 March. Each child is counted once.",
    f"{CIN_STATISTICS}: children in need at 31 March (includes children on plans and looked after).",
    "Children with an open episode at 31 March, not a referral with no further action.", ("cin_referrals",),
    "31 March", open_at_31_march("cin_referrals", "referral_date", "closure_date",
                                 "WHERE NOT coalesce(t.referral_nfa, FALSE)"),
    "Episodes: referred 01/02/2018, closed 31/03/2018 → not open at 31 March 2018; referred 01/02/2018, closed "
    "01/04/2018 → open. A child with two open episodes counts once.",
    snapshot=True, exclusions="Referrals with no further action (ReferralNFA); episodes closed on 31 March.",
)
CPP_AT_31MAR = _count(
    "cpp_at_31mar", "Children on child protection plans at 31 March",
    "Children with a child protection plan open at 31 March (start on or before, no end date or one after).",
    f"{CIN_STATISTICS}: children who were the subject of a child protection plan at 31 March.",
    "Children with a plan open at 31 March.", ("cp_plans",), "31 March",
    open_at_31_march("cp_plans", "start_date", "end_date"),
    "Plan 01/01/2018 - 31/03/2018: ended on 31 March, not counted; plan 01/01/2018 with no end: counted.",
    snapshot=True, exclusions="Plans ending on 31 March.",
)
CLA_AT_31MAR = _count(
    "cla_at_31mar", "Children looked after at 31 March", AT_31_MARCH + ". Each child is counted once.",
    f"{CLA_STATISTICS}: children looked after at 31 March (excluding short breaks).",
    "Children looked after at 31 March.", ("cla_episodes",), "31 March",
    """
SELECT year, child_id, year_end AS event_date, NULL AS in_denominator, TRUE AS in_numerator, upload_id, source_row
FROM cs_looked_after
WHERE NOT short_break
""",
    "Episode from 01/06/2017 with DEC 31/03/2018: ceased on 31 March, not counted. Episode from 01/06/2017 with "
    "no DEC under LS V3 (short breaks): not counted. Under C2: counted.",
    snapshot=True, exclusions="Short breaks (V3/V4); care ending on 31 March.",
    helpers=("cs_care_episodes", "cs_looked_after"),
)
CLA_STARTS = _count(
    "cla_starts", "Children who started to be looked after",
    "Children who started a period of care in the year (an episode with RNE S). A child who started twice in the "
    "year counts once, as the DfE counts only the first occasion.",
    f"{CLA_STATISTICS}: children who started to be looked after during the year.",
    "Children with an RNE S episode starting in the year, not under a short-break legal status.", ("cla_episodes",),
    "the first start in the year",
    """
SELECT y.year, e.child_id, e.decom AS event_date, NULL AS in_denominator, TRUE AS in_numerator,
       e.upload_id, e.source_row
FROM cs_care_episodes e
JOIN cs_years y ON e.decom BETWEEN y.period_start AND y.period_end
WHERE e.rne = 'S' AND NOT e.short_break
QUALIFY row_number() OVER (PARTITION BY y.year, e.child_id ORDER BY e.decom) = 1
""",
    "A child entering care 01/05/2017, leaving 01/08/2017 and returning 01/11/2017 counts once in 2017-18.",
    exclusions="Short breaks (V3/V4). Episodes continuing a period of care (RNE other than S).",
    helpers=("cs_care_episodes",),
)
CARE_LEAVERS = _count(
    "care_leavers", "Care leavers aged 17-21",
    "Young people in the year's OC3 care leaver cohort: aged 17 to 21, with their birthday in the year.",
    f"{CLA_STATISTICS}: care leavers aged 17 to 21 (SSDA903 OC3).",
    "OC3 rows for the year aged 17-21 at 31 March (all IN_TOUCH codes, including DIED and RHOM).",
    ("care_leavers",), "the birthday in the year",
    COHORT_SQL + """
SELECT year, child_id, birthday AS event_date, NULL AS in_denominator, TRUE AS in_numerator, upload_id, source_row
FROM cohort
""",
    "An OC3 return with 52 rows, one for a young person aged 22 at 31 March → 51.",
    exclusions="Rows whose date of birth makes the young person younger than 17 or older than 21 at 31 March.",
)

COUNTS = (CONTACTS, REFERRALS, ASSESSMENTS, S47_ENQUIRIES, ICPCS, CIN_AT_31MAR, CPP_AT_31MAR, CLA_AT_31MAR,
          CLA_STARTS, CARE_LEAVERS)


def rate_per_10k(count: Indicator) -> Indicator:
    """The rate companion of a count: per 10,000 children aged 0-17 in the authority."""
    return replace(
        count,
        id=f"{count.id}_rate_per_10k",
        name=f"{count.name} per 10,000 children",
        definition=f"{count.name} per 10,000 children aged 0-17 living in the authority. {count.definition}",
        source=f"{count.source} Population: ONS mid-year estimates, children aged 0-17.",
        numerator=f"The count '{count.id}'.",
        denominator="Children aged 0-17 for the collection year (the population table).",
        unit=Unit.RATE_PER_10K,
        exclusions=count.exclusions + " Years with no population loaded are not reported.",
        example=f"{count.id} = 3,000 with 65,000 children aged 0-17 → 3,000 × 10,000 / 65,000 = 461.5.",
        rate_of=count.id,
    )


INDICATORS = tuple(item for count in COUNTS for item in (count, rate_per_10k(count)))

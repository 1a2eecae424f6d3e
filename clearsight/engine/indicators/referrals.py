"""Referrals: re-referrals within 12 months."""

from __future__ import annotations

from clearsight.engine.indicators.model import Indicator, Parameter, Polarity, Unit
from clearsight.engine.periods import PeriodType

CIN_STATISTICS = ("DfE, 'Children in need' statistics (CIN census): referrals and re-referrals; "
                  "Working Together to Safeguard Children")

RE_REFERRALS_12M = Indicator(
    id="re_referrals_12m",
    name="Re-referrals within 12 months",
    definition=(
        "Referrals in the year whose child had a previous referral in the 12 months before it. "
        "'Within 12 months' includes the day exactly 12 months earlier (a referral on 10 May 2018 "
        "after one on 10 May 2017 is a re-referral; after one on 9 May 2017 it is not). The previous "
        "referral may be in an earlier census: each child's history is built across every upload."
    ),
    source=CIN_STATISTICS + " (re-referral: a referral within 12 months of a previous referral).",
    numerator="Referrals in the year whose child's previous referral was on or after the referral date minus 12 months.",
    denominator="Referrals in the year (CINreferralDate 1 April - 31 March), including those with no further action.",
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER,
    period_type=PeriodType.FINANCIAL_YEAR,
    exclusions=(
        "None. Two referrals of one child on the same date are one referral (the history keeps one row "
        "per child and referral date), so a same-day duplicate is not a re-referral."
    ),
    parameters=(Parameter("window_months", 12, "How far back a previous referral makes this one a re-referral."),),
    sources=("cin_referrals",),
    event_date="referral date",
    example=(
        "Child A referred 10/05/2017 and 10/05/2018; child B referred 09/05/2017 and 10/05/2018; child C "
        "referred once, 01/06/2017. For 2018-19: referrals A 10/05/2018 and B 10/05/2018 → 1 re-referral "
        "(A, exactly 12 months) of 2 = 50%. For 2017-18: 3 referrals, none re-referrals = 0%."
    ),
    sql="""
WITH history AS (  -- every referral with the child's previous one, across all uploads
    SELECT child_id, referral_date, upload_id, source_row,
           lag(referral_date) OVER (PARTITION BY child_id ORDER BY referral_date) AS previous_referral
    FROM cin_referrals
    WHERE referral_date IS NOT NULL
)
SELECT y.year, h.child_id, h.referral_date AS event_date,
       TRUE AS in_denominator,
       coalesce(h.previous_referral >= h.referral_date - INTERVAL ({window_months}) MONTH, FALSE) AS in_numerator,
       h.upload_id, h.source_row
FROM history h
JOIN cs_years y ON h.referral_date BETWEEN y.period_start AND y.period_end
""",
)

INDICATORS = (RE_REFERRALS_12M,)

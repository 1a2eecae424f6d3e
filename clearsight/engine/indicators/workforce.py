"""Children's social work workforce: average caseload and agency worker rate.

From the workforce table (one row per worker, or vacant post, per snapshot). The figure for a
year uses the latest snapshot dated in the year (1 April - 31 March); the DfE workforce census
is taken at 30 September, so that is usually the one. Vacant posts are left out. Rows are
workers, not children: child_id is blank and the breakdown uses each row's own team and worker.
"""

from __future__ import annotations

from clearsight.engine.indicators.model import Indicator, Polarity, Unit
from clearsight.engine.periods import PeriodType

WORKFORCE_SOURCE = "DfE 'Children's social work workforce' statistics (workforce census)"

LATEST_SNAPSHOT = """
WITH snapshot AS (  -- the year's latest workforce snapshot
    SELECT y.year, max(w.snapshot_date) AS snapshot_date
    FROM workforce w
    JOIN cs_years y ON w.snapshot_date BETWEEN y.period_start AND y.period_end
    GROUP BY y.year
)"""

AVERAGE_CASELOAD = Indicator(
    id="average_caseload",
    name="Average caseload per case-holding social worker (FTE)",
    definition=(
        "Cases held by case-holding social workers divided by their full-time equivalent: the sum of "
        "their caseloads over the sum of their FTE, at the year's latest workforce snapshot."
    ),
    source=f"{WORKFORCE_SOURCE}: average caseload of children's social workers (cases per case-holding FTE).",
    numerator="Sum of caseloads of case-holding workers (with both caseload and FTE recorded).",
    denominator="Sum of FTE of the same workers.",
    unit=Unit.AVERAGE,
    polarity=Polarity.LOWER,
    period_type=PeriodType.SNAPSHOT,
    exclusions="Vacant posts; workers who do not hold cases; case holders with no caseload or no FTE recorded.",
    sources=("workforce",),
    carries_allocation=True,
    weighted=True,
    event_date="the snapshot date",
    example="Three case holders: 20 cases at 1.0 FTE, 18 at 1.0, 9 at 0.5 → 47 / 2.5 = 18.8 cases per FTE.",
    sql=LATEST_SNAPSHOT + """
SELECT s.year, NULL AS child_id, w.snapshot_date AS event_date,
       holds AS in_denominator, holds AS in_numerator,
       w.caseload AS numerator_value, w.fte AS denominator_value,
       w.team, w.worker, w.upload_id, w.source_row
FROM snapshot s
JOIN (SELECT *, coalesce(case_holding AND caseload IS NOT NULL AND fte IS NOT NULL, FALSE) AS holds
      FROM workforce) w ON w.snapshot_date = s.snapshot_date
WHERE NOT coalesce(w.vacancy, FALSE)
""",
)

AGENCY_WORKER_RATE = Indicator(
    id="agency_worker_rate",
    name="Agency worker rate",
    definition=(
        "Agency social workers' FTE as a percentage of all social workers' FTE (agency and employed), at "
        "the year's latest workforce snapshot."
    ),
    source=f"{WORKFORCE_SOURCE}: agency worker rate (FTE agency workers / FTE of all social workers).",
    numerator="Sum of FTE of agency workers.",
    denominator="Sum of FTE of all workers in post.",
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER,
    period_type=PeriodType.SNAPSHOT,
    exclusions="Vacant posts; workers with no FTE recorded.",
    sources=("workforce",),
    carries_allocation=True,
    weighted=True,
    event_date="the snapshot date",
    example="Employed 40 FTE and agency 10 FTE at 30/09/2017 → 10 / 50 = 20% for 2017-18.",
    sql=LATEST_SNAPSHOT + """
SELECT s.year, NULL AS child_id, w.snapshot_date AS event_date,
       w.fte IS NOT NULL AS in_denominator,
       w.fte IS NOT NULL AND coalesce(w.agency, FALSE) AS in_numerator,
       w.fte AS numerator_value, w.fte AS denominator_value,
       w.team, w.worker, w.upload_id, w.source_row
FROM snapshot s
JOIN workforce w ON w.snapshot_date = s.snapshot_date
WHERE NOT coalesce(w.vacancy, FALSE)
""",
)

INDICATORS = (AVERAGE_CASELOAD, AGENCY_WORKER_RATE)

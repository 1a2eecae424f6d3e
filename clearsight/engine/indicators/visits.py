"""Statutory visits, as a snapshot: was each child's last visit recent enough on the list's date?

From Ofsted Annex A lists 6 (children in need), 7 (child protection) and 8 (children looked
after), "date of last statutory visit", loaded as ``visit_snapshots``. The figure for a year uses the latest snapshot
dated in the year (1 April - 31 March) for that kind of case. These lists name each child's
allocated team and worker, so the breakdown uses them (the allocation table is used only for a
row that names neither).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from clearsight.engine.indicators.model import Indicator, Parameter, ParameterKind, Polarity, Unit, sql_value
from clearsight.engine.periods import PeriodType

SNAPSHOT_SQL = """
WITH snapshot AS (  -- the year's latest list of this kind of case
    SELECT y.year, max(v.snapshot_date) AS snapshot_date
    FROM visit_snapshots v
    JOIN cs_years y ON v.snapshot_date BETWEEN y.period_start AND y.period_end
    WHERE upper(trim(v.case_type)) IN {case_types}
    GROUP BY y.year
)
SELECT s.year, v.child_id, v.snapshot_date AS event_date,
       TRUE AS in_denominator,
       coalesce(v.last_visit_date <= v.snapshot_date AND {in_time}, FALSE) AS in_numerator,
       v.team, v.worker, v.upload_id, v.source_row
FROM snapshot s
JOIN visit_snapshots v ON v.snapshot_date = s.snapshot_date AND upper(trim(v.case_type)) IN {case_types}
{joins}"""


def _snapshot_sql(values: Mapping[str, Any], in_time: str, joins: str = "") -> str:
    return SNAPSHOT_SQL.format(case_types=sql_value(values["case_types"]), in_time=in_time, joins=joins)


def _working_day_visits(case: str, name: str, days: int, list_no: int, example: str) -> Indicator:
    return Indicator(
        id=f"{case.lower()}_visits_in_time",
        name=f"{name} visited within {days} working days",
        definition=(
            f"{name} on the year's latest Annex A list {list_no} whose last statutory visit was at most {days} "
            "working days before the list's date."
        ),
        source=(f"Local standard: statutory guidance leaves the frequency of {case} visits to local procedures "
                f"(commonly every {days} working days); Ofsted Annex A list {list_no}, date of last statutory visit."),
        numerator=f"Children on the list whose last visit was on or before the list date and at most {days} "
                  "working days before it.",
        denominator=f"Children on the year's latest list {list_no}.",
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER,
        period_type=PeriodType.SNAPSHOT,
        exclusions="None. A child with no visit recorded, or a visit dated after the list, is not in the numerator.",
        parameters=(
            Parameter("max_working_days", days, "Working days allowed since the last visit.", national=False),
            Parameter("case_types", (case,), f"visit_snapshots case types that are {case} cases.",
                      kind=ParameterKind.CODES),
        ),
        national=False,
        sources=("visit_snapshots",),
        helpers=("cs_calendar",),
        carries_allocation=True,
        event_date="the list's date",
        example=example,
        sql=lambda values: _snapshot_sql(
            values, f"listed.wd - visited.wd <= {int(values['max_working_days'])}",
            "LEFT JOIN cs_calendar visited ON visited.day = v.last_visit_date\n"
            "LEFT JOIN cs_calendar listed ON listed.day = v.snapshot_date\n"),
    )


CP_VISITS_IN_TIME = _working_day_visits(
    "CP", "Children on child protection plans", 10, 7,
    "List dated Friday 30/03/2018 (Good Friday, not a working day): a visit on Friday 16/03/2018 is 9 working days "
    "before (19-23, 26-29 March) → in time; a visit on 15/03/2018 is 10 → in time; on 14/03/2018, 11 → late.")
CIN_VISITS_IN_TIME = _working_day_visits(
    "CIN", "Children in need", 20, 6,
    "List dated Wednesday 31/01/2018: a visit on Wednesday 03/01/2018 is 20 working days before → in time; on "
    "Tuesday 02/01/2018, 21 → late.")

CLA_VISITS_IN_TIME = Indicator(
    id="cla_visits_in_time",
    name="Children looked after visited within 6 weeks",
    definition=(
        "Children on the year's latest Annex A children looked after list (list 8) whose last statutory "
        "visit was at most 6 weeks (42 days) before the list's date."
    ),
    source=("Care Planning, Placement and Case Review (England) Regulations 2010, regulation 28 (visits at "
            "intervals of not more than 6 weeks in the first year of a placement; 3 months after for long-term "
            "placements); Ofsted Annex A list 8, date of last statutory visit."),
    numerator="Children on the list whose last visit was on or before the list date and at most 42 days before it.",
    denominator="Children on the year's latest children looked after list.",
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER,
    period_type=PeriodType.SNAPSHOT,
    exclusions=("None; the 6-week interval is applied to every child (the list does not say which placements "
                "are long-term and so visited 3-monthly): raise max_days where that matters."),
    parameters=(
        Parameter("max_days", 42, "Calendar days allowed since the last visit."),
        Parameter("case_types", ("CLA",), "visit_snapshots case types that are looked-after cases.",
                  kind=ParameterKind.CODES),
    ),
    sources=("visit_snapshots",),
    carries_allocation=True,
    event_date="the list's date",
    example="List dated 31/03/2018: last visit 17/02/2018 (42 days) → in time; 16/02/2018 (43 days) → late.",
    sql=lambda values: _snapshot_sql(values, f"v.snapshot_date - v.last_visit_date <= {int(values['max_days'])}"),
)

INDICATORS = (CIN_VISITS_IN_TIME, CP_VISITS_IN_TIME, CLA_VISITS_IN_TIME)

"""Key rates of the generated data, per collection year, against the national figures they aim at.

Computed from the simulated records with the national definitions (DOMAIN.md §4), summed over
chunks as numerator and denominator so the pool can be any size. ``docs/synthetic-data.md``
shows target against achieved; the tests hold the achieved figures to a tolerance.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from .care_episodes import placements_in
from .chunk import ChunkData
from .days import NA, Calendar, birthday
from .output import Year

Table = dict[str, npt.NDArray[Any]]


@dataclass(frozen=True)
class Target:
    label: str
    target: float
    unit: str  # "%" or "per 10k" or "ratio"
    low: float
    high: float


TARGETS: dict[str, Target] = {
    "referrals_per_10k": Target("Referrals per 10,000 children", 517.0, "per 10k", 400.0, 650.0),
    "re_referrals": Target("Re-referrals within 12 months", 22.0, "%", 17.0, 27.0),
    "contacts_per_referral": Target("Contacts per referral", 3.5, "ratio", 2.8, 4.3),
    "assessments_45wd": Target("Assessments authorised within 45 working days", 86.0, "%", 81.0, 91.0),
    "icpc_15wd": Target("ICPCs within 15 working days of s47 start", 77.0, "%", 70.0, 85.0),
    "cp_starts_per_10k": Target("CP plans started per 10,000 children", 52.0, "per 10k", 40.0, 65.0),
    "cp_second": Target("CP plans that are second or subsequent", 21.0, "%", 15.0, 27.0),
    "cp_2_years": Target("CP plans ending that lasted 2+ years", 4.4, "%", 2.0, 7.0),
    "cla_per_10k": Target("Children looked after at 31 March per 10,000", 70.0, "per 10k", 58.0, 82.0),
    "placements_3plus": Target("Looked after with 3+ placements in the year", 10.0, "%", 7.0, 13.0),
    "long_term_stability": Target("Long-term placement stability", 68.0, "%", 60.0, 76.0),
    "health_check": Target("Annual health check (looked after 12+ months)", 88.0, "%", 84.0, 92.0),
    "dental_check": Target("Dental check (looked after 12+ months)", 85.0, "%", 80.0, 90.0),
    "leavers_in_touch": Target("Care leavers 17-21 in touch", 90.0, "%", 85.0, 95.0),
    "leavers_eet": Target("Care leavers 17-21 in education, employment or training", 55.0, "%", 48.0, 65.0),
    "leavers_suitable": Target("Care leavers 17-21 in suitable accommodation", 87.0, "%", 84.0, 91.0),
}


@dataclass
class Tally:
    """Numerators and denominators per (year, measure), added up over chunks."""

    num: dict[tuple[int, str], float] = field(default_factory=lambda: defaultdict(float))
    den: dict[tuple[int, str], float] = field(default_factory=lambda: defaultdict(float))

    def add(self, year: int, key: str, num: float, den: float) -> None:
        self.num[(year, key)] += num
        self.den[(year, key)] += den

    def value(self, year: int, key: str) -> float | None:
        den = self.den.get((year, key), 0.0)
        if not den:
            return None
        scale = {"%": 100.0, "per 10k": 10000.0, "ratio": 1.0}[TARGETS[key].unit]
        return scale * self.num[(year, key)] / den

    def merge_counts(self, year: int, key: str) -> tuple[float, float]:
        return self.num.get((year, key), 0.0), self.den.get((year, key), 0.0)


def measure(tally: Tally, data: ChunkData, cal: Calendar, year: Year, oc3: Table, oc2: Table) -> None:
    y, ep = year.year, data.need.episodes
    dob = data.people.dob
    mid = year.start + 90  # 30 June: ONS mid-year population
    population = float(np.count_nonzero((dob <= mid) & (birthday(dob, 18) > mid)))
    refs = np.flatnonzero((ep["referral"] >= year.start) & (ep["referral"] <= year.end))
    tally.add(y, "referrals_per_10k", len(refs), population)
    keys = ep["child"] * (1 << 22) + ep["referral"]
    earlier = np.searchsorted(keys, keys[refs] - 365, side="left") < refs
    tally.add(y, "re_referrals", float(earlier.sum()), len(refs))
    ct = data.need.contacts
    tally.add(y, "contacts_per_referral", float(np.count_nonzero((ct["day"] >= year.start) & (ct["day"] <= year.end))), len(refs))
    done = (ep["a_auth"] != NA) & (ep["a_auth"] >= year.start) & (ep["a_auth"] <= year.end)
    days = cal.working_between(ep["a_start"][done], ep["a_auth"][done])
    tally.add(y, "assessments_45wd", float((days <= 45).sum()), float(done.sum()))
    icpc = (ep["icpc_date"] != NA) & (ep["icpc_date"] >= year.start) & (ep["icpc_date"] <= year.end)
    within = cal.working_between(ep["s47_start"][icpc], ep["icpc_date"][icpc]) <= 15
    tally.add(y, "icpc_15wd", float(within.sum()), float(icpc.sum()))
    starts = (ep["cp_start"] >= year.start) & (ep["cp_start"] <= year.end)
    tally.add(y, "cp_starts_per_10k", float(starts.sum()), population)
    tally.add(y, "cp_second", float((ep["previous_cp"][starts] > 0).sum()), float(starts.sum()))
    ends = (ep["cp_start"] != NA) & (ep["cp_end"] >= year.start) & (ep["cp_end"] <= year.end)
    long = ep["cp_end"][ends] >= _two_years(ep["cp_start"][ends])
    tally.add(y, "cp_2_years", float(long.sum()), float(ends.sum()))
    p = data.periods
    at_end = (p["ls"] != "V3") & (p["start"] <= year.end) & (p["end"] > year.end)
    cla = p["child"][at_end]
    tally.add(y, "cla_per_10k", float(len(cla)), population)
    if len(cla):
        counts = placements_in(data.episodes, cla, year.start, year.end)
        tally.add(y, "placements_3plus", float((counts >= 3).sum()), float(len(cla)))
        _stability(tally, data, year, p["start"][at_end], cla)
    for key, col in (("health_check", "HEALTH_ASSESSMENT"), ("dental_check", "TEETH_CHECK")):
        values = oc2.get(col, np.zeros(0, dtype=object))
        tally.add(y, key, float((values == "1").sum()), float(len(values)))
    n = float(len(oc3["child"]))
    tally.add(y, "leavers_in_touch", float((oc3["in_touch"] == "YES").sum()), n)
    eet = np.isin(oc3["activity"], ["F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"])
    tally.add(y, "leavers_eet", float(eet.sum()), n)
    suitable = np.char.endswith(oc3["accommodation"].astype(str), "1") if len(oc3["child"]) else np.zeros(0, bool)
    tally.add(y, "leavers_suitable", float(suitable.sum()), n)


def _two_years(start: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    return start + 730 + ((start % 1461) > 1000)  # close enough: leap days


def _stability(tally: Tally, data: ChunkData, year: Year, period_start: npt.NDArray[np.int64],
               cla: npt.NDArray[np.int64]) -> None:
    """Under 16, looked after 2.5+ years, same placement (carer) for 2+ years at 31 March."""
    e = data.episodes
    dob = data.people.dob[cla]
    eligible = (birthday(dob, 16) > year.end) & (period_start <= year.end - 913)
    moves = np.isin(e["rne"], ["S", "P", "B"])
    current = np.flatnonzero((e["decom"] <= year.end) & (e["dec"] > year.end) & (e["ls"] != "V3"))
    last_move = np.maximum.accumulate(np.where(moves, np.arange(len(moves)), 0))
    since = e["decom"][last_move[current]]
    # the adoptive placement counts together with the one before it
    order = np.searchsorted(e["child"][current], cla)
    order = np.minimum(order, len(current) - 1)
    stable = since[order] <= year.end - 730
    tally.add(year.year, "long_term_stability", float((stable & eligible).sum()), float(eligible.sum()))

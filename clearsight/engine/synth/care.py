"""Periods of care: how long, how they end, and the SSDA903 episodes inside them.

A period starts on the day a child becomes looked after (from a referral directly, from a CP or
CIN plan, or on arrival as an unaccompanied asylum seeker) and follows a *route* that depends on
age: adoption and special guardianship for the youngest, going home for most, staying until 18
for many teenagers, short remands. Inside a period, legal status changes (L1 → V2/C1 → C2 → E1)
and placement moves (a per-child rate, higher for teenagers) cut the period into episodes, which
chain with REC = X1 and start with RNE S, P, T, L, B or U as the 903 guidance defines them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from . import codes
from .days import Days, birthday

Ints = npt.NDArray[np.int64]
Table = dict[str, npt.NDArray[Any]]

DIRECT, FROM_CP, FROM_CIN, UASC = 0, 1, 2, 3
ADOPT, SGO, HOME, LONG, REMAND = 0, 1, 2, 3, 4
# Route shares by age at entry: (upper age, adopt, sgo, home, long, remand).
ROUTES = (
    (1.0, 0.33, 0.15, 0.27, 0.25, 0.0),
    (5.0, 0.20, 0.15, 0.35, 0.30, 0.0),
    (10.0, 0.02, 0.12, 0.46, 0.40, 0.0),
    (16.0, 0.0, 0.05, 0.52, 0.40, 0.03),
    (18.0, 0.0, 0.0, 0.35, 0.58, 0.07),
)
FOSTER = ("U1", "U3", "U4", "U6")
# Placement shares by age band: (upper age, {code: weight}).
PLACEMENTS: tuple[tuple[float, dict[str, float]], ...] = (
    (5.0, {"U4": 45, "U6": 25, "U1": 12, "U3": 12, "P1": 6}),
    (12.0, {"U4": 45, "U6": 17, "U1": 12, "U3": 8, "K2": 8, "P1": 6, "R1": 0.5}),
    (16.0, {"U4": 36, "U6": 16, "U1": 9, "U3": 5, "K2": 24, "P1": 6, "S1": 1}),
    (19.0, {"U4": 24, "U6": 9, "U1": 6, "U3": 2, "K2": 20, "H5": 26, "P2": 8, "P1": 5}),
)
IN_AREA = {"K2": 0.45, "H5": 0.5, "P2": 0.8, "U1": 0.8, "U3": 0.8}  # default 0.62
HOME_EXITS = {"E4A": 65.0, "E4B": 8.0, "E13": 12.0, "E8": 10.0}
EIGHTEEN_EXITS = {"E5": 40.0, "E6": 10.0, "E7": 2.0, "E8": 18.0, "E13": 8.0}


def _route(rng: np.random.Generator, age: npt.NDArray[np.float64], path: Ints) -> Ints:
    u = rng.random(len(age))
    route = np.full(len(age), LONG, dtype=np.int64)
    lower = 0.0
    for upper, *shares in ROUTES:
        band = (age >= lower) & (age < upper)
        cum = np.cumsum(shares)
        route = np.where(band, np.searchsorted(cum, u, side="right").clip(0, 4), route)
        lower = upper
    return np.where(path == UASC, LONG, route)


def periods(rng: np.random.Generator, people: Any, child: Ints, start: Days, path: Ints, adult: Days) -> Table:
    """Periods of care starting on ``start``: their end, reason episode ceased and entry status."""
    m = len(child)
    dob = people.dob[child]
    age = (start - dob) / 365.25
    route = _route(rng, age, path)
    years = rng.random(m)
    duration = np.select(
        [route == ADOPT, route == SGO, route == HOME, route == REMAND],
        [(1.2 + 1.4 * years) * 365, (0.8 + 1.7 * years) * 365,
         np.clip(rng.lognormal(np.log(150), 1.15, m), 3, 6 * 365), 5 + 85 * years],
        np.clip(rng.lognormal(np.log(5.5 * 365), 0.55, m), 200, 20 * 365),
    ).astype(np.int64)
    end = start + duration
    at_18 = end >= adult
    end = np.where(at_18, adult, end)
    rec = np.where(route == ADOPT, np.where(rng.random(m) < 0.85, "E11", "E12"), "")
    sgo = codes.CodeSet({"E45": 35.0, "E46": 45.0, "E47": 5.0, "E48": 15.0})
    rec = np.where(route == SGO, sgo.codes[sgo.draw(rng, m)], rec)
    home = codes.CodeSet(HOME_EXITS)
    rec = np.where((route == HOME) | (route == LONG), home.codes[home.draw(rng, m)], rec)
    older = (end - dob) / 365.25 >= 16
    rec = np.where(((route == HOME) | (route == LONG)) & older & (rng.random(m) < 0.3),
                   np.where(rng.random(m) < 0.8, "E5", "E6"), rec)
    rec = np.where(route == REMAND, np.where(rng.random(m) < 0.7, "E14", "E9"), rec)
    eighteen = codes.CodeSet(EIGHTEEN_EXITS)
    rec = np.where(at_18, eighteen.codes[eighteen.draw(rng, m)], rec)
    ls = _entry_status(rng, age, path, route)
    need = np.where(path == UASC, "N8", codes.CLA_NEED.codes[codes.CLA_NEED.draw(rng, m)])
    need = np.where(need == "N8", np.where(path == UASC, "N8", "N1"), need)
    return {"child": child, "start": start, "end": end.astype(np.int64), "rec": rec.astype(object),
            "route": route, "ls": ls, "need": need.astype(object), "uasc": path == UASC,
            "moves": rng.gamma(0.35, 1.0 / 0.35, m) * np.where(age >= 11, 0.85, 0.45) * np.where(route == ADOPT, 0.6, 1.0)}


def _entry_status(rng: np.random.Generator, age: npt.NDArray[np.float64], path: Ints, route: Ints) -> npt.NDArray[np.object_]:
    u = rng.random(len(age))
    young = np.select([u < 0.12, u < 0.62], ["L1", "V2"], "C1")
    teen = np.select([u < 0.08, u < 0.88], ["L1", "V2"], "C1")
    ls = np.where(age < 16, young, teen)
    ls = np.where(path == FROM_CP, np.select([u < 0.05, u < 0.33], ["L1", "V2"], "C1"), ls)
    ls = np.where(route == ADOPT, np.where(u < 0.1, "L1", np.where(u < 0.4, "V2", "C1")), ls)
    ls = np.where(path == UASC, "V2", ls)
    ls = np.where(route == REMAND, "J1", ls)
    return ls.astype(object)


def short_breaks(rng: np.random.Generator, people: Any, window_start: int, sim_end: int) -> Table:
    """Series of short breaks (LS V3) for some disabled children: a few days every 6-10 weeks."""
    chosen = np.flatnonzero((people.disability >= 0) & (rng.random(len(people)) < 0.09))
    first = np.maximum(birthday(people.dob[chosen], 6), window_start - 400)
    last = np.minimum(birthday(people.dob[chosen], 18) - 30, sim_end + 400)
    k = 14  # breaks a year at most … spread over the window in steps
    gaps = rng.integers(42, 84, (len(chosen), k * 8))
    starts = first[:, None] + np.cumsum(gaps, axis=1)
    lengths = rng.integers(1, 4, starts.shape)
    ok = starts + lengths < last[:, None]
    rows = np.nonzero(ok)
    m = len(rows[0])
    return {"child": chosen[rows[0]], "start": starts[ok], "end": (starts + lengths)[ok],
            "rec": np.full(m, "E4A", dtype=object), "route": np.full(m, HOME, dtype=np.int64),
            "ls": np.full(m, "V3", dtype=object), "need": np.full(m, "N2", dtype=object),
            "uasc": np.zeros(m, dtype=bool), "moves": np.zeros(m)}


def drop_overlapping_breaks(periods: Table) -> Table:
    """Short breaks for a child who is also in care otherwise are left out (one status at a time)."""
    regular = periods["ls"] != "V3"
    busy = np.unique(periods["child"][regular])
    keep = regular | ~np.isin(periods["child"], busy)
    out = {k: v[keep] for k, v in periods.items()}
    order = np.lexsort((out["start"], out["child"]))
    return {k: v[order] for k, v in out.items()}


def legal_changes(rng: np.random.Generator, periods: Table) -> tuple[Ints, Days, npt.NDArray[np.object_]]:
    """(period row, day, new legal status) for every change of legal status inside a period."""
    start, end, ls, route = periods["start"], periods["end"], periods["ls"], periods["route"]
    n = len(start)
    rows: list[Ints] = []
    days: list[Days] = []
    status: list[npt.NDArray[np.object_]] = []

    def add(mask: npt.NDArray[np.bool_], day: Days, new: npt.NDArray[np.object_] | str) -> None:
        ok = mask & (day > start) & (day < end)
        rows.append(np.flatnonzero(ok))
        days.append(day[ok])
        status.append(np.broadcast_to(np.asarray(new, dtype=object), (n,))[ok])

    after_l1 = np.where(route == ADOPT, "C1", np.where(rng.random(n) < 0.55, "V2", "C1")).astype(object)
    l1_end = start + rng.integers(1, 4, n)
    add(ls == "L1", l1_end, after_l1)
    current = np.where(ls == "L1", after_l1, ls)
    base = np.where(ls == "L1", l1_end, start)
    to_c1 = (current == "V2") & (route != HOME) & (rng.random(n) < 0.45) & (route != REMAND)
    c1_day = base + rng.integers(30, 200, n)
    add(to_c1, c1_day, "C1")
    has_c1 = (current == "C1") | to_c1
    c1_from = np.where(current == "C1", base, c1_day)
    c2_day = c1_from + rng.integers(150, 400, n)
    e1_day = start + ((end - start) * 0.45).astype(np.int64)
    add(has_c1 & ((route != ADOPT) | (c2_day < e1_day - 10)), c2_day, "C2")
    add(route == ADOPT, e1_day, "E1")
    return np.concatenate(rows), np.concatenate(days), np.concatenate(status)


def placement_moves(rng: np.random.Generator, periods: Table) -> tuple[Ints, Days, npt.NDArray[np.bool_]]:
    """(period row, day, same carer?) for placement changes; adoption placements come last."""
    start, end = periods["start"], periods["end"]
    long_enough = (end - start) > 6
    years = (end - start) / 365.25
    count = np.where(long_enough & (periods["ls"] != "V3"), rng.poisson(periods["moves"] * years), 0)
    row = np.repeat(np.arange(len(start)), count)
    # moves cluster early in a period: placements settle the longer a child stays
    day = start[row] + 2 + (rng.random(len(row)) ** 2 * (end[row] - start[row] - 4)).astype(np.int64)
    same = rng.random(len(row)) < 0.06
    adopt = np.flatnonzero(periods["route"] == ADOPT)
    placed = end[adopt] - rng.integers(100, 270, len(adopt))
    placed = np.maximum(placed, start[adopt] + ((end[adopt] - start[adopt]) * 0.6).astype(np.int64))
    # no ordinary moves after the adoption placement
    cut = np.ones(len(row), dtype=bool)
    position = np.full(len(start), np.iinfo(np.int64).max)
    position[adopt] = placed
    cut = day < position[row] - 5
    same_carer = rng.random(len(adopt)) < 0.2
    return (np.concatenate([row[cut], adopt]), np.concatenate([day[cut], placed]),
            np.concatenate([same[cut], same_carer]))

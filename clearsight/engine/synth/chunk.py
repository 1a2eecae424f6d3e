"""One chunk of the pool, simulated from birth to the last year's end: everything the writers need.

The pool is cut into fixed-size chunks of children, each with its own random stream derived
from (seed, authority, chunk number), so the output depends only on the arguments and memory
stays bounded however large the pool.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from . import care, care_episodes, need, workforce
from .authorities import Authority
from .days import NA, Calendar, birthday
from .population import People, make_people

Ints = npt.NDArray[np.int64]
Table = dict[str, npt.NDArray[Any]]
CHUNK = 200_000


@dataclass(frozen=True)
class Window:
    """The collection years written: ``first``..``last`` (years ending 31 March)."""

    first: int
    last: int
    start: int  # day: 1 April before the first year
    end: int  # day: 31 March of the last year


@dataclass
class ChunkData:
    people: People
    need: need.Need
    periods: Table
    episodes: Table
    reviews: Table
    missing: Table
    allocations: Table
    leavers: Table  # one row per care leaver: child, left (day care ended), 21st birthday


def simulate_chunk(
    rng: np.random.Generator,
    cal: Calendar,
    authority: Authority,
    window: Window,
    wf: workforce.Workforce,
    first: int,
    count: int,
    dob_from: int,
    cla_factor: float,
) -> ChunkData:
    people = make_people(rng, first, count, dob_from, window.end, authority.white_british,
                         len(authority.postcodes))
    result = need.simulate(rng, cal, people, window.end, window.start, cla_factor)
    breaks = care.short_breaks(rng, people, window.start, window.end)
    periods = care.drop_overlapping_breaks(_concat([result.periods, breaks]))
    episodes = care_episodes.build_episodes(
        rng, periods, people.dob, people.home_postcode, len(authority.postcodes),
        len(authority.neighbour_postcodes()),
    )
    leavers = _care_leavers(periods, people)
    reviews = care_episodes.reviews(rng, cal, periods, people.dob)
    missing = _within_placement(care_episodes.missing(rng, periods, people.dob), episodes)
    # allocation last: the workforce's size then changes who holds a case, not the children's data
    segments = _segments(result.episodes, periods, leavers)
    area = np.where(people.home_postcode >= 0, people.home_postcode, people.number % 97)[segments["child"]]
    allocations = workforce.allocate(rng, wf, segments, area)
    order = np.lexsort((allocations["start"], allocations["child"]))
    allocations = {k: v[order] for k, v in allocations.items()}
    return ChunkData(people=people, need=result, periods=periods, episodes=episodes, reviews=reviews,
                     missing=missing, allocations=allocations, leavers=leavers)


def _within_placement(missing: Table, episodes: Table) -> Table:
    """Keep missing episodes that end before the placement they started in (rules 575, 577)."""
    keys = episodes["child"] * (1 << 22) + episodes["decom"]
    row = np.searchsorted(keys, missing["child"] * (1 << 22) + missing["start"], side="right") - 1
    ok = (row >= 0) & (missing["end"] < episodes["dec"][np.maximum(row, 0)])
    return {k: v[ok] for k, v in missing.items()}


def _concat(parts: list[Table]) -> Table:
    parts = [p for p in parts if p]
    return {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}


def _care_leavers(periods: Table, people: People) -> Table:
    """Young people whose last period of care ended at 16 or over after 13+ weeks in care from 14
    (relevant / former relevant children), not adopted or under a special guardianship order."""
    regular = periods["ls"] != "V3"
    child, start, end, rec = (periods[k][regular] for k in ("child", "start", "end", "rec"))
    last = np.ones(len(child), dtype=bool)
    last[:-1] = child[1:] != child[:-1]
    dob = people.dob[child]
    from14 = np.maximum(start, birthday(dob, 14))
    qualifies = last & (end >= birthday(dob, 16)) & (end - from14 >= 91)
    qualifies &= ~np.isin(rec, ["E11", "E12", "E45", "E46", "E47", "E48", "E2", "E3"])
    return {"child": child[qualifies], "left": end[qualifies], "until": birthday(dob[qualifies], 21),
            "rec": rec[qualifies]}


def _segments(episodes: Table, periods: Table, leavers: Table) -> Table:
    """Case-holding stages: assessment, then CIN/CP, then care, then leaving care."""
    ref, close = episodes["referral"], episodes["close"] + 1
    care_start = episodes["care_start"]
    candidates = [episodes["a_auth"], episodes["s47_start"], care_start, close]
    assess_end = np.min(np.where(np.array(candidates) == NA, np.iinfo(np.int64).max, np.array(candidates)), axis=0)
    assess_end = np.maximum(assess_end, ref + 1)
    work = (episodes["plan1_start"] != NA) | (episodes["cp_start"] != NA) | (episodes["s47_start"] != NA)
    safe_end = np.where(care_start != NA, care_start, close)
    after_care = (episodes["care_end"] != NA) & (close > episodes["care_end"] + 1)
    regular = periods["ls"] != "V3"
    parts = [
        (episodes["child"], ref, assess_end, workforce.ASSESS, np.ones(len(ref), dtype=bool)),
        (episodes["child"], assess_end, safe_end, workforce.SAFEGUARD, work & (safe_end > assess_end)),
        (episodes["child"], episodes["care_end"], close, workforce.SAFEGUARD, after_care),
        (periods["child"], periods["start"], periods["end"], workforce.IN_CARE, regular),
        (leavers["child"], leavers["left"], leavers["until"], workforce.LEAVERS, np.ones(len(leavers["child"]), dtype=bool)),
    ]
    child = np.concatenate([p[0][p[4]] for p in parts])
    start = np.concatenate([p[1][p[4]] for p in parts])
    end = np.concatenate([p[2][p[4]] for p in parts])
    kind = np.concatenate([np.full(int(p[4].sum()), p[3], dtype=np.int64) for p in parts])
    ok = end > start
    return {"child": child[ok], "start": start[ok], "end": end[ok], "kind": kind[ok]}


def chunk_bounds(pool: int) -> list[tuple[int, int]]:
    return [(lo, min(CHUNK, pool - lo)) for lo in range(0, pool, CHUNK)]

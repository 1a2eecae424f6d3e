"""SSDA903 episodes, reviews and missing episodes from periods of care.

Episodes: the period's start (RNE S) plus one row per legal status change or placement move,
ordered by day; each row inherits what did not change from the row before. A move to the same
carers (short-term to long-term fostering, or placed for adoption with the foster carers) is T,
a status change only L, both together B (or U with the same carers). The row before a move
carries the reason for the placement change. Rows chain with REC = X1; the last row carries the
period's reason episode ceased.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from . import care, codes
from .days import Calendar, Days, birthday, day

Ints = npt.NDArray[np.int64]
Table = dict[str, npt.NDArray[Any]]
SAME_CARER = {"U6": "U4", "U3": "U1"}
P2_ENDS = day(date(2023, 10, 28))


def _fill_forward(values: npt.NDArray[Any], has: npt.NDArray[np.bool_]) -> npt.NDArray[Any]:
    """Each row takes the value of the latest row (itself included) where ``has`` is true."""
    index = np.where(has, np.arange(len(has)), 0)
    np.maximum.accumulate(index, out=index)
    return values[index]


def _placement_draw(rng: np.random.Generator, age: npt.NDArray[np.float64]) -> npt.NDArray[np.object_]:
    out = np.full(len(age), "U4", dtype=object)
    lower = -1.0
    for upper, weights in care.PLACEMENTS:
        band = np.flatnonzero((age >= lower) & (age < upper))
        chooser = codes.CodeSet(weights)
        out[band] = chooser.codes[chooser.draw(rng, len(band))]
        lower = upper
    return out


def build_episodes(
    rng: np.random.Generator, periods: Table, dob: Days, home: Ints, postcodes: int, neighbours: int
) -> Table:
    """Episode rows (sorted by child, start) for every period of care. ``home``: postcode index."""
    n = len(periods["start"])
    l_row, l_day, l_status = care.legal_changes(rng, periods)
    p_row, p_day, p_same = care.placement_moves(rng, periods)
    row = np.concatenate([np.arange(n), l_row, p_row])
    day = np.concatenate([periods["start"], l_day, p_day])
    status = np.concatenate([periods["ls"], l_status, np.full(len(p_row), "", dtype=object)])
    moves = np.concatenate([np.ones(n, dtype=bool), np.zeros(len(l_row), dtype=bool), np.ones(len(p_row), dtype=bool)])
    same = np.concatenate([np.zeros(n + len(l_row), dtype=bool), p_same])
    adoption = np.concatenate([np.zeros(n + len(l_row), dtype=bool), periods["route"][p_row] == care.ADOPT])
    adoption &= np.concatenate([np.zeros(n + len(l_row), dtype=bool), _last_of(p_row, p_day)])
    first = np.concatenate([np.ones(n, dtype=bool), np.zeros(len(l_row) + len(p_row), dtype=bool)])
    order = np.lexsort((~first, day, row))
    row, day, status, moves, same, adoption, first = (
        a[order] for a in (row, day, status, moves, same, adoption, first)
    )
    # Changes on the same day become one row (B or U).
    new_group = np.ones(len(row), dtype=bool)
    new_group[1:] = (row[1:] != row[:-1]) | (day[1:] != day[:-1])
    heads = np.flatnonzero(new_group)
    with_status = np.maximum.reduceat(np.where(status != "", np.arange(len(row)), -1), heads)
    status = np.where(with_status >= 0, status[np.maximum(with_status, 0)], "").astype(object)
    moves = np.logical_or.reduceat(moves, heads)
    same = np.logical_or.reduceat(same, heads)
    adoption = np.logical_or.reduceat(adoption, heads)
    first = np.logical_or.reduceat(first, heads)
    row, day = row[heads], day[heads]
    legal = status != ""
    ls = _fill_forward(status, legal | first)
    child = periods["child"][row]
    age = (day - dob[child]) / 365.25
    place = _placement_draw(rng, age)
    route = periods["route"][row]
    foster = np.array(care.FOSTER, dtype=object)
    place = np.where(route == care.ADOPT, foster[rng.integers(0, 4, len(row))], place)
    place = np.where((place == "P1") & ~np.isin(ls, ["C1", "C2"]), "U4", place)
    place = np.where((place == "K2") & (age < 8), "U4", place)
    place = np.where(ls == "J1", "K2", place)
    place = np.where(periods["uasc"][row], np.where(age >= 16, "H5", "U4"), place)
    place = np.where(ls == "V3", "U6", place)
    # independent living (P2) ended on 28 October 2023: supported accommodation (H5) since
    place = np.where((place == "P2") & (day >= P2_ENDS), "H5", place)
    place = np.where(adoption, np.where(same, "A5", "A6"), place)
    # Moves to the same carers: only from short-term to long-term fostering (or A5, above).
    before = _fill_forward(place, moves)
    before = np.concatenate([[place[0]], before[:-1]]) if len(place) else before
    same_ok = moves & ~first & same & (np.isin(before, list(SAME_CARER)) | adoption)
    mapped = np.array([SAME_CARER.get(str(p), str(p)) for p in before], dtype=object)
    place = np.where(same_ok & ~adoption, mapped, place)
    place = _fill_forward(place, moves)
    same_ok &= ~((place == "A5") & ~adoption)
    provider, postcode, urn = _carers(rng, place, home[child], postcodes, neighbours)
    carer_row = moves & ~same_ok
    provider = _fill_forward(np.where(same_ok, "", provider), carer_row)
    postcode = _fill_forward(postcode, carer_row)
    urn = _fill_forward(urn, carer_row)
    provider = np.where(place == "P1", "PR0", provider)
    rne = np.select([first, moves & legal, moves, legal], ["S", "B", "P", "L"], "P").astype(object)
    rne = np.where(same_ok, np.where(legal, "U", "T"), rne)
    rne = np.where(first, "S", rne)
    last = np.ones(len(row), dtype=bool)
    last[:-1] = row[1:] != row[:-1]
    dec = np.where(last, periods["end"][row], np.roll(day, -1))
    rec = np.where(last, periods["rec"][row], "X1").astype(object)
    # a special guardianship order to former foster carers needs the child to be with them (rule 516)
    not_foster = last & (rec == "E45") & ~np.isin(place, list(care.FOSTER) + ["U2", "U5"])
    rec = np.where(not_foster, "E46", rec)
    periods["rec"][row[not_foster]] = "E46"
    next_move = np.zeros(len(row), dtype=bool)
    next_move[:-1] = ~last[:-1] & (np.isin(rne[1:], ["P", "B", "T", "U"]))
    reason = np.where(next_move, codes.REASON_PLACE_CHANGE.codes[codes.REASON_PLACE_CHANGE.draw(rng, len(row))], "")
    short = ls == "V3"
    return {
        "child": child, "period": row, "decom": day, "rne": rne, "ls": ls, "cin": periods["need"][row],
        "place": place, "provider": provider, "dec": dec, "rec": rec, "reason_change": reason.astype(object),
        "home_postcode": np.where(short | periods["uasc"][row], -1, home[child]),
        "placement_postcode": np.where(short, -1, postcode), "urn": np.where(short, "", urn).astype(object),
    }


def _last_of(rows: Ints, days: Days) -> npt.NDArray[np.bool_]:
    """True for the latest day of each row value (the adoption placement is the period's last move)."""
    if len(rows) == 0:
        return np.zeros(0, dtype=bool)
    order = np.lexsort((days, rows))
    last = np.zeros(len(rows), dtype=bool)
    ordered_rows = rows[order]
    is_last = np.ones(len(rows), dtype=bool)
    is_last[:-1] = ordered_rows[1:] != ordered_rows[:-1]
    last[order] = is_last
    return last


def _carers(
    rng: np.random.Generator, place: npt.NDArray[np.object_], home: Ints, postcodes: int, neighbours: int
) -> tuple[npt.NDArray[np.object_], Ints, npt.NDArray[np.object_]]:
    """Provider, placement postcode (index: own area first, then neighbours) and Ofsted URN."""
    n = len(place)
    in_area = rng.random(n) < np.array([care.IN_AREA.get(str(p), 0.62) for p in place])
    own = rng.integers(0, postcodes, n)
    own = np.where(own == home, (own + 1) % postcodes, own)
    postcode = np.where(in_area, own, postcodes + rng.integers(0, neighbours, n))
    postcode = np.where(place == "P1", np.where(home >= 0, home, own), postcode)
    in_area = in_area | (place == "P1")
    u = rng.random(n)
    provider = np.where(in_area, np.where(u < 0.6, "PR1", "PR4"), np.where(u < 0.8, "PR4", np.where(u < 0.9, "PR2", "PR5")))
    provider = np.where(np.isin(place, ["U1", "U3"]), np.where(in_area, "PR1", np.where(u < 0.7, "PR4", "PR2")), provider)
    provider = np.where(place == "K2", np.where(in_area & (u < 0.25), "PR1", np.where(u < 0.9, "PR4", "PR5")), provider)
    provider = np.where(place == "H5", np.where(in_area & (u < 0.3), "PR1", "PR4"), provider)
    provider = np.where(place == "P2", np.where(in_area, "PR1", "PR4"), provider)
    provider = np.where(np.isin(place, ["A5", "A6"]), np.where(in_area, "PR1", np.where(u < 0.6, "PR2", "PR5")), provider)
    provider = np.where(np.isin(place, ["R1", "S1"]), np.where(u < 0.7, "PR4", "PR5"), provider)
    provider = np.where(place == "P1", "PR0", provider)
    registered = np.isin(place, ["K2", "U1", "U3", "U4", "U6", "A5", "A6", "S1"])
    number = 100000 + (postcode * 7919 + np.searchsorted(np.array(["A", "K", "S", "U"]), place.astype(str)) * 104729) % 900000
    urn = np.where(registered, np.char.add("SC", number.astype(str)), "").astype(object)
    return provider.astype(object), postcode.astype(np.int64), urn


def reviews(rng: np.random.Generator, cal: Calendar, periods: Table, dob: Days) -> Table:
    """Looked-after reviews: first within 20 working days, second within 3 months, then 6-monthly."""
    idx = np.flatnonzero(periods["ls"] != "V3")
    start, end = periods["start"][idx], periods["end"][idx]
    k = 40
    m = len(idx)
    late = rng.random((m, k)) < 0.08
    first = cal.add_working(start, np.where(late[:, 0], rng.integers(21, 35, m), rng.integers(8, 20, m)))
    second = np.where(late[:, 1], rng.integers(92, 120, m), rng.integers(60, 91, m))
    later = np.where(late[:, 2:], rng.integers(183, 215, (m, k - 2)), rng.integers(140, 182, (m, k - 2)))
    days = first[:, None] + np.cumsum(np.column_stack([np.zeros(m, dtype=np.int64), second, later]), axis=1)
    days = cal.add_working(days.ravel(), 0).reshape(m, k)
    ok = days < end[:, None]
    rows = np.nonzero(ok)
    child = periods["child"][idx][rows[0]]
    day = days[ok]
    under4 = day < birthday(dob[child], 4)
    code = np.where(under4, "PN0", codes.REVIEW_PARTICIPATION.codes[codes.REVIEW_PARTICIPATION.draw(rng, len(day))])
    order = np.lexsort((day, child))
    return {"child": child[order], "day": day[order], "code": code[order].astype(object)}


def missing(rng: np.random.Generator, periods: Table, dob: Days) -> Table:
    """Missing (M) or away without authorisation (A) episodes, mostly teenagers in a few periods."""
    regular = periods["ls"] != "V3"
    from_day = np.maximum(periods["start"], birthday(dob[periods["child"]], 11))
    years = np.where(regular, np.maximum(periods["end"] - 2 - from_day, 0) / 365.25, 0.0)
    prone = rng.random(len(years)) < 0.2
    rate = np.where(prone, rng.gamma(1.0, 3.0, len(years)), 0.05)
    count = rng.poisson(rate * years)
    row = np.repeat(np.arange(len(years)), count)
    span = periods["end"][row] - 2 - from_day[row]
    start = from_day[row] + (rng.random(len(row)) * span).astype(np.int64)
    length = np.select([rng.random(len(row)) < 0.4, rng.random(len(row)) < 0.6], [0, 1], rng.integers(2, 7, len(row)))
    end = np.minimum(start + length, periods["end"][row] - 1)
    order = np.lexsort((start, row))
    row, start, end = row[order], start[order], end[order]
    for _ in range(6):  # drop episodes that start before the previous one ended
        clash = np.zeros(len(row), dtype=bool)
        clash[1:] = (row[1:] == row[:-1]) & (start[1:] <= end[:-1])
        if not clash.any():
            break
        row, start, end = row[~clash], start[~clash], end[~clash]
    kind = codes.MISSING_TYPE.codes[codes.MISSING_TYPE.draw(rng, len(row))]
    return {"child": periods["child"][row], "start": start, "end": end, "kind": kind.astype(object)}


def placements_in(episodes: Table, child: Ints, year_start: int, year_end: int) -> Ints:
    """Placements each child (``child`` sorted, unique) had in the year: the one running on its
    first day plus every new placement (RNE S, P or B) starting in it."""
    regular = episodes["ls"] != "V3"
    starts = regular & np.isin(episodes["rne"], ["S", "P", "B"])
    starts &= (episodes["decom"] >= year_start) & (episodes["decom"] <= year_end)
    running = regular & (episodes["decom"] < year_start) & (episodes["dec"] >= year_start)
    counted = starts | running
    who = episodes["child"][counted]
    pos = np.minimum(np.searchsorted(child, who), max(len(child) - 1, 0))
    mine = (child[pos] == who) if len(child) else np.zeros(len(who), dtype=bool)
    return np.bincount(pos[mine], minlength=len(child)).astype(np.int64)

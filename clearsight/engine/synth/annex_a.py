"""Ofsted Annex A workbook for one collection year: lists 1-11 with council-style headers.

Lists 1-5 (contacts, early help, referrals, assessments, s47 enquiries) cover the whole year;
lists 6-9 (children in need, on a CP plan, in care, care leavers) are a snapshot at 31 March;
lists 10-11 are adoption. Each row carries the allocated team and worker on the event (or
snapshot) date, which is what makes team and worker drill-down possible. Dates are real date
cells shown dd/mm/yyyy (see xlsx.py: fixed timestamps, so the same seed gives the same bytes).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from . import care, codes, workforce
from .care_episodes import placements_in
from .chunk import ChunkData
from .days import NA, age_on, birthday
from .output import Context, Year, in_year
from .xlsx import XlsxWriter

Table = dict[str, npt.NDArray[Any]]
PERSON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)", "Disability"]
WORKER = ["Allocated Team", "Allocated Worker"]
LISTS: dict[str, list[str]] = {
    "List 1": PERSON + ["Date of Contact", "Contact Source", "Contact Outcome"],
    "List 2": PERSON + ["Early Help Start Date", "Early Help End Date", "Allocated Team"],
    "List 3": PERSON + ["Date of Referral", "Referral Source", "Referral NFA?",
                        "Number of Referrals in Last 12 Months"] + WORKER,
    "List 4": PERSON + ["Assessment Start Date", "Assessment Authorised Date", "Assessment Outcome"] + WORKER,
    "List 5": PERSON + ["Section 47 Enquiry Start Date", "ICPC Target Date", "Date of Initial Child Protection Conference",
                        "ICPC Outcome"] + WORKER,
    "List 6": PERSON + ["CIN Start Date", "Primary Need", "CIN Plan Start Date", "Date of Last Statutory Visit"] + WORKER,
    "List 7": PERSON + ["Child Protection Plan Start Date", "Initial Category of Abuse", "Latest Category of Abuse",
                        "Date of Last Statutory Visit", "Date of Last Review Conference",
                        "Number of Previous Child Protection Plans"] + WORKER,
    "List 8": PERSON + ["UASC", "Date Started to be Looked After", "Child's Legal Status", "Category of Need",
                        "Number of Placements in the Last 12 Months", "Placement Start Date", "Placement Type",
                        "Placement Provider", "Placement Postcode", "Date of Last Review",
                        "Date of Last Statutory Visit", "Date of Last Health Assessment",
                        "Date of Last Dental Check"] + WORKER,
    "List 9": PERSON + ["Date Ceased to be Looked After", "In Touch", "Activity", "Accommodation",
                        "Allocated Team", "Allocated Personal Adviser"],
    "List 10": PERSON + ["Date Started to be Looked After", "Date of Decision Child Should be Placed for Adoption",
                         "Date Placed for Adoption", "Date Ceased to be Looked After", "Reason Ceased"],
    "List 11": ["Adopter Household ID", "Number of Adopters", "Date of Approval", "Date Matched", "Child Unique ID"],
}


class AnnexA:
    """One year's workbook, each list written in pieces as chunks come."""

    def __init__(self, path: Path, year: Year) -> None:
        self.path = path
        self.rows = 0
        self.year = year
        self._book = XlsxWriter(path, LISTS, created=f"{year.year}-03-31T00:00:00Z")
        self._index = {name: i for i, name in enumerate(LISTS)}

    def append(self, name: str, columns: list[npt.NDArray[Any]], date_columns: set[int]) -> None:
        if len(columns[0]):
            self._book.append(self._index[name], columns, date_columns)
            self.rows += len(columns[0])

    def close(self) -> None:
        self._book.close()


def write_year(book: AnnexA, data: ChunkData, ctx: Context, year: Year, ids: npt.NDArray[np.object_],
               rng: np.random.Generator, wf: workforce.Workforce, oc3: Table) -> None:
    people = data.people
    al = data.allocations

    def person(child: npt.NDArray[np.int64], when: npt.NDArray[np.int64] | int) -> list[npt.NDArray[Any]]:
        dis = people.disability[child]
        return [ids[child], np.where(people.female[child], "Female", "Male"),
                codes.ETHNICITY.codes[people.ethnicity[child]], people.dob[child],
                age_on(people.dob[child], when), np.where(dis >= 0, "Yes", "No")]

    def worker(child: npt.NDArray[np.int64], when: npt.NDArray[np.int64]) -> list[npt.NDArray[Any]]:
        row = workforce.allocation_on(al, child, when)
        safe = np.maximum(row, 0)
        team = np.where(row >= 0, wf.team_name[al["team"][safe]], "")
        name = np.where(row >= 0, wf.worker_name[al["worker"][safe]], "")
        return [team, name]

    def add(name: str, child: npt.NDArray[np.int64], when: npt.NDArray[np.int64] | int,
            extra: list[npt.NDArray[Any]], dates: set[int], with_worker: Callable[..., Any] | None = worker) -> None:
        cols = person(child, when) + extra
        if with_worker is not None:
            cols += with_worker(child, np.broadcast_to(np.asarray(when, dtype=np.int64), child.shape))
        book.append(name, cols, {3} | {6 + d for d in dates})

    ct = data.need.contacts
    pick = (ct["day"] >= year.start) & (ct["day"] <= year.end)
    add("List 1", ct["child"][pick], ct["day"][pick], [ct["day"][pick], ct["source"][pick], ct["outcome"][pick]], {0}, None)
    eh = data.need.early_help
    pick = (eh["start"] >= year.start) & (eh["start"] <= year.end)
    eh_child = eh["child"][pick]
    add("List 2", eh_child, eh["start"][pick], [eh["start"][pick], np.where(eh["end"][pick] > year.end, NA, eh["end"][pick]),
        np.full(len(eh_child), "Early Help Team")], {0, 1}, None)
    ep = data.need.episodes
    pick = (ep["referral"] >= year.start) & (ep["referral"] <= year.end)
    rows = np.flatnonzero(pick)
    add("List 3", ep["child"][rows], ep["referral"][rows], [
        ep["referral"][rows], codes.REFERRAL_SOURCE.codes[ep["source"][rows]], np.where(ep["nfa"][rows], "Yes", "No"),
        _previous_referrals(ep, rows)], {0})
    rows = np.flatnonzero((ep["a_start"] != NA) & in_year(ep["a_start"], np.where(ep["a_auth"] == NA, year.end, ep["a_auth"]), year))
    auth = np.where(ep["a_auth"][rows] > year.end, NA, ep["a_auth"][rows])
    outcome = np.select([ep["reason"][rows] == "RC8", ep["reason"][rows] == "RC9", ep["s47_start"][rows] != NA],
                        ["No further action", "Early help", "Strategy discussion / s47"], "Child in need")
    add("List 4", ep["child"][rows], ep["a_start"][rows], [ep["a_start"][rows], auth, np.where(auth == NA, "", outcome)], {0, 1})
    rows = np.flatnonzero((ep["s47_start"] >= year.start) & (ep["s47_start"] <= year.end))
    icpc = np.where(ep["icpc_date"][rows] > year.end, NA, ep["icpc_date"][rows])
    icpc_outcome = np.select([ep["icpc_not_required"][rows], icpc == NA, ep["cp_start"][rows] != NA],
                             ["ICPC not required", "", "Child protection plan"], "No plan")
    add("List 5", ep["child"][rows], ep["s47_start"][rows], [ep["s47_start"][rows], ep["icpc_target"][rows], icpc, icpc_outcome],
        {0, 1, 2})
    _snapshot_lists(add, data, ctx, year, rng)
    _leavers_and_adoption(book, add, data, year, rng, oc3, ids)


def _previous_referrals(ep: Table, rows: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    keys = ep["child"] * (1 << 22) + ep["referral"]
    lo = np.searchsorted(keys, keys[rows] - 365, side="left")
    return (rows - lo).astype(np.int64)


def _visit(rng: np.random.Generator, snapshot: int, since: npt.NDArray[np.int64], on_time: float,
           interval: int) -> npt.NDArray[np.int64]:
    n = len(since)
    gap = np.where(rng.random(n) < on_time, rng.integers(0, interval + 1, n), rng.integers(interval + 1, 3 * interval, n))
    last: npt.NDArray[np.int64] = np.maximum(snapshot - gap, since)
    return last


def _snapshot_lists(add: Callable[..., None], data: ChunkData, ctx: Context, year: Year, rng: np.random.Generator) -> None:
    ep, snap = data.need.episodes, year.end
    open_ = (ep["referral"] <= snap) & (ep["close"] > snap)
    on_cp = open_ & (ep["cp_start"] != NA) & (ep["cp_start"] <= snap) & (ep["cp_end"] > snap)
    in_care = open_ & (ep["care_start"] != NA) & (ep["care_start"] <= snap) & (ep["care_end"] > snap)
    cin = np.flatnonzero(open_ & ~on_cp & ~in_care)
    plan = np.where((ep["plan2_start"] != NA) & (ep["plan2_start"] <= snap), ep["plan2_start"], ep["plan1_start"])
    plan = np.where(plan > snap, NA, plan)
    add("List 6", ep["child"][cin], snap, [ep["referral"][cin], codes.PRIMARY_NEED.codes[ep["need"][cin]], plan[cin],
        _visit(rng, snap, ep["referral"][cin], 0.82, 28)], {0, 2, 3})
    cp = np.flatnonzero(on_cp)
    rv = data.need.cp_reviews
    keys = rv["child"] * (1 << 22) + rv["cp_start"]
    order = np.lexsort((rv["day"], keys))
    review = _last_before(rv["child"][order], rv["cp_start"][order], rv["day"][order], ep["child"][cp], ep["cp_start"][cp], snap)
    add("List 7", ep["child"][cp], snap, [ep["cp_start"][cp], codes.ABUSE_CATEGORY.codes[ep["cp_category"][cp]],
        codes.ABUSE_CATEGORY.codes[ep["cp_category_latest"][cp]], _visit(rng, snap, ep["cp_start"][cp], 0.85, 14),
        review, ep["previous_cp"][cp]], {0, 3, 4})
    _children_in_care(add, data, ctx, year, rng)


def _last_before(r_child: npt.NDArray[np.int64], r_start: npt.NDArray[np.int64], r_day: npt.NDArray[np.int64],
                 child: npt.NDArray[np.int64], start: npt.NDArray[np.int64], snap: int) -> npt.NDArray[np.int64]:
    """The latest review on or before ``snap`` of each (child, plan start); NA if none yet."""
    keys = (r_child * (1 << 22) + r_start) * (1 << 22) + r_day
    want = (child * (1 << 22) + start) * (1 << 22) + snap
    pos = np.searchsorted(keys, want, side="right") - 1
    safe = np.maximum(pos, 0)
    ok = (pos >= 0) & (r_child[safe] == child) & (r_start[safe] == start) if len(keys) else np.zeros(len(child), bool)
    return np.where(ok, r_day[safe] if len(keys) else NA, NA)


def _children_in_care(add: Callable[..., None], data: ChunkData, ctx: Context, year: Year, rng: np.random.Generator) -> None:
    e, snap = data.episodes, year.end
    current = np.flatnonzero((e["ls"] != "V3") & (e["decom"] <= snap) & (e["dec"] > snap))
    child = e["child"][current]
    period_start = data.periods["start"][e["period"][current]]
    placed = np.isin(e["rne"], ["S", "P", "B", "T", "U"])
    last_move = np.where(placed, e["decom"], NA)
    idx = np.maximum.accumulate(np.where(placed, np.arange(len(placed)), 0))
    place_start = last_move[idx[current]]
    counts = placements_in(e, child, snap - 364, snap)
    rv = data.reviews
    pos = np.searchsorted(rv["child"] * (1 << 22) + rv["day"], child * (1 << 22) + snap, side="right") - 1
    safe = np.maximum(pos, 0)
    last_review = np.where((pos >= 0) & (rv["child"][safe] == child) & (rv["day"][safe] >= period_start), rv["day"][safe], NA)
    n = len(child)
    health = np.maximum(snap - np.where(rng.random(n) < 0.88, rng.integers(0, 365, n), rng.integers(366, 500, n)), period_start)
    dental = np.maximum(snap - np.where(rng.random(n) < 0.85, rng.integers(0, 365, n), rng.integers(366, 500, n)), period_start)
    uasc = np.where(data.people.uasc_arrival[child] != NA, "Yes", "No")
    add("List 8", child, snap, [uasc, period_start, e["ls"][current], e["cin"][current], counts, place_start,
        e["place"][current], e["provider"][current], ctx.postcode(e["placement_postcode"][current]), last_review,
        _visit(rng, snap, place_start, 0.9, 42), health, dental], {1, 5, 9, 10, 11, 12})


def _leavers_and_adoption(book: AnnexA, add: Callable[..., None], data: ChunkData, year: Year, rng: np.random.Generator,
                          oc3: Table, ids: npt.NDArray[np.object_]) -> None:
    lv, snap, dob = data.leavers, year.end, data.people.dob
    age_ok = (birthday(dob[lv["child"]], 17) <= snap) & (birthday(dob[lv["child"]], 22) > snap) & (lv["left"] <= snap)
    child = lv["child"][age_ok]
    where = np.searchsorted(oc3["child"], child)
    where = np.minimum(where, max(len(oc3["child"]) - 1, 0))
    known = (oc3["child"][where] == child) if len(oc3["child"]) else np.zeros(len(child), dtype=bool)

    def pick(col: str) -> npt.NDArray[Any]:
        return np.where(known, oc3[col][where], "") if len(oc3["child"]) else np.full(len(child), "")

    add("List 9", child, snap, [lv["left"][age_ok], pick("in_touch"), pick("activity"), pick("accommodation")], {0})
    p = data.periods
    rows = np.flatnonzero((p["route"] == care.ADOPT) & in_year(p["start"], p["end"], year))
    start, end = p["start"][rows], p["end"][rows]
    decision = start + ((end - start) * 0.3).astype(np.int64)
    placed = end - 150
    ended = end <= snap
    add("List 10", p["child"][rows], snap, [start, np.where(decision <= snap, decision, NA), np.where(placed <= snap, placed, NA),
        np.where(ended, end, NA), np.where(ended, p["rec"][rows], "")], {0, 1, 2, 3}, None)
    adopted = rows[ended & np.isin(p["rec"][rows], ["E11", "E12"]) & (end >= year.start)]
    n = len(adopted)
    matched = p["end"][adopted] - 200
    household = np.char.add("ADP", data.people.number[p["child"][adopted]].astype(str)).astype(object)
    book.append("List 11", [household, np.where(rng.random(n) < 0.85, 2, 1), matched - rng.integers(60, 300, n), matched,
                            ids[p["child"][adopted]]], {2, 3})

"""Teams, posts and the social workers who hold them, and which worker holds each child's case.

Teams are sized from the expected number of open cases so that caseloads come out at about
15-20 children per case-holding worker. Every post has a run of holders over time (agency staff
stay shorter, so about a fifth of posts are filled by agency workers at any one time); a case is
given to a post in the team for its stage (assessment, child in need / protection, children in
care, care leavers) and follows that post's holders, so a child's worker changes when a worker
leaves or the case moves to another team.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]
Table = dict[str, npt.NDArray[Any]]

ASSESS, SAFEGUARD, IN_CARE, LEAVERS = 0, 1, 2, 3
# Open cases per child in the population, and children per case-holding worker, by stage.
OPEN_CASES = {ASSESS: 0.0049, SAFEGUARD: 0.0148, IN_CARE: 0.0068, LEAVERS: 0.0032}
CASELOAD = {ASSESS: 17.0, SAFEGUARD: 17.0, IN_CARE: 15.0, LEAVERS: 20.0}
TEAM_SIZE = 11  # case-holding posts per team
TEAM_NAMES = {
    ASSESS: "Assessment Team {area}",
    SAFEGUARD: "Child Protection Team {number}",
    IN_CARE: "Children in Care Team{suffix}",
    LEAVERS: "Care Leavers Team{suffix}",
}
AREAS = ("North", "South", "East", "West", "Central")
FIRST = ("Sarah", "James", "Emma", "Mohammed", "Claire", "David", "Aisha", "Paul", "Rachel", "Daniel",
         "Helen", "Priya", "Mark", "Joanne", "Tom", "Leanne", "Chris", "Nadia", "Gemma", "Andrew",
         "Louise", "Kwame", "Natalie", "Steven", "Zoe", "Ian", "Hannah", "Gary", "Amy", "Olu")
LAST = ("Jones", "Smith", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Roberts",
        "Johnson", "Lewis", "Walker", "Robinson", "Wood", "Thompson", "White", "Watson", "Jackson", "Wright",
        "Green", "Harris", "Cooper", "King", "Lee", "Martin", "Clarke", "James", "Morgan", "Hughes",
        "Khan", "Patel", "Edwards", "Hall", "Hill", "Scott", "Ahmed", "Ward", "Murphy", "Kelly")
BIG = np.int64(1 << 22)
SHIFT = np.int64(1 << 20)  # days are shifted to stay positive inside keys


@dataclass
class Workforce:
    team_name: npt.NDArray[np.object_]
    team_kind: Ints
    post_team: Ints
    post_role: npt.NDArray[np.object_]
    post_case_holding: npt.NDArray[np.bool_]
    post_fte: npt.NDArray[np.float64]
    holder_post: Ints  # sorted by post, then start
    holder_from: Ints
    holder_worker: Ints
    holder_agency: npt.NDArray[np.bool_]
    worker_name: npt.NDArray[np.object_]

    def teams_of(self, kind: int) -> Ints:
        return np.flatnonzero(self.team_kind == kind)


def build(rng: np.random.Generator, children: int, first_day: int, last_day: int) -> Workforce:
    names: list[str] = []
    kinds: list[int] = []
    for kind in (ASSESS, SAFEGUARD, IN_CARE, LEAVERS):
        workers = children * OPEN_CASES[kind] / CASELOAD[kind]
        count = max(1, int(round(workers / TEAM_SIZE)))
        for k in range(count):
            area = AREAS[k % len(AREAS)] + ("" if k < len(AREAS) else f" {k // len(AREAS) + 1}")
            suffix = "" if count == 1 else f" {k + 1}"
            names.append(TEAM_NAMES[kind].format(area=area, number=k + 1, suffix=suffix))
            kinds.append(kind)
    team_kind = np.array(kinds, dtype=np.int64)
    post_team: list[int] = []
    roles: list[str] = []
    for team, kind in enumerate(kinds):
        worker_role = "Personal Adviser" if kind == LEAVERS else "Social Worker"
        size = max(3, int(round(children * OPEN_CASES[kind] / CASELOAD[kind] / np.sum(team_kind == kind))))
        team_roles = ["Team Manager", "Senior Practitioner"] + [worker_role] * (size - 1)
        post_team += [team] * len(team_roles)
        roles += team_roles
    post_role = np.array(roles, dtype=object)
    n_posts = len(post_role)
    fte = np.where(rng.random(n_posts) < 0.15, rng.choice([0.5, 0.6, 0.8], n_posts), 1.0)
    holder_post, holder_from, holder_agency = _holders(rng, n_posts, first_day, last_day)
    worker_name = _names(rng, len(holder_post))
    return Workforce(
        team_name=np.array(names, dtype=object), team_kind=team_kind,
        post_team=np.array(post_team, dtype=np.int64), post_role=post_role,
        post_case_holding=post_role != "Team Manager", post_fte=fte,
        holder_post=holder_post, holder_from=holder_from,
        holder_worker=np.arange(len(holder_post), dtype=np.int64), holder_agency=holder_agency,
        worker_name=worker_name,
    )


def _holders(rng: np.random.Generator, posts: int, first_day: int, last_day: int) -> tuple[Ints, Ints, npt.NDArray[np.bool_]]:
    k = 64
    agency = rng.random((posts, k)) < 0.66
    tenure = np.where(agency, rng.exponential(0.8 * 365, (posts, k)), rng.exponential(4.0 * 365, (posts, k)))
    tenure = np.maximum(tenure, 30).astype(np.int64)
    begin = first_day - 3 * 365
    starts = begin - rng.integers(0, 4 * 365, posts)[:, None] + np.cumsum(tenure, axis=1) - tenure
    ok = starts <= last_day + 400
    ok[:, 0] = True
    rows = np.nonzero(ok)
    starts[:, 0] = np.iinfo(np.int32).min  # the first holder covers all earlier time
    return rows[0].astype(np.int64), starts[ok].astype(np.int64), agency[ok]


def _names(rng: np.random.Generator, count: int) -> npt.NDArray[np.object_]:
    combos = len(FIRST) * len(LAST)
    order = rng.permutation(combos)
    names = []
    for i in range(count):
        pick = int(order[i % combos])
        name = f"{FIRST[pick % len(FIRST)]} {LAST[pick // len(FIRST)]}"
        names.append(name if i < combos else f"{name} {i // combos + 1}")
    return np.array(names, dtype=object)


def allocate(rng: np.random.Generator, wf: Workforce, segments: Table, area: Ints) -> Table:
    """Give each case segment (child, start, end, kind) a team and post; split it where the
    post's holder changes. ``area`` per segment picks the team (stable for a child)."""
    kind = segments["kind"]
    team = np.zeros(len(kind), dtype=np.int64)
    post = np.zeros(len(kind), dtype=np.int64)
    for k in (ASSESS, SAFEGUARD, IN_CARE, LEAVERS):
        rows = np.flatnonzero(kind == k)
        teams = wf.teams_of(k)
        team[rows] = teams[area[rows] % len(teams)]
    holding = np.flatnonzero(wf.post_case_holding)
    for t in np.unique(team):
        rows = np.flatnonzero(team == t)
        choices = holding[wf.post_team[holding] == t]
        post[rows] = choices[rng.integers(0, len(choices), len(rows))]
    start, end = segments["start"], segments["end"]
    keys = wf.holder_post * BIG + np.maximum(wf.holder_from, -SHIFT + 1) + SHIFT
    h0 = np.searchsorted(keys, post * BIG + start + SHIFT, side="right") - 1
    h1 = np.searchsorted(keys, post * BIG + end - 1 + SHIFT, side="right") - 1
    pieces = h1 - h0 + 1
    seg = np.repeat(np.arange(len(start)), pieces)
    offset = np.arange(len(seg)) - np.repeat(np.cumsum(pieces) - pieces, pieces)
    holder = h0[seg] + offset
    piece_start = np.maximum(start[seg], wf.holder_from[holder])
    next_from = np.where(holder + 1 < len(keys), wf.holder_from[np.minimum(holder + 1, len(keys) - 1)], end[seg])
    piece_end = np.where(holder < h1[seg], next_from, end[seg])
    return {"child": segments["child"][seg], "start": piece_start, "end": piece_end, "kind": kind[seg],
            "team": team[seg], "post": post[seg], "worker": wf.holder_worker[holder]}


def holder_on(wf: Workforce, post: Ints, day: Ints) -> Ints:
    keys = wf.holder_post * BIG + np.maximum(wf.holder_from, -SHIFT + 1) + SHIFT
    return np.searchsorted(keys, post * BIG + day + SHIFT, side="right") - 1


def caseloads(wf: Workforce, allocations: Table, snapshots: Ints) -> Ints:
    """Open cases per post on each snapshot day: a (posts × snapshots) count."""
    out = np.zeros((len(wf.post_role), len(snapshots)), dtype=np.int64)
    for j, snap in enumerate(snapshots):
        open_ = (allocations["start"] <= snap) & (allocations["end"] > snap)
        out[:, j] = np.bincount(allocations["post"][open_], minlength=len(wf.post_role))
    return out


def allocation_on(allocations: Table, child: Ints, day: Ints) -> Ints:
    """Row of ``allocations`` (sorted by child, start) covering each (child, day), or -1."""
    keys = allocations["child"] * BIG + allocations["start"] + SHIFT
    row = np.searchsorted(keys, child * BIG + day + SHIFT, side="right") - 1
    ok = (row >= 0)
    safe = np.maximum(row, 0)
    ok &= (allocations["child"][safe] == child) & (allocations["end"][safe] > day)
    return np.where(ok, row, -1)

"""Episodes of need: referral → assessment → NFA, early help, a CIN plan, or s47 → ICPC → CP plan.

Each child's referrals form a renewal process from birth to 18: after an episode closes, the
next referral comes after an exponential gap whose rate is the child's risk times the base rate
(with a chance of a quick return, which is what re-referral measures catch). The loop runs over
*rounds* (every child's k-th referral at once), so the work is vectorised over children; a
council needs a dozen rounds, a national pool a few dozen.

Rates are calibrated to DOMAIN.md §6; see docs/synthetic-data.md for target against achieved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from . import care, codes
from .days import NA, Calendar, Days, birthday
from .population import People

Ints = npt.NDArray[np.int64]
Table = dict[str, npt.NDArray[Any]]

REFERRAL_RATE = 0.048  # referrals per child-year at risk 1 (before re-referrals)
QUICK_RETURN = 0.19  # chance the next referral comes soon after a closure …
QUICK_RETURN_DAYS = 110.0  # … with this mean gap
REFERRAL_NFA = 0.075
S47_SHARE = 0.27  # of assessed referrals (before the history factor)
ICPC_SHARE = 0.44  # of s47 enquiries
CP_SHARE = 0.88  # of ICPCs
OUTCOME = {"NFA": 0.50, "EH": 0.17, "CIN": 0.33}  # assessed referrals without a s47
CARE_DIRECT, CARE_FROM_CP, CARE_FROM_CIN = 0.043, 0.165, 0.057  # scaled by --cla-rate / 70
# Inverse CDFs as (probability, value) knots.
ASSESSMENT_DAYS = ((0.0, 1), (0.05, 5), (0.25, 17), (0.5, 33), (0.75, 43), (0.86, 45), (0.96, 62), (1.0, 95))
ICPC_DAYS = ((0.0, 3), (0.25, 9), (0.5, 12), (0.75, 15), (0.9, 20), (1.0, 40))
CP_DAYS = ((0.0, 30), (0.1, 92), (0.3, 185), (0.5, 280), (0.75, 410), (0.9, 560), (0.945, 731), (1.0, 1400))
MAX_ROUNDS = 80


def draw_knots(rng: np.random.Generator, knots: tuple[tuple[float, float], ...], n: int) -> Ints:
    p = np.array([k[0] for k in knots])
    v = np.array([k[1] for k in knots], dtype=np.float64)
    return np.round(np.interp(rng.random(n), p, v)).astype(np.int64)


@dataclass
class Need:
    """Every episode of need for a chunk of children, plus CP reviews, contacts and early help."""

    episodes: Table
    cp_reviews: Table
    contacts: Table
    early_help: Table
    periods: Table  # periods of care (see care.py)


def simulate(
    rng: np.random.Generator, cal: Calendar, people: People, sim_end: int, window_start: int, cla_factor: float
) -> Need:
    n = len(people)
    adult = birthday(people.dob, 18)
    end = np.minimum(adult - 1, sim_end)
    uasc = people.uasc_arrival != NA
    t = np.where(uasc, people.uasc_arrival, people.dob)
    end = np.where(uasc & (people.uasc_arrival > end), t - 1, end)
    previous_cp = np.zeros(n, dtype=np.int64)
    closed_once = np.zeros(n, dtype=bool)
    pending = np.arange(n)
    parts: list[Table] = []
    reviews: list[Table] = []
    periods: list[Table] = []
    for _ in range(MAX_ROUNDS):
        if len(pending) == 0:
            break
        rate = REFERRAL_RATE * people.risk[pending] / 365.25
        gap = rng.exponential(1.0 / np.maximum(rate, 1e-9))
        quick = closed_once[pending] & (rng.random(len(pending)) < QUICK_RETURN)
        gap = np.where(quick, rng.exponential(QUICK_RETURN_DAYS, len(pending)), gap)
        first_uasc = uasc[pending] & ~closed_once[pending]
        gap = np.where(first_uasc, 0.0, gap)
        referral = t[pending] + np.ceil(gap).astype(np.int64)
        keep = referral <= end[pending]
        child, referral, first_uasc = pending[keep], referral[keep], first_uasc[keep]
        if len(child) == 0:
            break
        episodes, cp_reviews, period = _episodes(
            rng, cal, people, child, referral, adult[child], previous_cp[child], first_uasc, cla_factor
        )
        parts.append(episodes)
        reviews.append(cp_reviews)
        periods.append(period)
        previous_cp[child] += episodes["cp_start"] != NA
        closed_once[child] = True
        t[child] = episodes["close"] + 1
        pending = child[episodes["close"] < end[child] - 1]
    episodes = _concat(parts)
    order = np.lexsort((episodes["referral"], episodes["child"]))
    episodes = {k: v[order] for k, v in episodes.items()}
    return Need(
        episodes=episodes,
        cp_reviews=_concat(reviews),
        contacts=_contacts(rng, people, episodes, window_start, sim_end),
        early_help=_early_help(rng, episodes),
        periods=_concat(periods),
    )


def _concat(parts: list[Table]) -> Table:
    if not parts:
        return {}
    return {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}


def _episodes(
    rng: np.random.Generator,
    cal: Calendar,
    people: People,
    child: Ints,
    referral: Days,
    end: Days,
    previous_cp: Ints,
    uasc: npt.NDArray[np.bool_],
    cla_factor: float,
) -> tuple[Table, Table, Table]:
    m = len(child)
    na = np.full(m, NA, dtype=np.int64)
    u = rng.random((m, 8))
    nfa = (u[:, 0] < REFERRAL_NFA) & ~uasc
    # Assessment: starts on the referral's working day or soon after; authorised after a duration.
    delay = np.select([u[:, 1] < 0.55, u[:, 1] < 0.75, u[:, 1] < 0.85, u[:, 1] < 0.93], [0, 1, 2, 3], 6)
    a_start = cal.add_working(referral, delay)
    a_days = draw_knots(rng, ASSESSMENT_DAYS, m)
    a_auth = cal.add_working(a_start, a_days)
    a_start, a_auth = np.where(nfa, na, a_start), np.where(nfa, na, a_auth)
    # s47 more likely for children who have had a CP plan before (repeat plans).
    s47_p = np.minimum(S47_SHARE * np.where(previous_cp > 0, 1.45, 1.0), 0.9)
    s47 = ~nfa & ~uasc & (u[:, 2] < s47_p)
    s47_start = np.where(s47, cal.add_working(a_start, rng.integers(0, 6, m) * (a_days > 5)), na)
    icpc = s47 & (u[:, 3] < ICPC_SHARE * np.where(previous_cp > 0, 1.15, 1.0))
    icpc_target = np.where(s47, cal.add_working(np.where(s47, s47_start, referral), 15), na)
    icpc_date = np.where(icpc, cal.add_working(np.where(s47, s47_start, referral), draw_knots(rng, ICPC_DAYS, m)), na)
    cp = icpc & (u[:, 4] < CP_SHARE)
    cp_start = np.where(cp, icpc_date, na)
    cp_end = np.where(cp, cal.add_working(cp_start + draw_knots(rng, CP_DAYS, m), 0), na)
    # Outcome of an assessment with no CP plan: NFA, early help, or a CIN plan.
    outcome = np.select([u[:, 5] < OUTCOME["NFA"], u[:, 5] < OUTCOME["NFA"] + OUTCOME["EH"]], [0, 1], 2)
    after_s47 = s47 & ~cp
    outcome = np.where(after_s47, np.where(u[:, 5] < 0.5, 3, 2), outcome)  # 3: close, RC7
    cin_plan = ~nfa & ~uasc & ~cp & (outcome == 2)
    plan_from = np.where(after_s47 & (icpc_date != NA), icpc_date, a_auth)
    plan1_start = np.where(cin_plan, cal.add_working(np.where(cin_plan, plan_from, referral), rng.integers(0, 8, m)), na)
    plan1_end = np.where(cin_plan, plan1_start + np.clip(rng.lognormal(np.log(170), 0.6, m), 30, 900).astype(np.int64), na)
    # Coming into care: directly (police protection, s20), from a CP plan or from a CIN plan.
    care_start = na.copy()
    direct = ~nfa & ~cp & ~cin_plan & (u[:, 6] < CARE_DIRECT * cla_factor) | uasc
    care_start = np.where(direct, referral + np.where(uasc, 0, rng.integers(0, 20, m)), care_start)
    from_cp = cp & (u[:, 6] < CARE_FROM_CP * cla_factor)
    cp_length = cp_end - cp_start
    care_start = np.where(from_cp, cp_start + 1 + (rng.random(m) * 0.8 * cp_length).astype(np.int64), care_start)
    cp_end = np.where(from_cp, care_start, cp_end)
    from_cin = cin_plan & (u[:, 7] < CARE_FROM_CIN * cla_factor)
    plan_length = plan1_end - plan1_start
    care_start = np.where(
        from_cin, plan1_start + 1 + (rng.random(m) * 0.8 * plan_length).astype(np.int64), care_start
    )
    plan1_end = np.where(from_cin, care_start, plan1_end)
    in_care = (care_start != NA) & (care_start < end)
    care_start = np.where(in_care, care_start, na)
    path = np.select([uasc, from_cp, from_cin], [care.UASC, care.FROM_CP, care.FROM_CIN], care.DIRECT)
    period = care.periods(rng, people, child[in_care], care_start[in_care], path[in_care], end[in_care])
    care_end = na.copy()
    care_end[in_care] = period["end"]
    exit_reason = np.full(m, "", dtype=object)
    exit_reason[in_care] = period["rec"]
    # Step down from a CP plan to a CIN plan for some; then the episode closes.
    step_down = cp & ~from_cp & (rng.random(m) < 0.55)
    plan2_start = np.where(step_down, cp_end, na)
    plan2_end = np.where(step_down, plan2_start + np.clip(rng.lognormal(np.log(150), 0.5, m), 40, 700).astype(np.int64), na)
    close, reason = _closure(rng, m, referral, nfa, a_auth, outcome, cp_end, plan1_end, plan2_end, care_end, exit_reason)
    icpc_not_required = s47 & ~icpc
    episodes: Table = {
        "child": child, "referral": referral, "nfa": nfa, "source": codes.REFERRAL_SOURCE.draw(rng, m),
        "need": codes.PRIMARY_NEED.draw(rng, m), "a_start": a_start, "a_auth": a_auth,
        "factors": _factors(rng, m, ~nfa & ~uasc & (cp | cin_plan | s47 | (care_start != NA))), "s47_start": s47_start, "icpc_target": icpc_target,
        "icpc_date": icpc_date, "icpc_not_required": icpc_not_required, "cp_start": cp_start,
        "cp_end": cp_end, "cp_category": codes.ABUSE_CATEGORY.draw(rng, m),
        "cp_category_latest": codes.ABUSE_CATEGORY.draw(rng, m), "previous_cp": previous_cp,
        "plan1_start": plan1_start, "plan1_end": plan1_end, "plan2_start": plan2_start,
        "plan2_end": plan2_end, "care_start": care_start, "care_end": care_end,
        "close": close, "reason": reason,
    }
    episodes["cp_category_latest"] = np.where(rng.random(m) < 0.8, episodes["cp_category"], episodes["cp_category_latest"])
    _clip_to_end(episodes, end)
    return episodes, _cp_reviews(rng, cal, child, episodes["cp_start"], episodes["cp_end"]), period


def _closure(
    rng: np.random.Generator, m: int, referral: Days, nfa: npt.NDArray[np.bool_], a_auth: Days, outcome: Ints,
    cp_end: Days, plan1_end: Days, plan2_end: Days, care_end: Days, exit_reason: npt.NDArray[np.object_],
) -> tuple[Days, npt.NDArray[np.object_]]:
    """When and why the episode closes: after the last thing that happened in it."""
    last = np.maximum.reduce([referral, a_auth, cp_end, plan1_end, plan2_end, care_end])
    settle = rng.integers(0, 15, m)
    close = np.where(nfa, referral, last + settle)
    reason = np.full(m, "RC7", dtype=object)
    simple = (cp_end == NA) & (plan1_end == NA) & (care_end == NA) & ~nfa
    reason = np.where(simple & (outcome == 0), "RC8", reason)
    reason = np.where(simple & (outcome == 1), "RC9", reason)
    close = np.where(simple & (outcome <= 1), a_auth, close)
    exits = {"E11": "RC1", "E12": "RC1", "E45": "RC4", "E46": "RC4", "E47": "RC3", "E48": "RC3"}
    for rec, rc in exits.items():
        reason = np.where(exit_reason == rec, rc, reason)
    closes_on_exit = np.isin(exit_reason, list(exits))
    close = np.where(closes_on_exit, care_end, close)
    return close.astype(np.int64), reason


def _clip_to_end(episodes: Table, end: Days) -> None:
    """Nothing after the 18th birthday: close then, cut plans short (RC7)."""
    late = episodes["close"] > end
    episodes["close"] = np.where(late, end, episodes["close"])
    episodes["reason"] = np.where(late & (episodes["care_end"] == NA), "RC7", episodes["reason"])
    close = episodes["close"]
    for start, stop in (("cp_start", "cp_end"), ("plan1_start", "plan1_end"), ("plan2_start", "plan2_end"),
                        ("a_start", "a_auth"), ("care_start", "care_end")):
        gone = (episodes[start] != NA) & (episodes[start] >= close)
        episodes[start] = np.where(gone, NA, episodes[start])
        episodes[stop] = np.where(gone, NA, np.minimum(episodes[stop], close))
    for name in ("s47_start", "icpc_date", "icpc_target"):
        episodes[name] = np.where(episodes[name] > close, NA, episodes[name])
    episodes["icpc_not_required"] = episodes["icpc_not_required"] & (episodes["s47_start"] != NA)
    no_icpc = (episodes["s47_start"] != NA) & (episodes["icpc_date"] == NA)
    episodes["icpc_not_required"] = episodes["icpc_not_required"] | no_icpc
    same_day = (episodes["cp_start"] != NA) & (episodes["cp_end"] <= episodes["cp_start"])
    episodes["cp_end"] = np.where(same_day, episodes["cp_start"] + 1, episodes["cp_end"])
    episodes["close"] = np.maximum(episodes["close"], episodes["cp_end"])


def _factors(rng: np.random.Generator, m: int, further: npt.NDArray[np.bool_]) -> Ints:
    """Factors identified at assessment as a bit mask over codes.FACTORS (0 = "21", none: only
    when the case closes after the assessment)."""
    count = rng.choice(np.array([0, 1, 2, 3, 4]), size=m, p=[0.12, 0.3, 0.3, 0.18, 0.1])
    count = np.where(further, np.maximum(count, 1), count)
    mask = np.zeros(m, dtype=np.int64)
    for k in range(4):
        bit = np.left_shift(np.int64(1), codes.FACTORS.draw(rng, m))
        mask = np.where(count > k, mask | bit, mask)
    return mask


def _cp_reviews(rng: np.random.Generator, cal: Calendar, child: Ints, start: Days, end: Days) -> Table:
    """First review conference within 3 months, then at most 6-monthly; most on time."""
    has = start != NA
    idx = np.flatnonzero(has)
    k = 12
    late = rng.random((len(idx), k)) < 0.07
    first = np.where(late[:, 0], rng.integers(92, 125, len(idx)), rng.integers(60, 91, len(idx)))
    later = np.where(late[:, 1:], rng.integers(184, 215, (len(idx), k - 1)), rng.integers(150, 183, (len(idx), k - 1)))
    offsets = np.cumsum(np.column_stack([first, later]), axis=1)
    days = cal.add_working((start[idx][:, None] + offsets).ravel(), 0).reshape(len(idx), k)
    ok = days < end[idx][:, None]
    rows = np.nonzero(ok)
    return {"episode_row": idx[rows[0]], "child": child[idx][rows[0]], "day": days[ok],
            "cp_start": start[idx][rows[0]]}


def _contacts(rng: np.random.Generator, people: People, episodes: Table, window_start: int, sim_end: int) -> Table:
    """A contact before every referral, and about 2.5 more per referral that go no further."""
    ref = episodes["referral"]
    lead = np.where(rng.random(len(ref)) < 0.75, 0, rng.integers(1, 5, len(ref)))
    conv_day = np.maximum(ref - lead, people.dob[episodes["child"]])
    from_year = window_start - 366
    start = np.maximum(people.dob, from_year)
    stop = np.minimum(birthday(people.dob, 18) - 1, sim_end)
    exposure = np.maximum(stop - start, 0) / 365.25
    count = rng.poisson(2.5 * REFERRAL_RATE * 1.08 * people.risk * exposure)
    who = np.repeat(np.arange(len(people)), count)
    day = start[who] + (rng.random(len(who)) * (stop[who] - start[who])).astype(np.int64)
    outcome = codes.CONTACT_OUTCOME.draw(rng, len(who))
    child = np.concatenate([episodes["child"], who])
    days = np.concatenate([conv_day, day])
    source = codes.REFERRAL_SOURCE.codes[np.concatenate([episodes["source"], codes.REFERRAL_SOURCE.draw(rng, len(who))])]
    outcomes = np.concatenate([np.full(len(ref), "Referral to children's social care", dtype=object),
                               codes.CONTACT_OUTCOME.codes[outcome]])
    keep = days >= from_year
    order = np.lexsort((days[keep], child[keep]))
    return {"child": child[keep][order], "day": days[keep][order], "source": source[keep][order],
            "outcome": outcomes[keep][order]}


def _early_help(rng: np.random.Generator, episodes: Table) -> Table:
    """Early help after a step-down (RC9)."""
    step = episodes["reason"] == "RC9"
    start = episodes["close"][step] + rng.integers(0, 10, int(step.sum()))
    return {"child": episodes["child"][step], "start": start,
            "end": start + rng.integers(60, 300, int(step.sum()))}

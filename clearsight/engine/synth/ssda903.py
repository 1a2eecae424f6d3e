"""SSDA903 CSV tables for one collection year, with the column sets the DfE validator expects.

A year's return holds every episode open at some time in the year (a later episode's end is not
known yet, so it is blank), reviews and missing episodes in the year, OC2 for children looked
after for 12 months at 31 March, OC3 for care leavers with their 17th-21st birthday in the year,
AD1 for adoptions, PlacedAdoption for decisions to place for adoption, PrevPerm for children
who started care (from 2016-17), UASC for children who are or were unaccompanied asylum seekers
and, from 2023-24, SWEpisodes (each child's social worker).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from . import care, codes, workforce
from .chunk import ChunkData
from .days import NA, birthday
from .output import (
    H5_REGISTERED_FROM,
    PREV_PERM_FROM,
    SW_EPISODES_FROM,
    Context,
    CsvTable,
    Year,
    blank_after,
    in_year,
)

Ints = npt.NDArray[np.int64]
Table = dict[str, npt.NDArray[Any]]

COLUMNS: dict[str, list[str]] = {
    "Header": ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
    "Episodes": ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                 "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"],
    "Reviews": ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
    "UASC": ["CHILD", "SEX", "DOB", "DUC"],
    "OC2": ["CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS",
            "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED",
            "INTERVENTION_OFFERED"],
    "OC3": ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
    "AD1": ["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
    "PlacedAdoption": ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
    "PrevPerm": ["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"],
    "Missing": ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
    "SWEpisodes": ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
}


def tables_for(year: Year) -> list[str]:
    names = [n for n in COLUMNS if n != "SWEpisodes"]
    return names + (["SWEpisodes"] if year.year >= SW_EPISODES_FROM else [])


def write_year(out: dict[str, CsvTable], data: ChunkData, ctx: Context, year: Year, ids: npt.NDArray[np.object_],
               rng: np.random.Generator, worker_ids: npt.NDArray[np.object_], oc3: Table) -> Table:
    """Write the chunk's rows for ``year``; returns the OC2 columns (for calibration)."""
    people, cal = data.people, ctx.cal
    eps = data.episodes
    shown = in_year(eps["decom"], eps["dec"], year) & (eps["decom"] <= year.end)
    ep = {k: v[shown] for k, v in eps.items()}
    dec = blank_after(ep["dec"], year)
    open_ = dec == NA
    looked_after = np.unique(ep["child"])
    header_rows = np.union1d(looked_after, oc3["child"])
    dob = people.dob
    female = people.female[header_rows]
    regular = np.unique(ep["child"][ep["ls"] != "V3"])
    mother_known = female & np.isin(header_rows, regular)
    is_mother = mother_known & (people.first_child_born[header_rows] != NA) & (people.first_child_born[header_rows] <= year.end)
    out["Header"].write({
        "CHILD": ids[header_rows], "SEX": ctx.sex(female, year), "DOB": cal.uk(dob[header_rows]),
        "ETHNIC": codes.ETHNICITY.codes[people.ethnicity[header_rows]], "UPN": ctx.upns(people, header_rows, year),
        "MOTHER": np.where(mother_known, np.where(is_mother, "1", "0"), ""),
        "MC_DOB": np.where(is_mother, cal.uk(people.first_child_born[header_rows]), ""),
    })
    out["Episodes"].write({
        "CHILD": ids[ep["child"]], "DECOM": cal.uk(ep["decom"]), "RNE": ep["rne"], "LS": ep["ls"],
        "CIN": ep["cin"], "PLACE": ep["place"], "PLACE_PROVIDER": ep["provider"], "DEC": cal.uk(dec),
        "REC": np.where(open_, "", ep["rec"]), "REASON_PLACE_CHANGE": np.where(open_, "", ep["reason_change"]),
        "HOME_POST": ctx.postcode(ep["home_postcode"]), "PL_POST": ctx.postcode(ep["placement_postcode"]),
        "URN": _urn(ep, year),
    })
    rv = data.reviews
    pick = (rv["day"] >= year.start) & (rv["day"] <= year.end)
    out["Reviews"].write({"CHILD": ids[rv["child"][pick]], "DOB": cal.uk(dob[rv["child"][pick]]),
                          "REVIEW": cal.uk(rv["day"][pick]), "REVIEW_CODE": rv["code"][pick]})
    # UASC status ceases at 18: DUC is the 18th birthday, given even before it comes (rule 205B),
    # and children whose status ceased before the year are not listed (rule 104).
    uasc = header_rows[people.uasc_arrival[header_rows] != NA]
    ceased = birthday(dob[uasc], 18)
    uasc, ceased = uasc[ceased >= year.start], ceased[ceased >= year.start]
    out["UASC"].write({"CHILD": ids[uasc], "SEX": ctx.sex(people.female[uasc], year), "DOB": cal.uk(dob[uasc]),
                       "DUC": cal.uk(ceased)})
    oc2 = _oc2(out["OC2"], data, year, ids, rng, ctx)
    out["OC3"].write({"CHILD": ids[oc3["child"]], "DOB": cal.uk(dob[oc3["child"]]), "IN_TOUCH": oc3["in_touch"],
                      "ACTIV": oc3["activity"], "ACCOM": oc3["accommodation"]})
    _adoption(out, data, year, ids, rng, ctx)
    _prev_perm(out["PrevPerm"], data, year, ids, rng, ctx)
    ms = data.missing
    pick = (ms["start"] <= year.end) & (ms["end"] >= year.start)
    out["Missing"].write({"CHILD": ids[ms["child"][pick]], "DOB": cal.uk(dob[ms["child"][pick]]),
                          "MISSING": ms["kind"][pick], "MIS_START": cal.uk(ms["start"][pick]),
                          "MIS_END": cal.uk(blank_after(ms["end"][pick], year))})
    if "SWEpisodes" in out:
        _sw_episodes(out["SWEpisodes"], data, year, ids, rng, ctx, worker_ids)
    return oc2


def _urn(ep: Table, year: Year) -> npt.NDArray[np.object_]:
    """Supported accommodation (H5) has an Ofsted URN from 28 October 2023 (2023-24 returns on)."""
    if year.year < H5_REGISTERED_FROM:
        return ep["urn"]
    number = 100000 + (ep["placement_postcode"] * 7919 + 31) % 900000
    return np.where(ep["place"] == "H5", np.char.add("SC", number.astype(str)), ep["urn"]).astype(object)


def _oc2(table: CsvTable, data: ChunkData, year: Year, ids: npt.NDArray[np.object_], rng: np.random.Generator,
         ctx: Context) -> Table:
    p = data.periods
    pick = (p["ls"] != "V3") & (p["start"] <= year.start) & (p["end"] >= year.end)
    child = np.unique(p["child"][pick])
    n = len(child)
    dob = data.people.dob[child]
    # SDQ for children aged 4 to 16 at some point in the year; health promotion (HEALTH_CHECK)
    # only for under-5s (rules 186, 188, 189, 197B, 545, 546).
    sdq_age = (birthday(dob, 4) <= year.end) & (birthday(dob, 17) > year.start)
    under5 = birthday(dob, 5) > year.end
    has_score = rng.random(n) < 0.78
    score = rng.normal(14, 7, n).clip(0, 40).round().astype(np.int64).astype(str)
    reason = np.array(["SDQ2", "SDQ3", "SDQ4", "SDQ5"], dtype=object)[rng.integers(0, 4, n)]
    ten = birthday(dob, 10) <= year.end
    teen = birthday(dob, 12) <= year.end

    def flag(share: float) -> npt.NDArray[np.object_]:
        return np.where(rng.random(n) < share, "1", "0").astype(object)

    misuse = np.where(teen, flag(0.04), "0")
    received = np.where(misuse == "1", flag(0.6), "")
    offered = np.where(received == "0", flag(0.7), "")
    columns: Table = {
        "CHILD": ids[child], "DOB": ctx.cal.uk(dob),
        "SDQ_SCORE": np.where(sdq_age & has_score, score, ""), "SDQ_REASON": np.where(sdq_age & ~has_score, reason, ""),
        "CONVICTED": np.where(ten, flag(0.03), ""), "HEALTH_CHECK": np.where(under5, flag(0.9), ""), "IMMUNISATIONS": flag(0.86),
        "TEETH_CHECK": flag(0.85), "HEALTH_ASSESSMENT": flag(0.88), "SUBSTANCE_MISUSE": misuse,
        "INTERVENTION_RECEIVED": received, "INTERVENTION_OFFERED": offered,
    }
    table.write(columns)
    return columns


def care_leaver_returns(data: ChunkData, year: Year, rng: np.random.Generator) -> Table:
    """Care leavers with their 17th-21st birthday in the year who were not looked after on it."""
    lv = data.leavers
    dob = data.people.dob[lv["child"]]
    rows: list[Ints] = []
    for years_old in range(17, 22):
        bday = birthday(dob, years_old)
        rows.append(np.flatnonzero((bday >= year.start) & (bday <= year.end) & (lv["left"] < bday)))
    idx = np.sort(np.concatenate(rows))
    child = lv["child"][idx]
    n = len(child)
    age = np.zeros(n, dtype=np.int64)
    for a in range(17, 22):
        age = np.where(birthday(data.people.dob[child], a) <= year.end, a, age)
    u = rng.random(n)
    in_touch = np.select([u < 0.905, u < 0.955, u < 0.975], ["YES", "NO", "REFU"], "RHOM").astype(object)
    eet = rng.random(n) < np.where(age <= 18, 0.68, 0.6)
    activity = np.where(eet, codes.ACTIVITY_EET.codes[codes.ACTIVITY_EET.draw(rng, n)],
                        codes.ACTIVITY_NEET.codes[codes.ACTIVITY_NEET.draw(rng, n)])
    letter = codes.ACCOMMODATION.codes[codes.ACCOMMODATION.draw(rng, n)]
    letter = np.where((letter == "Z") & (age == 17), "D", letter)
    suitable = rng.random(n) < 0.955
    accommodation = np.char.add(letter.astype(str), np.where(suitable, "1", "2")).astype(object)
    accommodation = np.where(letter == "S", "S2", accommodation)
    known = in_touch == "YES"
    return {"child": child, "in_touch": in_touch, "activity": np.where(known, activity, "0").astype(object),
            "accommodation": np.where(known, accommodation, "0").astype(object)}


def _adoption(out: dict[str, CsvTable], data: ChunkData, year: Year, ids: npt.NDArray[np.object_],
              rng: np.random.Generator, ctx: Context) -> None:
    p = data.periods
    adopt = np.flatnonzero(p["route"] == care.ADOPT)
    decision = p["start"][adopt] + ((p["end"][adopt] - p["start"][adopt]) * 0.3).astype(np.int64)
    decision = ctx.cal.add_working(decision, 0)
    open_ = in_year(p["start"][adopt], p["end"][adopt], year) & (decision <= year.end)
    rows = adopt[open_]
    out["PlacedAdoption"].write({
        "CHILD": ids[p["child"][rows]], "DOB": ctx.cal.uk(data.people.dob[p["child"][rows]]),
        "DATE_PLACED": ctx.cal.uk(decision[open_]), "DATE_PLACED_CEASED": np.full(len(rows), ""),
        "REASON_PLACED_CEASED": np.full(len(rows), ""),
    })
    adopted = np.isin(p["rec"][adopt], ["E11", "E12"]) & (p["end"][adopt] >= year.start) & (p["end"][adopt] <= year.end)
    rows = adopt[adopted]
    n = len(rows)
    ep = data.episodes
    placed_row = np.searchsorted(ep["period"], rows, side="right") - 1  # the period's last episode
    placed = ep["decom"][placed_row]
    match = placed - rng.integers(7, 60, n)
    couple = rng.random(n) < 0.85
    sexes = np.where(couple, np.select([rng.random(n) < 0.88, rng.random(n) < 0.5], ["MF", "MM"], "FF"),
                     np.where(rng.random(n) < 0.9, "F1", "M1"))
    legal = np.where(couple, np.where(sexes == "MF", np.where(rng.random(n) < 0.8, "L11", "L3"), "L12"), "L0")
    out["AD1"].write({
        "CHILD": ids[p["child"][rows]], "DOB": ctx.cal.uk(data.people.dob[p["child"][rows]]),
        "DATE_INT": ctx.cal.uk(decision[adopted]), "DATE_MATCH": ctx.cal.uk(match),
        "FOSTER_CARE": np.where(ep["place"][placed_row] == "A5", "1", "0"),
        "NB_ADOPTR": np.where(couple, "2", "1"), "SEX_ADOPTR": sexes, "LS_ADOPTR": legal,
    })


def _prev_perm(table: CsvTable, data: ChunkData, year: Year, ids: npt.NDArray[np.object_],
               rng: np.random.Generator, ctx: Context) -> None:
    if year.year < PREV_PERM_FROM:
        return
    p = data.periods
    pick = (p["start"] >= year.start) & (p["start"] <= year.end)
    child = np.unique(p["child"][pick])
    n = len(child)
    u = rng.random(n)
    perm = np.select([u < 0.93, u < 0.97], ["Z1", "P2"], "P3").astype(object)
    when = ctx.cal.uk(data.people.dob[child] + ((year.start - data.people.dob[child]) * rng.random(n) * 0.8).astype(np.int64))
    table.write({"CHILD": ids[child], "DOB": ctx.cal.uk(data.people.dob[child]), "PREV_PERM": perm,
                 "LA_PERM": np.where(perm == "Z1", "", ctx.authority.dfe_number), "DATE_PERM": np.where(perm == "Z1", "", when)})


def _sw_episodes(table: CsvTable, data: ChunkData, year: Year, ids: npt.NDArray[np.object_],
                 rng: np.random.Generator, ctx: Context, worker_ids: npt.NDArray[np.object_]) -> None:
    """Social worker episodes in the current period of care of every child looked after at 31 March:
    one per worker, each ending the day the next begins (the children in care team's allocations)."""
    p = data.periods
    current = (p["ls"] != "V3") & (p["start"] <= year.end) & (p["end"] > year.end)
    cla, since = p["child"][current], p["start"][current]
    al = data.allocations
    pos = np.minimum(np.searchsorted(cla, al["child"]), max(len(cla) - 1, 0))
    mine = (cla[pos] == al["child"]) if len(cla) else np.zeros(len(al["child"]), dtype=bool)
    pick = mine & (al["kind"] == workforce.IN_CARE) & (al["start"] >= since[pos]) & (al["start"] <= year.end)
    pick &= al["end"] > year.start
    child, start, end, worker = al["child"][pick], al["start"][pick], al["end"][pick], al["worker"][pick]
    reason = codes.SW_CHANGE_REASON.codes[codes.SW_CHANGE_REASON.draw(rng, len(child))]
    table.write({"CHILD": ids[child], "DOB": ctx.cal.uk(data.people.dob[child]), "SW_ID": worker_ids[worker],
                 "SW_DECOM": ctx.cal.uk(start), "SW_DEC": ctx.cal.uk(blank_after(end, year)), "SW_REASON": reason})

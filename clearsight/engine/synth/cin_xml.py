"""The CIN census XML for one collection year, streamed child by child.

Element names and nesting follow the DfE CIN census schema as ``csc-validator-be-cin`` reads it:
``Message/Header`` then ``Children/Child`` with ``ChildIdentifiers``, ``ChildCharacteristics`` and
one ``CINdetails`` per episode of need open in the year, holding ``Assessments``,
``CINPlanDates``, ``Section47`` and ``ChildProtectionPlans`` (with ``Reviews``). A module is in a
year's census when it is open in the year; what ends after the year's end is shown open. Dates
are ISO (YYYY-MM-DD), as the schema types them.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt

from . import codes
from .chunk import ChunkData
from .days import NA
from .output import SEX_LETTERS_FROM, Context, Year, in_year

Table = dict[str, npt.NDArray[Any]]


class CinCensus:
    """One year's XML file: ``open`` writes the header, ``write`` a chunk's children, ``close`` ends it."""

    def __init__(self, path: Path, ctx: Context, year: Year) -> None:
        self.path = path
        self.children = 0
        self.rows = 0
        self._file: IO[str] = path.open("w", encoding="utf-8", newline="\n")
        reference = ctx.cal.iso(np.array([year.end]))[0]
        self._file.write(
            '<?xml version="1.0" encoding="utf-8"?>\n<Message>\n<Header>\n<CollectionDetails>'
            f"<Collection>CIN</Collection><Year>{year.year}</Year><ReferenceDate>{reference}</ReferenceDate>"
            "</CollectionDetails>\n<Source><SourceLevel>L</SourceLevel>"
            f"<LEA>{ctx.authority.dfe_number}</LEA><SoftwareCode>Clearsight synthetic data</SoftwareCode>"
            f"<Release>1.0</Release><SerialNo>001</SerialNo><DateTime>{reference}T00:00:00</DateTime></Source>\n"
            "<Content><CBDSLevels><CBDSLevel>Child</CBDSLevel></CBDSLevels></Content>\n</Header>\n<Children>\n"
        )

    def write(self, data: ChunkData, ctx: Context, year: Year, ids: npt.NDArray[np.object_]) -> None:
        ep = data.need.episodes
        shown = (ep["referral"] <= year.end) & (ep["close"] >= year.start)
        rows = np.flatnonzero(shown)
        if not len(rows):
            return
        fragments = _episode_fragments(data, ctx, year, rows)
        child = ep["child"][rows]
        identity = _child_fragments(data, ctx, year, ids, np.unique(child))
        out: list[str] = []
        position = 0
        for who, head in identity:
            parts = [head]
            while position < len(child) and child[position] == who:
                parts.append(fragments[position])
                position += 1
            out.append("<Child>" + "".join(parts) + "</Child>\n")
        self._file.write("".join(out))
        self.children += len(identity)
        self.rows += len(rows)

    def close(self) -> None:
        self._file.write("</Children>\n</Message>\n")
        self._file.close()


def _el(name: str, value: str) -> str:
    return f"<{name}>{value}</{name}>" if value else ""


def _child_fragments(data: ChunkData, ctx: Context, year: Year, ids: npt.NDArray[np.object_],
                     children: npt.NDArray[np.int64]) -> list[tuple[int, str]]:
    people = data.people
    upns = ctx.upns(people, children, year).tolist()
    dob = ctx.cal.iso(people.dob[children]).tolist()
    sex_tag = "Sex" if year.year >= SEX_LETTERS_FROM else "GenderCurrent"
    sex = ctx.sex(people.female[children], year).tolist()
    ethnicity = codes.ETHNICITY.codes[people.ethnicity[children]].tolist()
    dis = people.disability[children].tolist()
    dis2 = people.disability2[children].tolist()
    out = []
    for i, who in enumerate(children.tolist()):
        upn = upns[i]
        upn_xml = _el("UPNunknown", upn) if upn.startswith("UN") else _el("UPN", upn)
        disabilities = "".join(
            _el("Disability", str(codes.DISABILITY.codes[d])) for d in (dis[i], dis2[i]) if d >= 0
        ) or _el("Disability", "NONE")
        out.append((who, (
            f"<ChildIdentifiers>{_el('LAchildID', ids[who])}{upn_xml}{_el('PersonBirthDate', dob[i])}"
            f"{_el(sex_tag, sex[i])}</ChildIdentifiers>"
            f"<ChildCharacteristics>{_el('Ethnicity', ethnicity[i])}<Disabilities>{disabilities}</Disabilities>"
            "</ChildCharacteristics>"
        )))
    return out


def _shown(start: npt.NDArray[np.int64], end: npt.NDArray[np.int64], year: Year) -> list[bool]:
    ok: npt.NDArray[np.bool_] = (start != NA) & in_year(start, np.where(end == NA, year.end + 1, end), year)
    return [bool(v) for v in ok]


def _episode_fragments(data: ChunkData, ctx: Context, year: Year, rows: npt.NDArray[np.int64]) -> list[str]:
    ep = {k: v[rows] for k, v in data.need.episodes.items()}
    iso = ctx.cal.iso

    def date(values: npt.NDArray[np.int64]) -> list[str]:
        return iso(np.where(values > year.end, NA, values)).tolist()  # type: ignore[no-any-return]

    referral, close = date(ep["referral"]), date(ep["close"])
    a_start, a_auth = date(ep["a_start"]), date(ep["a_auth"])
    show_a = _shown(ep["a_start"], ep["a_auth"], year)
    plans = [(_shown(ep[f"plan{k}_start"], ep[f"plan{k}_end"], year), date(ep[f"plan{k}_start"]),
              date(ep[f"plan{k}_end"])) for k in (1, 2)]
    s47_start, target, icpc = date(ep["s47_start"]), date(ep["icpc_target"]), date(ep["icpc_date"])
    s47_in = (ep["s47_start"] != NA) & (ep["s47_start"] <= year.end) & (
        (ep["s47_start"] >= year.start) | ((ep["icpc_date"] >= year.start) & (ep["icpc_date"] <= year.end)))
    show_cp = _shown(ep["cp_start"], ep["cp_end"], year)
    cp_start, cp_end = date(ep["cp_start"]), date(ep["cp_end"])
    reviews = _reviews_by_episode(data, year, rows)
    factors = ep["factors"].tolist()
    source = codes.REFERRAL_SOURCE.codes[ep["source"]].tolist()
    need = codes.PRIMARY_NEED.codes[ep["need"]].tolist()
    abuse = codes.ABUSE_CATEGORY.codes
    out = []
    for i in range(len(rows)):
        closed = bool(close[i])
        parts = [
            "<CINdetails>", _el("CINreferralDate", referral[i]), _el("ReferralSource", source[i]),
            _el("PrimaryNeedCode", need[i]), _el("CINclosureDate", close[i]),
            _el("ReasonForClosure", str(ep["reason"][i]) if closed else ""),
            _el("ReferralNFA", "true" if ep["nfa"][i] else "false"),
        ]
        if show_a[i]:
            done = bool(a_auth[i])
            parts.append(f"<Assessments>{_el('AssessmentActualStartDate', a_start[i])}"
                         f"{_el('AssessmentAuthorisationDate', a_auth[i])}"
                         f"{_factor_xml(factors[i]) if done else ''}</Assessments>")
        for show, start, end in plans:
            if show[i]:
                parts.append(f"<CINPlanDates>{_el('CINPlanStartDate', start[i])}{_el('CINPlanEndDate', end[i])}</CINPlanDates>")
        if s47_in[i]:
            not_required = bool(ep["icpc_not_required"][i])
            parts.append(f"<Section47>{_el('S47ActualStartDate', s47_start[i])}{_el('InitialCPCtarget', target[i])}"
                         f"{_el('DateOfInitialCPC', '' if not_required else icpc[i])}"
                         f"{_el('ICPCnotRequired', 'true' if not_required else 'false')}</Section47>")
        if show_cp[i]:
            review_xml = "".join(f"<Reviews>{_el('CPPreviewDate', d)}</Reviews>" for d in reviews.get(i, []))
            parts.append(
                f"<ChildProtectionPlans>{_el('CPPstartDate', cp_start[i])}{_el('CPPendDate', cp_end[i])}"
                f"{_el('InitialCategoryOfAbuse', str(abuse[ep['cp_category'][i]]))}"
                f"{_el('LatestCategoryOfAbuse', str(abuse[ep['cp_category_latest'][i]]))}"
                f"{_el('NumberOfPreviousCPP', str(ep['previous_cp'][i]))}{review_xml}</ChildProtectionPlans>"
            )
        parts.append("</CINdetails>")
        out.append("".join(parts))
    return out


def _factor_xml(mask: int) -> str:
    if mask == 0:
        return "<FactorsIdentifiedAtAssessment><AssessmentFactors>21</AssessmentFactors></FactorsIdentifiedAtAssessment>"
    names = [str(codes.FACTORS.codes[k]) for k in range(len(codes.FACTORS.codes)) if mask >> k & 1]
    return "<FactorsIdentifiedAtAssessment>" + "".join(_el("AssessmentFactors", n) for n in names) + "</FactorsIdentifiedAtAssessment>"


def _reviews_by_episode(data: ChunkData, year: Year, rows: npt.NDArray[np.int64]) -> dict[int, list[str]]:
    """CP review dates in the year, keyed by position in ``rows``."""
    rv = data.need.cp_reviews
    # cp_reviews point at episodes by (child, cp_start); map them onto the shown rows
    ep = data.need.episodes
    keys = ep["child"][rows] * (1 << 22) + ep["cp_start"][rows]
    order = np.argsort(keys, kind="stable")
    pick = (rv["day"] >= year.start) & (rv["day"] <= year.end)
    rkeys = rv["child"][pick] * (1 << 22) + rv["cp_start"][pick]
    pos = np.searchsorted(keys[order], rkeys)
    pos = np.minimum(pos, len(order) - 1)
    found = keys[order][pos] == rkeys
    owners = order[pos[found]].tolist()
    days = [str(np.datetime64(int(d), "D")) for d in rv["day"][pick][found]]
    out: dict[int, list[str]] = {}
    for owner, d in zip(owners, days, strict=True):
        out.setdefault(owner, []).append(d)
    return out


"""'If <authority> had 100 children': the year's figures scaled to 100 children aged 0-17.

Improvement plans often open with this page (Wirral's 2017 plan: "3 would have been allocated a
social worker, 1 would be in care, fewer than 1 would be subject to a child protection plan").
Here every fact is worked out from the data loaded: a count from the indicators (or the store)
over the ONS population aged 0-17 for the collection year, with the count and the population shown
beside it so nobody has to trust the rounding. Facts whose data is not loaded are left out and
named, with the data they need.

Sex and ethnicity are known only for children in the returns (children known to children's social
care), never for the whole population, so they are shown as shares of those children and labelled so.

One module for the page (selector, presenter and view) because nothing else uses its parts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from html import escape
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from clearsight.analytics.models import IndicatorResult
from clearsight.analytics.presenters import suppressed
from clearsight.analytics.store import read_store
from clearsight.organisations.models import Authority
from clearsight.organisations.roles import Permission
from clearsight.organisations.selectors import can
from clearsight.plans.selectors import plan_get

CIN_CENSUS, SSDA903, POPULATION = "cin", "903", "population"
SOURCE_NAMES = {
    CIN_CENSUS: "the CIN census",
    SSDA903: "the SSDA903 return",
    POPULATION: "the ONS mid-year population aged 0-17 (population.csv)",
}


@dataclass(frozen=True)
class FactSpec:
    """One 'N would …' statement: where its count comes from and which returns it needs."""

    key: str
    says: str  # completes "N would …"
    label: str  # a column heading in the data table
    source: str  # the kind of upload it is counted from
    indicator: str = ""  # an authority-level IndicatorResult count; blank: counted in the store here


FACTS = (
    FactSpec(
        "referred",
        "be referred to children's social care during the year",
        "Children referred in the year",
        CIN_CENSUS,
    ),
    FactSpec(
        "cin",
        "be a child in need at 31 March (with an open case, including those on a plan or in care)",
        "Children in need at 31 March",
        CIN_CENSUS,
        "cin_at_31mar",
    ),
    FactSpec(
        "cpp",
        "be on a child protection plan at 31 March",
        "Children on a child protection plan at 31 March",
        CIN_CENSUS,
        "cpp_at_31mar",
    ),
    FactSpec(
        "cla",
        "be looked after (in care) at 31 March, not counting short breaks",
        "Children looked after at 31 March",
        SSDA903,
        "cla_at_31mar",
    ),
)
CARE_LEAVERS = FactSpec("care_leavers", "", "Care leavers aged 17 to 21", SSDA903, "care_leavers")

# Facts other councils put on this page that need data Clearsight does not hold.
NOT_HELD = (
    ("Living at or below the poverty line", "DWP/HMRC 'children in low income families' statistics"),
    ("Living in families receiving Child Tax Credit or Universal Credit", "HMRC and DWP benefit statistics"),
    (
        "Girls and boys, and ethnicity, across all children",
        "ONS population estimates by sex, and the "
        "school census or Census 2021 for ethnicity (the returns cover only children known to services)",
    ),
    ("Speaking English as an additional language", "the school census"),
    (
        "Having a special educational need or an education, health and care plan",
        "the school census and the SEN2 return",
    ),
    ("Reaching a good level of development at age 5", "the Early Years Foundation Stage Profile"),
    ("Not in education, employment or training", "the NCCIS return (16-17 year olds)"),
    ("Living in lone-parent families", "Census 2021"),
    ("Referred to the youth offending team", "youth justice data"),
)

SEX_SQL = """CASE WHEN s IN ('2', 'F') OR s LIKE '%FEMALE%' OR s LIKE '%GIRL%' THEN 'girls'
                  WHEN s IN ('1', 'M') OR s LIKE '%MALE%' OR s LIKE '%BOY%' THEN 'boys' ELSE 'unknown' END"""
ETHNICITY_SQL = """CASE WHEN e IS NULL OR e IN ('', 'NOBT', 'REFU') OR e LIKE '%REFUSED%' OR e LIKE '%NOT OBTAINED%'
                            OR e LIKE '%NOT KNOWN%' THEN 'unknown'
                       WHEN e = 'WBRI' OR e LIKE '%WHITE%BRITISH%' THEN 'white_british' ELSE 'minority' END"""


# --- selector ---------------------------------------------------------------------------------------


@dataclass
class Profile:
    """What the store and the indicator results hold for one collection year."""

    years: list[int]  # collection years loaded, oldest first
    year: int | None
    sources: set[str] = field(default_factory=set)  # kinds of upload loaded for the year
    population: int | None = None
    counts: dict[str, int | None] = field(default_factory=dict)  # FactSpec.key → count, None: not computed
    known: int = 0  # children in the year's returns
    sex: dict[str, int] = field(default_factory=dict)  # girls / boys / unknown, among known children
    ethnicity: dict[str, int] = field(default_factory=dict)  # white_british / minority / unknown


def profile_get(authority: Authority, year: int | None) -> Profile:
    """The year's figures (``None``: the latest collection year loaded); Http404 for a year not loaded."""
    with read_store(authority) as con:
        years = [
            y
            for (y,) in con.execute(
                "SELECT DISTINCT collection_year FROM uploads WHERE kind <> 'population' ORDER BY 1"
            ).fetchall()
        ]
        if not years:
            return Profile(years=[], year=None)
        if year is None:
            year = years[-1]
        elif year not in years:
            raise Http404("No data loaded for that year.")
        profile = Profile(years=years, year=year)
        profile.sources = {
            k
            for (k,) in con.execute(
                "SELECT DISTINCT kind FROM uploads WHERE collection_year = ?", [year]
            ).fetchall()
        }
        found = con.execute("SELECT children_0_17 FROM population WHERE year = ?", [year]).fetchone()
        profile.population = int(found[0]) if found and found[0] else None
        if CIN_CENSUS in profile.sources:
            profile.counts["referred"] = con.execute(
                "SELECT count(DISTINCT child_id) FROM cin_referrals WHERE referral_date BETWEEN ? AND ?",
                [f"{year - 1}-04-01", f"{year}-03-31"],
            ).fetchone()[0]
        # The children in the year's returns, each once, with the sex and ethnicity that year's row gives.
        known = f"""
            WITH rows AS (
                SELECT child_id, upper(trim(coalesce(sex, ''))) AS s, upper(trim(ethnicity)) AS e
                FROM raw_children WHERE collection_year = ?
                QUALIFY row_number() OVER (PARTITION BY child_id
                                           ORDER BY (sex IS NULL), (ethnicity IS NULL), upload_id) = 1)
            SELECT {SEX_SQL} AS sex, {ETHNICITY_SQL} AS ethnicity, count(*) FROM rows GROUP BY ALL"""
        for sex, ethnicity, n in con.execute(known, [year]).fetchall():
            profile.known += n
            profile.sex[sex] = profile.sex.get(sex, 0) + n
            profile.ethnicity[ethnicity] = profile.ethnicity.get(ethnicity, 0) + n
    results = IndicatorResult.objects.filter(
        authority=authority,
        level_kind=IndicatorResult.Level.AUTHORITY,
        period_end__year=year,
        indicator__in=[f.indicator for f in (*FACTS, CARE_LEAVERS) if f.indicator],
    )
    by_indicator = {r.indicator: r.numerator for r in results}
    for fact in (*FACTS, CARE_LEAVERS):
        if fact.indicator and fact.source in profile.sources:
            value = by_indicator.get(fact.indicator)
            profile.counts[fact.key] = int(value) if value is not None else None
    return profile


# --- presenter --------------------------------------------------------------------------------------


def per_hundred(count: int, whole: int) -> str:
    """``count`` out of ``whole`` scaled to 100, rounded honestly: 'fewer than 1' below a half,
    one decimal below 10 (3.2, not 3), whole numbers from 10 up."""
    share = Decimal(count) * 100 / Decimal(whole)
    if count == 0:
        return "0"
    if share < Decimal("0.5"):
        return "fewer than 1"
    if share < 10:
        text = str(share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
        return text.removesuffix(".0")
    return str(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def one_in(count: int, whole: int) -> str:
    """'about 1 in 312' — easier to picture than a share of a child."""
    if not count:
        return "none"
    return f"about 1 in {int((Decimal(whole) / count).quantize(Decimal(1), rounding=ROUND_HALF_UP)):,}"


def hundred_grid(share: float, key: str, title: str) -> str:
    """100 squares, ten by ten, with ``share`` of them filled (a part-square for a fraction).

    Filled squares are solid, the rest outlined, so the picture reads without colour; the <desc>
    says in words how many are filled."""
    size, gap, cols = 12, 3, 10
    width = cols * (size + gap) - gap
    share = max(0.0, min(100.0, share))
    parts = []
    for i in range(100):
        x, y = (i % cols) * (size + gap), (i // cols) * (size + gap)
        parts.append(
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" fill="#ffffff" stroke="#505a5f" '
            'stroke-width="1"/>'
        )
        filled = min(1.0, max(0.0, share - i))
        if filled > 0:
            parts.append(
                f'<rect x="{x}" y="{y}" width="{size * filled:.2f}" height="{size}" fill="#1d70b8"/>'
            )
    shown = f"{share:.1f}".removesuffix(".0")
    desc = (
        f"{shown} of 100 squares filled, read left to right and top to bottom."
        if share
        else "No squares filled."
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-1 -1 {width + 2} {width + 2}" width="{width + 2}" '
        f'height="{width + 2}" role="img" aria-labelledby="grid-{key}-title grid-{key}-desc" '
        f'focusable="false"><title id="grid-{key}-title">{escape(title)}</title>'
        f'<desc id="grid-{key}-desc">{escape(desc)}</desc>' + "".join(parts) + "</svg>"
    )


@dataclass(frozen=True)
class FactRow:
    key: str
    label: str
    sentence: str  # "3.2 would be …", or why it is withheld
    headline: str  # the number, large: "3.2", "Fewer than 1", "Withheld"
    rest: str  # what follows it: "would be …"
    per_hundred: str
    one_in: str
    count: str
    denominator: str
    grid: str  # SVG, or "" when withheld or no population
    withheld: bool


@dataclass(frozen=True)
class SplitRow:
    label: str
    per_hundred: str
    count: str


@dataclass
class ProfilePage:
    year_label: str
    population: str
    facts: list[FactRow]
    care_leavers: FactRow | None
    known: str
    sex: list[SplitRow]
    ethnicity: list[SplitRow]
    missing: list[tuple[str, str]]  # (fact, the data it needs) for data Clearsight holds but not loaded
    not_held: tuple[tuple[str, str], ...] = NOT_HELD


def year_label(year: int) -> str:
    return f"{year - 1}-{year % 100:02d}"


def _fact_row(fact: FactSpec, count: int, population: int | None, suppress: bool, sentence: str) -> FactRow:
    small = suppressed(Decimal(count), suppress)
    if small:
        return FactRow(
            fact.key,
            fact.label,
            f"Withheld: {small} children (small numbers are not shown).",
            "Withheld",
            f"{fact.label}: {small} children, too few to show.",
            "withheld",
            "withheld",
            small,
            f"{population:,}" if population else "–",
            "",
            True,
        )
    if population is None:
        said = sentence.format(n=f"{count:,} children")
        return FactRow(
            fact.key,
            fact.label,
            said,
            f"{count:,}",
            said.split(" ", 1)[-1],
            "–",
            "–",
            f"{count:,}",
            "–",
            "",
            False,
        )
    share = per_hundred(count, population)
    said = sentence.format(n=share[0].upper() + share[1:])
    grid = hundred_grid(float(Decimal(count) * 100 / population), fact.key, said)
    headline = share[0].upper() + share[1:]
    return FactRow(
        fact.key,
        fact.label,
        said,
        headline,
        said.removeprefix(headline).strip(),
        share,
        one_in(count, population),
        f"{count:,}",
        f"{population:,}",
        grid,
        False,
    )


def _split(counts: dict[str, int], labels: dict[str, str], whole: int, suppress: bool) -> list[SplitRow]:
    """Shares of the known children. The parts add up to the total shown, so when one small count is
    withheld the next smallest is withheld too, or it could be worked out by subtraction."""
    shown = {key: counts.get(key, 0) for key in labels if key != "unknown" or counts.get(key)}
    hidden = {key for key, n in shown.items() if suppressed(Decimal(n), suppress)}
    if len(hidden) == 1 and len(shown) > 1:
        hidden.add(min((k for k in shown if k not in hidden), key=lambda k: shown[k]))
    rows = []
    for key, n in shown.items():
        if key in hidden:
            rows.append(SplitRow(labels[key], "withheld", suppressed(Decimal(n), suppress) or "withheld"))
        else:
            rows.append(SplitRow(labels[key], per_hundred(n, whole), f"{n:,}"))
    return rows


def profile_present(profile: Profile, *, suppress: bool) -> ProfilePage:
    assert profile.year is not None
    population = profile.population
    facts, missing = [], []
    for fact in FACTS:
        count = profile.counts.get(fact.key)
        if count is None:
            needed = SOURCE_NAMES[fact.source]
            missing.append(
                (
                    fact.label,
                    f"{needed} for {year_label(profile.year)}"
                    if fact.source not in profile.sources
                    else "the indicators to be recomputed after loading",
                )
            )
            continue
        facts.append(_fact_row(fact, count, population, suppress, "{n} would " + fact.says + "."))
    care_leavers = None
    if profile.counts.get(CARE_LEAVERS.key) is not None:
        care_leavers = _fact_row(
            CARE_LEAVERS,
            profile.counts[CARE_LEAVERS.key] or 0,
            population,
            suppress,
            "{n} care leavers aged 17 to 21 for every 100 children aged 0 to 17.",
        )
    else:
        missing.append((CARE_LEAVERS.label, f"the SSDA903 OC3 table for {year_label(profile.year)}"))
    if population is None:
        missing.insert(
            0, ("Every figure per 100 children", f"{SOURCE_NAMES[POPULATION]} for {year_label(profile.year)}")
        )
    has_sex = profile.known and set(profile.sex) - {"unknown"}
    has_ethnicity = profile.known and set(profile.ethnicity) - {"unknown"}
    for present, label in (
        (has_sex, "Girls and boys among children known to services"),
        (has_ethnicity, "Ethnicity among children known to services"),
    ):
        if not present:
            missing.append((label, "sex and ethnicity in the returns (903 Header, CIN census, Annex A)"))
    return ProfilePage(
        year_label=year_label(profile.year),
        population=f"{population:,}" if population else "",
        facts=facts,
        care_leavers=care_leavers,
        known=f"{profile.known:,}",
        sex=_split(
            profile.sex,
            {"girls": "Girls", "boys": "Boys", "unknown": "Sex not recorded"},
            profile.known,
            suppress,
        )
        if has_sex
        else [],
        ethnicity=_split(
            profile.ethnicity,
            {
                "white_british": "White British",
                "minority": "Ethnic groups other than White British",
                "unknown": "Ethnicity not recorded or refused",
            },
            profile.known,
            suppress,
        )
        if has_ethnicity
        else [],
        missing=missing,
    )


# --- view -------------------------------------------------------------------------------------------


def authority_profile(request: HttpRequest, plan_id: int) -> HttpResponse:
    """If <authority> had 100 children: the latest collection year loaded, or ?year=2018."""
    plan = plan_get(request.user, plan_id)  # 404 unless the user may read this authority's plan
    raw_year = request.GET.get("year", "")
    if raw_year and not raw_year.isdigit():
        raise Http404("No data loaded for that year.")
    profile = profile_get(plan.authority, int(raw_year) if raw_year else None)
    board_view = not can(request.user, plan.authority_id, Permission.VIEW_PROVISIONAL)
    context: dict[str, Any] = {
        "plan": plan,
        "profile": profile,
        "board_view": board_view,
        "section": "data",
        "nav": "home",
        "can_load": can(request.user, plan.authority_id, Permission.LOAD_DATA),
        "years": [(y, year_label(y)) for y in profile.years],
        "page": profile_present(profile, suppress=board_view) if profile.year is not None else None,
    }
    return render(request, "analytics/profile.html", context)

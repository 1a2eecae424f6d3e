"""Reads: the benchmark lines (England, region, statistical neighbours) for a council's figure.

National figures are published 7 to 19 months after a year ends, so each line falls back to the
latest year up to the one asked for that has data, and says which year it is.
"""

from __future__ import annotations

from typing import Any

from clearsight.benchmarks.models import (
    SYNTHETIC_LABEL,
    BenchmarksVersion,
    BenchmarkValue,
    StatisticalNeighbour,
)
from clearsight.benchmarks.presenters import figure_text, year_label
from clearsight.engine import benchmarks as engine


def benchmarks_token() -> str:
    """The benchmarks' current token (see ``BenchmarksVersion``): part of the cache key of any page
    that shows benchmark lines."""
    return BenchmarksVersion.objects.values_list("token", flat=True).first() or "new"


def neighbour_codes(authority: Any) -> list[str]:
    """The council's statistical neighbours by rank (as uploaded: new or old codes)."""
    rows = StatisticalNeighbour.objects.filter(la_code__in=[authority.ons_code, authority.dfe_number])
    by_la: dict[str, list[str]] = {}
    for r in rows.order_by("rank"):
        by_la.setdefault(r.la_code, []).append(r.neighbour_code)
    return by_la.get(authority.ons_code) or by_la.get(authority.dfe_number) or []


def _engine_value(r: BenchmarkValue) -> engine.BenchmarkValue:
    return engine.BenchmarkValue(r.indicator, r.year, r.geographic_level, r.area_code, r.area_name,
                                 r.old_la_code or None, r.region_code or None,
                                 float(r.value) if r.value is not None else None, r.suppressed or None)  # fmt: skip


def _line(
    label: str, found: engine.Line | None, year: int | None, asked: int, synthetic: bool
) -> dict[str, Any]:
    value = found["value"] if found else None
    suppressed = found["suppressed"] if found else None
    return {"kind": "area", "label": label, "area_code": found["area_code"] if found else "",
            "area_name": found["area_name"] if found else "", "value": value, "suppressed": suppressed,
            "display": figure_text(value, suppressed), "year": year if found else None,
            "year_label": year_label(year) if found else "", "lagged": bool(found) and year != asked,
            "synthetic": synthetic}  # fmt: skip


def lines_for(authority: Any, indicator: str, year: int) -> dict[str, Any]:
    """England, the council's region and its statistical neighbours' average for ``indicator``,
    each from the latest year up to ``year`` (a collection year, 2018 for 2017-18) that has data."""
    rows = list(BenchmarkValue.objects.filter(indicator=indicator, year__lte=year))
    synthetic = {(r.year, r.geographic_level, r.area_code) for r in rows if r.is_synthetic}
    by_year: dict[int, list[engine.BenchmarkValue]] = {}
    for r in rows:
        by_year.setdefault(r.year, []).append(_engine_value(r))
    codes = neighbour_codes(authority)
    # The council's region, from its latest row: its own row may be missing in a year that has England's.
    mine = {authority.ons_code, authority.dfe_number}
    own = [
        v
        for vs in by_year.values()
        for v in vs
        if v.geographic_level == "la" and v.region_code and {v.area_code, v.old_la_code} & mine
    ]
    region_code = max(own, key=lambda v: v.year).region_code if own else None
    found: dict[str, tuple[int, Any]] = {}
    for y in sorted(by_year, reverse=True):
        values = by_year[y]
        lines = engine.benchmark_lines(values, la_code=authority.ons_code, indicator=indicator, year=y,
                                       neighbours=codes)  # fmt: skip
        if lines["england"]:
            found.setdefault("england", (y, lines["england"]))
        region = lines["region"] or next(({"area_code": v.area_code, "area_name": v.area_name, "value": v.value,
                                           "suppressed": v.suppressed} for v in values
                                          if v.geographic_level == "regional" and v.area_code == region_code),
                                         None)  # fmt: skip
        if region:
            found.setdefault("region", (y, region))
        if codes and lines["neighbours"]["missing"] < len(codes):
            found.setdefault("neighbours", (y, lines["neighbours"]))
        if y == year and lines["la"]:
            found["la"] = (y, lines["la"])

    def line(key: str, label: str) -> dict[str, Any]:
        y, hit = found.get(key, (None, None))
        level = {"england": "national", "region": "regional", "la": "la"}[key]
        fake = hit is not None and (y, level, hit["area_code"]) in synthetic
        return _line(label, hit, y, year, fake)

    england, la = line("england", "England"), line("la", authority.name)
    region = line("region", "Region")
    region["label"] = str(region["area_name"]).removesuffix(" (synthetic)") or "Region"
    n_year, average = found.get("neighbours", (None, None))
    neighbours_fake = n_year is not None and any(
        (n_year, "la", v.area_code) in synthetic
        for v in by_year[n_year]
        if v.geographic_level == "la" and (v.area_code in codes or v.old_la_code in codes)
    )
    neighbours = {
        "kind": "neighbours", "label": "Statistical neighbours", "value": average["value"] if average else None, "suppressed": None,
        "display": figure_text(average["value"], None) if average else "No published figure",
        "available": average["available"] if average else 0, "total": len(codes),
        "suppressed_count": average["suppressed"] if average else 0,
        "missing": average["missing"] if average else len(codes),
        "sentence": average["sentence"] if average else (
            f"No figures for {authority.name}'s statistical neighbours up to {year_label(year)}." if codes
            else f"No statistical neighbours are recorded for {authority.name}."),
        "year": n_year, "year_label": year_label(n_year), "lagged": n_year is not None and n_year != year,
        "synthetic": neighbours_fake,
    }  # fmt: skip
    shown = [england, region, neighbours]
    lagged = sorted({line["year_label"] for line in shown if line["lagged"]})
    note = ""
    if lagged:
        note = (f"The latest published benchmarks for {year_label(year)} are not all out yet (national figures "
                f"come 7 to 19 months after a year ends): lines marked with an earlier year use "
                f"{', '.join(lagged)}.")  # fmt: skip
    return {"indicator": indicator, "year": year, "year_label": year_label(year), "authority": authority.name,
            "la": la, "england": england, "region": region, "neighbours": neighbours, "rows": shown,
            "synthetic": any(line["synthetic"] for line in [*shown, la]), "synthetic_label": SYNTHETIC_LABEL,
            "note": note}  # fmt: skip

"""Writes: importing DfE benchmark CSVs and statistical neighbours, and the demo's synthetic benchmarks.

Imports are all or nothing: the engine reads and checks the whole file first (raising
``InputError`` with every problem, each naming file, row and column), then every row is written in
one transaction with its audit event.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from clearsight.audit.services import audit_record
from clearsight.benchmarks.models import BenchmarksVersion, BenchmarkValue, StatisticalNeighbour
from clearsight.core.faults import fault_point
from clearsight.engine import benchmarks as engine
from clearsight.engine.problems import Problem

NORTH_WEST = ("E12000002", "North West")


@dataclass
class ImportSummary:
    """What an import did: rows by level, how many were suppressed, and any warnings."""

    filename: str
    rows: int = 0
    by_level: dict[str, int] = field(default_factory=dict)
    suppressed: int = 0
    replaced: int = 0
    indicators: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(repr(value)).quantize(Decimal("0.000001"))


def _replace_keys(rows: list[BenchmarkValue]) -> int:
    """Delete the stored rows with the same (indicator, year, level, area) as ``rows``; their count."""
    groups: dict[tuple[str, int, str], set[str]] = {}
    for r in rows:
        groups.setdefault((r.indicator, r.year, r.geographic_level), set()).add(r.area_code)
    query = Q(pk__in=[])
    for (indicator, year, level), codes in groups.items():
        query |= Q(indicator=indicator, year=year, geographic_level=level, area_code__in=sorted(codes))
    deleted, _ = BenchmarkValue.objects.filter(query).delete() if groups else (0, {})
    return int(deleted)


def benchmarks_changed() -> None:
    """Mark the benchmarks as changed, so pages cached with the old lines are rebuilt.

    Call it inside the transaction that changes them (both imports here do)."""
    BenchmarksVersion.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})


def _require_staff(actor: Any) -> None:
    """Benchmarks are shared by every authority: only the system (CLI) or staff may replace them."""
    from django.core.exceptions import PermissionDenied

    if getattr(actor, "is_authenticated", False) and not getattr(actor, "is_staff", False):
        raise PermissionDenied("Only Clearsight's administrators can import benchmarks.")


def benchmarks_import(*, data: bytes, filename: str, mapping: Mapping[str, str],
                      filters: Mapping[str, str] | None = None, synthetic: bool = False,
                      actor: Any = None) -> ImportSummary:  # fmt: skip
    """Import the mapped indicator columns of an EES open data CSV, replacing stored figures for
    the same indicator, year and area. Raises ``engine.InputError`` (nothing saved) on any problem."""
    _require_staff(actor)
    read = engine.read_ees_csv(data, filename, mapping, filters=filters)
    now = timezone.now()
    rows = [
        BenchmarkValue(
            indicator=v.indicator,
            year=v.year,
            geographic_level=v.geographic_level,
            area_code=v.area_code,
            area_name=v.area_name,
            old_la_code=v.old_la_code or "",
            region_code=v.region_code or "",
            value=_decimal(v.value),
            suppressed=v.suppressed or "",
            source_file=filename,
            imported_at=now,
            is_synthetic=synthetic,
        )
        for v in read.values
    ]
    summary = ImportSummary(
        filename=filename,
        rows=len(rows),
        by_level=dict(Counter(r.geographic_level for r in rows)),
        suppressed=sum(1 for r in rows if r.suppressed),
        indicators=sorted({r.indicator for r in rows}),
        years=sorted({r.year for r in rows}),
        warnings=list(read.warnings),
    )
    with transaction.atomic():
        summary.replaced = _replace_keys(rows)
        BenchmarkValue.objects.bulk_create(rows, batch_size=500)
        benchmarks_changed()
        fault_point("benchmarks_import.written")  # a test kills the process here, before the commit
        audit_record(
            actor=actor,
            verb="benchmarks.imported",
            after={
                "file": filename,
                "rows": summary.rows,
                "by_level": summary.by_level,
                "suppressed": summary.suppressed,
                "replaced": summary.replaced,
                "indicators": summary.indicators,
                "years": summary.years,
                "mapping": dict(mapping),
                "filters": dict(filters or {}),
                "synthetic": synthetic,
            },
        )
    return summary


def neighbours_import(*, data: bytes, filename: str, actor: Any = None,
                      synthetic: bool = False) -> tuple[int, list[Problem]]:  # fmt: skip
    """Import statistical neighbours (la_code, neighbour_code, rank), replacing each listed council's
    previous list. Returns (rows saved, warnings); raises ``engine.InputError`` on any error."""
    _require_staff(actor)
    read = engine.read_neighbours_csv(data, filename)
    rows = [StatisticalNeighbour(la_code=la, neighbour_code=code, rank=rank, source_file=filename,
                                 is_synthetic=synthetic)
            for la, codes in read.neighbours.items() for rank, code in enumerate(codes, start=1)]  # fmt: skip
    with transaction.atomic():
        replaced, _ = StatisticalNeighbour.objects.filter(la_code__in=list(read.neighbours)).delete()
        StatisticalNeighbour.objects.bulk_create(rows)
        benchmarks_changed()
        audit_record(
            actor=actor,
            verb="benchmarks.neighbours_imported",
            after={
                "file": filename,
                "councils": len(read.neighbours),
                "rows": len(rows),
                "replaced": replaced,
                "synthetic": synthetic,
            },
        )
    return len(rows), list(read.warnings)


# North West councils (ONS code, DfE number, name) the demo draws its ten synthetic neighbours from.
DEMO_COUNCILS = (
    ("E08000011", "340", "Knowsley"),
    ("E08000012", "341", "Liverpool"),
    ("E08000013", "342", "St Helens"),
    ("E08000014", "343", "Sefton"),
    ("E08000015", "344", "Wirral"),
    ("E06000006", "876", "Halton"),
    ("E06000007", "877", "Warrington"),
    ("E10000017", "888", "Lancashire"),
    ("E06000050", "896", "Cheshire West and Chester"),
    ("E06000008", "889", "Blackburn with Darwen"),
    ("E06000009", "890", "Blackpool"),
    ("E08000010", "359", "Wigan"),
    ("E08000006", "355", "Salford"),
)


def _demo_figures(authority: Any) -> dict[tuple[str, int], float]:
    """The authority's own financial-year figures by (indicator, collection year)."""
    from clearsight.analytics.selectors import latest_results, results_of

    figures: dict[tuple[str, int], float] = {}
    for latest in latest_results(authority):
        for r in results_of(authority, latest.indicator).filter(level_kind="authority",
                                                                 period_type="financial_year"):  # fmt: skip
            if r.value is not None:
                year = r.period_end.year if r.period_end.month <= 3 else r.period_end.year + 1
                figures[(r.indicator, year)] = float(r.value)
    return figures


def demo_benchmarks_load(authorities: Iterable[Any], *, seed: int = 7) -> dict[str, int]:
    """Make synthetic England, North West and ten-neighbour figures around each demo authority's own
    (synthetic) indicator results, with seeded noise. Every row is ``is_synthetic`` and shown as
    "Synthetic benchmark (demo)"; area names say "(synthetic)" so no one takes them for England's.
    Published (non-synthetic) figures already stored are never overwritten."""
    now = timezone.now()
    counts: Counter[str] = Counter()
    with transaction.atomic():
        for authority in authorities:
            figures = _demo_figures(authority)
            others = [c for c in DEMO_COUNCILS if authority.ons_code not in c[:2]][: engine.NEIGHBOURS]
            if not StatisticalNeighbour.objects.filter(
                la_code__in=[authority.ons_code, authority.dfe_number]
            ).exists():
                StatisticalNeighbour.objects.bulk_create(
                    StatisticalNeighbour(la_code=authority.ons_code, neighbour_code=code, rank=rank,
                                         source_file="demo", is_synthetic=True)
                    for rank, (code, _, _) in enumerate(others, start=1))  # fmt: skip
                counts["neighbours"] += len(others)
            for (indicator, year), own in sorted(figures.items()):
                rng = random.Random(f"{seed}:{authority.ons_code}:{indicator}:{year}")

                def near(spread: float, _rng: random.Random = rng, _own: float = own) -> float:
                    return round(max(0.0, _own * (1 + _rng.uniform(-spread, spread))), 1)

                areas: list[tuple[str, str, str, str, str, float | None]] = [
                    ("national", engine.ENGLAND, "England (synthetic)", "", "", near(0.15)),
                    ("regional", NORTH_WEST[0], "North West (synthetic)", "", NORTH_WEST[0], near(0.2)),
                    ("la", authority.ons_code, authority.name, authority.dfe_number, NORTH_WEST[0], own),
                ]
                areas += [("la", code, f"{name} (synthetic)", number, NORTH_WEST[0],
                           near(0.3) if rng.random() > 0.1 else None) for code, number, name in others]  # fmt: skip
                for level, code, name, number, region, value in areas:
                    real = BenchmarkValue.objects.filter(indicator=indicator, year=year, geographic_level=level,
                                                         area_code=code, is_synthetic=False)  # fmt: skip
                    if real.exists():
                        continue
                    BenchmarkValue.objects.update_or_create(
                        indicator=indicator, year=year, geographic_level=level, area_code=code,
                        defaults={"area_name": name, "old_la_code": number, "region_code": region,
                                  "value": _decimal(value), "suppressed": "" if value is not None else "c",
                                  "source_file": "demo", "imported_at": now, "is_synthetic": True},
                    )  # fmt: skip
                    counts["benchmark figures"] += 1
        benchmarks_changed()
    return dict(counts)

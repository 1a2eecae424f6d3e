"""Demo performance data: the measure catalogue applied to the seed measures, then made-up
monthly figures and a release history. Every figure is marked as demo data wherever shown.

The figures are a seeded random walk around each measure's ``demo_baseline`` in
``measures.yaml``: plausible for a council of ~65,000 children, and nobody's real performance.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from clearsight.engine import periods as p
from clearsight.engine.periods import Period, PeriodType
from clearsight.performance import services
from clearsight.performance.models import DataRelease, Measure
from clearsight.plans.models import Plan

CATALOGUE = Path(__file__).parent / "measures.yaml"
FIELDS = ("key", "unit", "polarity", "source", "indicator", "period_type", "frequency", "definition")


def catalogue() -> dict[str, list[dict[str, Any]]]:
    data: dict[str, list[dict[str, Any]]] = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    return data


def measures_describe(plan: Plan, entries: list[dict[str, Any]]) -> int:
    """Give each of the plan's measures its unit, polarity, source and period from the catalogue."""
    from clearsight.engine.indicators import REGISTRY

    by_name = {entry["name"]: entry for entry in entries}
    described = 0
    for measure in plan.measures.all():
        entry = by_name.get(measure.name)
        if entry is None:
            continue
        for name in FIELDS:
            setattr(measure, name, entry.get(name) or "")
        if measure.source == "computed" and measure.indicator:
            # A computed measure reports on the indicator's period: DfE defines these per collection year.
            indicator = REGISTRY.get(measure.indicator)
            measure.period_type = indicator.period_type.value
            measure.frequency = "annually"
        measure.save()
        described += 1
    services.figures_changed(plan.authority_id)
    return described


def _periods(period_type: str, first: date, last: date) -> list[Period]:
    months = p.months_between(p.month(first.year, first.month), p.month(last.year, last.month))
    t = PeriodType(period_type)
    if t is PeriodType.MONTH:
        return months
    if t is PeriodType.QUARTER:
        return [p.quarter_containing(m.start) for m in months if m.end == p.quarter_containing(m.start).end]
    if t is PeriodType.FINANCIAL_YEAR:
        return [p.financial_year(m.start.year - 1) for m in months if m.start.month == 3]
    if t is PeriodType.YEAR_TO_DATE:
        return [p.year_to_date(m.end) for m in months]
    if t is PeriodType.ROLLING_12_MONTHS:
        return [p.rolling_12_months(m.end) for m in months]
    return [p.snapshot(m.end) for m in months]


def _figures(measure: Measure, baseline: float, periods: list[Period], rng: random.Random
             ) -> list[tuple[Period, Decimal, Decimal | None, Decimal | None]]:
    figures = []
    level = baseline
    drift = rng.uniform(-0.15, 0.35) if measure.unit == "percentage" else rng.uniform(-0.01, 0.01) * baseline
    for period in periods:
        if measure.unit == "percentage":
            level = min(99.0, max(1.0, level + drift + rng.gauss(0, 2.0)))
            denominator = rng.randint(40, 260)
            numerator = round(denominator * level / 100)
            figures.append((period, Decimal(100 * numerator) / Decimal(denominator), Decimal(numerator),
                            Decimal(denominator)))
        elif measure.unit == "count":
            level = max(0.0, level + drift + rng.gauss(0, max(1.0, baseline * 0.04)))
            figures.append((period, Decimal(round(level)), None, None))
        else:
            level = max(0.0, level + drift + rng.gauss(0, max(0.2, baseline * 0.04)))
            figures.append((period, Decimal(f"{level:.1f}"), None, None))
    return figures


def child_data_load(*, plan: Plan, children: int, cla_rate: float, seed: int = 1) -> dict[str, int]:
    """Synthetic SSDA903, CIN census, Annex A and workforce files for six years, loaded and computed.

    Measures computed from an indicator get their figures from this; they are demo data, made by
    ``clearsight synth``, and are labelled so wherever shown."""
    import tempfile

    from clearsight.analytics.models import IndicatorResult
    from clearsight.analytics.services import data_load, indicators_recompute
    from clearsight.engine.synth import SynthConfig, generate
    from clearsight.engine.synth.authorities import find_authority

    with tempfile.TemporaryDirectory(prefix="clearsight-demo-") as folder:
        config = SynthConfig(find_authority(plan.authority.ons_code), children=children, years=6, seed=seed,
                             last_year=2018, cla_rate=cla_rate)
        generate(config, Path(folder))
        outcome = data_load(user=None, authority=plan.authority, paths=[Path(folder)], validate=False)
    indicators_recompute(user=None, authority=plan.authority)
    return {"files": len(outcome.uploads), "indicator figures": IndicatorResult.objects.filter(
        authority=plan.authority).count()}


def demo_performance_load(*, plan: Plan, entries: list[dict[str, Any]], submitter: Any, approver: Any,
                          children: int = 65_000, cla_rate: float = 70.0,
                          first: date = date(2016, 4, 1), last: date = date(2018, 3, 31)) -> dict[str, int]:
    """Describe the measures, compute those that come from child-level data, record demo figures
    for the rest, and take the releases through approval.

    All months but the last two are published; the second-to-last is approved and not yet
    published; the last is submitted and waits for someone to approve it.
    """
    described = measures_describe(plan, entries)
    computed = child_data_load(plan=plan, children=children, cla_rate=cla_rate) if children else {}
    baselines = {entry["name"]: float(entry["demo_baseline"]) for entry in entries}
    count = 0
    for measure in plan.measures.exclude(source="computed"):
        if measure.name not in baselines:
            continue
        rng = random.Random(f"{plan.authority.ons_code}:{measure.key}")
        for period, value, numerator, denominator in _figures(
            measure, baselines[measure.name], _periods(measure.period_type, first, last), rng
        ):
            services.demo_value_record(measure=measure, period=period, value=value.quantize(Decimal("0.0001")),
                                       numerator=numerator, denominator=denominator)
            count += 1
    # Everything in the demo is demo data, including figures computed from the synthetic returns.
    DataRelease.objects.filter(authority=plan.authority).update(is_demo=True)
    services.figures_changed(plan.authority_id)
    releases = list(DataRelease.objects.filter(authority=plan.authority, status=DataRelease.Status.DRAFT)
                    .order_by("period_start"))
    for index, release in enumerate(releases):
        if not release.values.exists():
            continue
        release = services.release_submit(user=submitter, release=release)
        if index == len(releases) - 1:
            continue
        release = services.release_approve(user=approver, release=release)
        if index < len(releases) - 2:
            services.release_publish(user=approver, release=release)
    return {"measures described": described, **computed, "demo figures": count, "releases": len(releases)}

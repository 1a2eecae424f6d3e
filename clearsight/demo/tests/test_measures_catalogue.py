"""The measure catalogue (``clearsight/demo/measures.yaml``) against the two seed plans.

Plain pytest, no Django: ``pytest -p no:django --noconftest clearsight/demo/tests/test_measures_catalogue.py``.
Every measure the seed reader finds must have exactly one entry, with valid metadata, so nothing
about a measure is ever guessed from its name at run time.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from clearsight.engine.planfiles.seedtext import read_seed_text

DEMO = Path(__file__).resolve().parents[1]
CATALOGUE = DEMO / "measures.yaml"
SEEDS = {
    "sefton": DEMO / "seeds" / "sefton-improvement-action-plan-2017-18.txt",
    "wirral": DEMO / "seeds" / "wirral-improvement-plan-2017-19.txt",
}

UNITS = {"percentage", "count", "rate_per_10k", "days", "average", "number"}
POLARITIES = {"auto", "higher", "lower", "direction"}
SOURCES = {"computed", "case_audit", "survey", "workforce", "partner", "manual"}
PERIOD_TYPES = {"month", "quarter", "financial_year", "year_to_date", "rolling_12_months", "snapshot"}
FREQUENCIES = {"monthly", "quarterly", "annually"}

# Indicator ids are a contract with the indicator engine.
_COUNT_INDICATORS = {
    "contacts",
    "referrals",
    "assessments",
    "s47_enquiries",
    "icpcs",
    "cin_at_31mar",
    "cpp_at_31mar",
    "cla_at_31mar",
    "cla_starts",
    "care_leavers",
}
INDICATORS = (
    {
        "re_referrals_12m",
        "assessments_45wd",
        "assessments_15wd",
        "assessments_35wd",
        "assessments_nfa",
        "icpc_15wd",
        "cpp_second_or_subsequent",
        "cpp_second_within_2y",
        "cpp_ended_2y_plus",
        "cpp_reviews_in_time",
        "cla_3plus_placements",
        "cla_long_term_stability",
        "cla_placed_with_parents_care_order",
        "cla_reviews_in_time",
        "cla_annual_health_check",
        "cla_dental_check",
        "care_leavers_in_touch",
        "care_leavers_eet",
        "care_leavers_suitable_accommodation",
        "cp_visits_in_time",
        "cla_visits_in_time",
        "average_caseload",
        "agency_worker_rate",
    }
    | _COUNT_INDICATORS
    | {f"{name}_rate_per_10k" for name in _COUNT_INDICATORS}
)

REQUIRED = {
    "key",
    "name",
    "unit",
    "polarity",
    "source",
    "period_type",
    "frequency",
    "definition",
    "demo_baseline",
}
ALLOWED = REQUIRED | {"indicator"}
KEY = re.compile(r"^[a-z0-9_]+$")


def _catalogue() -> dict:
    with CATALOGUE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _measures(council: str) -> list:
    plan, _problems = read_seed_text(SEEDS[council].read_text(encoding="utf-8"))
    return list(plan.measures)


def _entries(council: str) -> list[dict]:
    entries = _catalogue()[council]
    assert isinstance(entries, list) and entries, f"{council}: expected a non-empty list of measures"
    assert all(isinstance(entry, dict) for entry in entries), f"{council}: every entry must be a mapping"
    return entries


def test_catalogue_has_exactly_the_two_councils() -> None:
    assert set(_catalogue()) == set(SEEDS)


@pytest.mark.parametrize("council", sorted(SEEDS))
def test_every_parsed_measure_appears_exactly_once_and_nothing_else(council: str) -> None:
    parsed = {measure.name for measure in _measures(council)}
    names = Counter(entry.get("name") for entry in _entries(council))
    duplicated = sorted(name for name, count in names.items() if count > 1)
    missing = sorted(parsed - set(names))
    extra = sorted(set(names) - parsed, key=str)
    assert not duplicated, f"{council}: names listed more than once: {duplicated}"
    assert not missing, f"{council}: parsed measures with no catalogue entry: {missing}"
    assert not extra, f"{council}: catalogue names that are not in the plan text: {extra}"


def test_seed_measure_counts_are_as_expected() -> None:
    # Guards the test itself: if the seed reader changes, the catalogue must be looked at again.
    assert len({m.name for m in _measures("sefton")}) == 46
    assert len({m.name for m in _measures("wirral")}) == 25


@pytest.mark.parametrize("council", sorted(SEEDS))
def test_fields_present_and_known(council: str) -> None:
    for entry in _entries(council):
        label = f"{council}/{entry.get('key')}"
        assert not REQUIRED - set(entry), f"{label}: missing {sorted(REQUIRED - set(entry))}"
        assert not set(entry) - ALLOWED, f"{label}: unknown fields {sorted(set(entry) - ALLOWED)}"
        assert isinstance(entry["name"], str) and entry["name"], f"{label}: name must be text"
        assert isinstance(entry["definition"], str) and entry["definition"].strip(), (
            f"{label}: empty definition"
        )


@pytest.mark.parametrize("council", sorted(SEEDS))
def test_keys_unique_and_well_formed(council: str) -> None:
    keys = [entry.get("key") for entry in _entries(council)]
    bad = [key for key in keys if not isinstance(key, str) or not KEY.match(key)]
    assert not bad, f"{council}: keys must match {KEY.pattern}: {bad}"
    duplicated = sorted(key for key, count in Counter(keys).items() if count > 1)
    assert not duplicated, f"{council}: duplicate keys {duplicated}"


@pytest.mark.parametrize("council", sorted(SEEDS))
def test_enumerations_are_valid(council: str) -> None:
    for entry in _entries(council):
        label = f"{council}/{entry.get('key')}"
        assert entry["unit"] in UNITS, f"{label}: unit {entry['unit']!r}"
        assert entry["polarity"] in POLARITIES, f"{label}: polarity {entry['polarity']!r}"
        assert entry["source"] in SOURCES, f"{label}: source {entry['source']!r}"
        assert entry["period_type"] in PERIOD_TYPES, f"{label}: period_type {entry['period_type']!r}"
        assert entry["frequency"] in FREQUENCIES, f"{label}: frequency {entry['frequency']!r}"


@pytest.mark.parametrize("council", sorted(SEEDS))
def test_indicator_only_and_always_for_computed(council: str) -> None:
    for entry in _entries(council):
        label = f"{council}/{entry['key']}"
        if entry["source"] == "computed":
            assert entry.get("indicator") in INDICATORS, (
                f"{label}: indicator {entry.get('indicator')!r} not in the list"
            )
        else:
            assert "indicator" not in entry, f"{label}: only computed measures name an indicator"


@pytest.mark.parametrize("council", sorted(SEEDS))
def test_demo_baselines_are_plausible_numbers(council: str) -> None:
    for entry in _entries(council):
        label = f"{council}/{entry['key']}"
        value = entry["demo_baseline"]
        assert isinstance(value, int | float) and not isinstance(value, bool), (
            f"{label}: baseline must be a number"
        )
        assert math.isfinite(value) and value >= 0, f"{label}: baseline {value!r}"
        if entry["unit"] == "percentage":
            assert 0 <= value <= 100, f"{label}: percentage baseline {value!r} outside 0-100"
        if entry["unit"] == "count":
            assert float(value).is_integer(), f"{label}: count baseline {value!r} is not a whole number"


@pytest.mark.parametrize("council", sorted(SEEDS))
def test_direction_polarity_only_where_the_plan_gives_a_direction(council: str) -> None:
    bands = {
        m.name: " ".join((m.requires_improvement, m.good, m.outstanding)).lower() for m in _measures(council)
    }
    for entry in _entries(council):
        if entry["polarity"] == "direction":
            text = bands[entry["name"]]
            assert "increase" in text or "decrease" in text, (
                f"{council}/{entry['key']}: polarity direction but the plan's bands are {text!r}"
            )

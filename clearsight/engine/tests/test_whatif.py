"""What it would take to reach a better grade, checked against the engine's own grading."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearsight.engine.thresholds import Grade, Polarity, Thresholds, grade, parse_band_text
from clearsight.engine.whatif import WhatIfError, value_gap, what_it_would_take

SEFTON = parse_band_text("65-79 | 80-89 | 90-100")  # assessments on time: higher is better
RE_REFERRALS = parse_band_text("20-24 | 19-16 | <16")  # lower is better
GAPPED = parse_band_text("65-74 | 75-80 | 85+")
RANK = {Grade.INADEQUATE: 0, Grade.REQUIRES_IMPROVEMENT: 1, Grade.GOOD: 2, Grade.OUTSTANDING: 3}
SEEN = ("child seen on time", "children seen on time")


def steps(
    thresholds: Thresholds, numerator: int, denominator: int, **kwargs: object
) -> list[tuple[str, int]]:
    return [
        (str(s.grade), s.change) for s in what_it_would_take(thresholds, numerator, denominator, **kwargs)
    ]


def test_it_says_how_many_more_would_reach_good_with_the_denominator_unchanged() -> None:
    first, second = what_it_would_take(SEFTON, 180, 240, counted=SEEN)
    assert (first.grade, first.change, first.new_value, first.reachable) == (Grade.GOOD, 12, 80.0, True)
    assert first.sentence == "12 more children seen on time this period (of 240) would make this Good (80%)."
    assert (second.grade, second.change) == (Grade.OUTSTANDING, 36)


def test_from_inadequate_it_gives_the_next_grade_up_as_well() -> None:
    assert steps(SEFTON, 150, 240) == [("Requires Improvement", 6), ("Good", 42), ("Outstanding", 66)]


@pytest.mark.parametrize(
    ("numerator", "expected"),
    [
        (191, [("Good", 1), ("Outstanding", 25)]),  # 79.58% is still Requires Improvement
        (192, [("Good", 0), ("Outstanding", 24)]),  # exactly 80%
        (216, [("Good", 0), ("Outstanding", 0)]),
        (240, [("Good", 0), ("Outstanding", 0)]),
    ],
)
def test_the_edges_are_where_the_engine_puts_them(numerator: int, expected: list[tuple[str, int]]) -> None:
    assert steps(SEFTON, numerator, 240) == expected


def test_a_grade_already_reached_says_so() -> None:
    good, outstanding = what_it_would_take(SEFTON, 216, 240)
    assert good.sentence == "Already better than Good (90% is Outstanding)."
    assert outstanding.sentence == "Already Outstanding (90%)." and outstanding.reachable


def test_lower_is_better_counts_how_many_fewer() -> None:
    assert steps(RE_REFERRALS, 60, 240) == [("Requires Improvement", -3), ("Good", -15), ("Outstanding", -22)]
    good = what_it_would_take(RE_REFERRALS, 50, 240, counted=("re-referral", "re-referrals"))[0]
    assert good.sentence == "5 fewer re-referrals this period (of 240) would make this Good (18.8%)."
    # 46/240 = 19.17% sits between 19 and 20: the worse band (Requires Improvement) on whole-number bands
    assert grade(RE_REFERRALS, 100 * 46 / 240) is Grade.REQUIRES_IMPROVEMENT
    assert steps(RE_REFERRALS, 46, 240)[0] == ("Good", -1)


def test_a_value_in_a_gap_between_bands_is_graded_as_the_engine_does() -> None:
    # 82% is in the gap 80-85: Good (the worse neighbour), so Good is already reached
    assert steps(GAPPED, 164, 200) == [("Good", 0), ("Outstanding", 6)]
    assert steps(GAPPED, 149, 200) == [("Good", 1), ("Outstanding", 21)]


def test_a_change_that_overshoots_the_target_says_where_it_lands() -> None:
    good, _ = what_it_would_take(GAPPED, 2, 3)  # 66.7%, and 3/3 is the next value: Outstanding
    assert good.change == 1 and good.sentence.endswith(
        "Outstanding (100%); no smaller change reaches Good alone."
    )


def test_a_grade_no_numerator_can_reach_is_not_reachable_this_period() -> None:
    *_, outstanding = what_it_would_take(parse_band_text("65-79 | 80-89 | 101+"), 150, 240)
    assert (outstanding.reachable, outstanding.change, outstanding.new_value) == (False, 0, 62.5)
    assert outstanding.sentence == "Outstanding is not reachable this period: even all 240 would be 100%."
    *_, zero = what_it_would_take(parse_band_text("20-24 | 19-16 | <0"), 50, 240)
    assert not zero.reachable and zero.sentence.endswith("even none would be 0%.")


def test_grades_without_a_band_and_direction_only_measures_give_no_steps() -> None:
    assert steps(parse_band_text("25-21 | |"), 70, 240) == [("Requires Improvement", -10)]
    assert steps(parse_band_text("65-79 | 80-89 |"), 150, 240) == [("Requires Improvement", 6), ("Good", 42)]
    assert what_it_would_take(parse_band_text("Increase"), 1, 2) == []


def test_rates_are_not_capped_at_the_denominator() -> None:
    rate = parse_band_text("300-399 | 400-499 | 500+")  # referrals per 10,000 children
    assert steps(rate, 2_000, 65_000, unit="rate_per_10k") == [("Good", 600), ("Outstanding", 1_250)]


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [((5, 0), {}), ((5, 4), {}), ((-1, 4), {}), ((1.5, 4), {}), ((True, 4), {}), ((1, 4), {"unit": "count"})],
)
def test_impossible_figures_are_refused(args: tuple[object, object], kwargs: dict[str, str]) -> None:
    with pytest.raises(WhatIfError):
        what_it_would_take(SEFTON, *args, **kwargs)


def test_a_count_gives_the_value_gap_in_whole_numbers() -> None:
    visits = parse_band_text("10-14 | 15-19 | 20+")
    good, outstanding = value_gap(visits, 12)
    assert (good.change, good.new_value, outstanding.change) == (3, 15, 8)
    assert good.sentence == "15 or more would make this Good: 3 more than now (12)."
    fewer = value_gap(RE_REFERRALS, 22)
    assert [(g.grade, g.new_value) for g in fewer] == [(Grade.GOOD, 19), (Grade.OUTSTANDING, 15)]
    assert fewer[0].sentence == "19 or less would make this Good: 3 fewer than now (22)."


def test_other_values_move_in_tenths() -> None:
    good, outstanding = value_gap(RE_REFERRALS, 22.3, unit="rate_per_10k")
    assert good.new_value == 19 and outstanding.new_value == 15.9
    assert good.change == pytest.approx(-3.3)
    assert value_gap(SEFTON, Decimal("79.5"), unit="percentage")[0].new_value == 80
    assert not value_gap(parse_band_text("65-79 | 80-89 | 101+"), 95, unit="percentage")[-1].reachable


@pytest.mark.parametrize(("value", "unit"), [(-1, "count"), (float("nan"), "count"), (5, "furlongs")])
def test_impossible_values_are_refused(value: float, unit: str) -> None:
    with pytest.raises(WhatIfError):
        value_gap(SEFTON, value, unit=unit)


# --- properties -----------------------------------------------------------------------------

BAND_SETS = [
    SEFTON,
    RE_REFERRALS,
    GAPPED,
    parse_band_text("65-75 | 75-84 | 85+"),
    parse_band_text("40-50 | 49-25 | >24"),
    parse_band_text("2.5-3.9 | 4-4.9 | 5+", "higher"),
]


def at_least(thresholds: Thresholds, value: float, target: Grade) -> bool:
    return RANK.get(grade(thresholds, value), -1) >= RANK[target]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(BAND_SETS), st.integers(1, 2_000), st.data())
def test_the_change_reaches_the_grade_and_one_less_does_not(
    thresholds: Thresholds, denominator: int, data: st.DataObject
) -> None:
    numerator = data.draw(st.integers(0, denominator))
    for step in what_it_would_take(thresholds, numerator, denominator):
        if not step.reachable:
            best = denominator if thresholds.polarity is Polarity.HIGHER else 0
            assert not at_least(thresholds, 100 * best / denominator, step.grade)
            continue
        after = numerator + step.change
        assert 0 <= after <= denominator and step.new_value == 100 * after / denominator
        assert at_least(thresholds, step.new_value, step.grade)
        if step.change:
            one_less = after - (1 if step.change > 0 else -1)
            assert not at_least(thresholds, 100 * one_less / denominator, step.grade)
        assert (step.change > 0) == (step.change != 0 and thresholds.polarity is Polarity.HIGHER)

"""SPC (XmR) charts and the Making Data Count special-cause rules, each tested at its boundary."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearsight.engine.charts import Point, line_chart
from clearsight.engine.spc import (
    Assurance,
    Meaning,
    Rule,
    Side,
    SpcError,
    SpcResult,
    Variation,
    analyse,
)

# A steady baseline: mean 50, mean moving range 32/11, limits 50 ± 7.74 (42.26 to 57.74);
# "close to a limit" is more than 5.16 from the mean (beyond 55.16 or below 44.84).
BASE = [50, 52, 48, 51, 49, 50, 53, 47, 50, 52, 48, 50]


def spc(extra: list[float | None], polarity: str | None = "higher", **kwargs: object) -> SpcResult:
    return analyse([*BASE, *extra], polarity=polarity, baseline=12, **kwargs)


def found(result: SpcResult) -> list[tuple[str, tuple[int, ...], str]]:
    return [(str(s.rule), s.indexes, str(s.side)) for s in result.signals]


def test_the_limits_are_the_mean_plus_or_minus_2_66_mean_moving_ranges() -> None:
    result = analyse(BASE, polarity="higher")
    assert result.mean == 50
    assert result.mean_moving_range == pytest.approx(32 / 11)
    assert (result.lower, result.upper) == pytest.approx((50 - 2.66 * 32 / 11, 50 + 2.66 * 32 / 11))
    assert result.moving_ranges[:4] == (None, 2, 4, 3)
    assert found(result) == [] and result.variation is Variation.COMMON_CAUSE


def test_a_baseline_fixes_the_limits_on_the_first_periods() -> None:
    result = spc([80, 81, 82])
    assert result.mean == 50 and result.upper == pytest.approx(57.7382, abs=1e-4)
    assert analyse([*BASE, 80, 81, 82], polarity="higher").mean != 50


# --- rule 1: a point outside the limits -----------------------------------------------------


@pytest.mark.parametrize(("value", "side"), [(58, "high"), (42, "low")])
def test_a_single_point_outside_the_limits_is_a_signal(value: float, side: str) -> None:
    assert found(spc([value])) == [("outside_limits", (12,), side)]


@pytest.mark.parametrize("value", [57.7, 42.3, 50])
def test_a_point_inside_the_limits_is_not(value: float) -> None:
    assert found(spc([value])) == []


# --- rule 2: a run on one side of the mean --------------------------------------------------


def test_seven_in_a_row_above_the_mean_is_a_shift_and_six_is_not() -> None:
    assert found(spc([51] * 6)) == []
    assert found(spc([51] * 7)) == [("shift", tuple(range(12, 19)), "high")]
    assert found(spc([49] * 9)) == [("shift", tuple(range(12, 21)), "low")]  # reported once, in full


def test_a_point_on_the_mean_or_a_gap_ends_a_run() -> None:
    assert found(spc([51, 51, 51, 50, 51, 51, 51, 51])) == []
    assert found(spc([51, 51, 51, None, 51, 51, 51, 51])) == []


def test_the_run_length_is_a_parameter() -> None:
    assert found(spc([51] * 6, run_length=6)) == [("shift", tuple(range(12, 18)), "high")]
    assert found(spc([51] * 7, run_length=8)) == []


def test_the_sentence_says_what_a_run_means_for_the_measure() -> None:
    (signal,) = spc([49] * 7, polarity="lower", period="month").signals
    assert signal.meaning is Meaning.IMPROVEMENT
    assert signal.sentence == (
        "Seven months in a row below the average (month 13 to month 19): this is unlikely to be chance; "
        "the process has changed — for the better, as lower is better for this measure."
    )
    (concern,) = spc([49] * 7, polarity="higher").signals
    assert concern.meaning is Meaning.CONCERN and concern.sentence.endswith(
        "a concern, as higher is better for this measure."
    )


# --- rule 3: a trend ------------------------------------------------------------------------


def test_seven_points_each_higher_than_the_one_before_is_a_trend_and_six_is_not() -> None:
    rising = [44, 45, 46, 47, 48, 49]  # 44 follows 50, so the trend starts at 44
    assert found(spc(rising)) == []
    assert found(spc([*rising, 50.5])) == [("trend", tuple(range(12, 19)), "high")]
    falling = [56, 55, 54, 53, 52, 51, 49.5]
    assert ("trend", tuple(range(12, 19)), "low") in found(spc(falling))


def test_a_tie_or_a_gap_breaks_a_trend() -> None:
    assert found(spc([47, 48, 49, 49, 50.5, 51, 52, 53])) == []
    assert found(spc([47, 48, 49, None, 50.5, 51, 52, 53])) == []


def test_the_trend_length_is_a_parameter() -> None:
    assert found(spc([44, 45, 46, 47, 48, 49], trend_length=6)) == [("trend", tuple(range(12, 18)), "high")]


# --- rule 4: two out of three close to a limit ----------------------------------------------


def test_two_out_of_three_close_to_the_same_limit_is_a_signal() -> None:
    assert found(spc([56, 51, 56])) == [("two_of_three", (12, 14), "high")]
    assert found(spc([44, 44])) == [("two_of_three", (12, 13), "low")]
    assert found(spc([56, 44, 56])) == [("two_of_three", (12, 14), "high")]  # the third may be anywhere


@pytest.mark.parametrize(
    "extra",
    [[56, 51, 52, 56], [56, 44], [55, 55], [58, 56]],
    ids=["too far apart", "opposite limits", "not beyond two sigma", "beyond the limit is rule 1"],
)
def test_close_points_that_do_not_make_two_of_three(extra: list[float]) -> None:
    assert [s for s in spc(extra).signals if s.rule is Rule.TWO_OF_THREE] == []


def test_a_cluster_of_close_points_is_one_signal() -> None:
    (signal,) = spc([56, 51, 56, 51, 56], polarity=None).signals
    assert signal.indexes == (12, 14, 16) and signal.meaning is Meaning.NEUTRAL
    assert signal.sentence.startswith("Three points, at least two in every three in a row, are close to")


# --- mixed signals, flags and the variation icon --------------------------------------------


def test_points_carry_every_rule_that_marks_them_and_the_chart_highlights_them() -> None:
    result = spc([51, 52, 51, 56, 51, 56, 59], polarity="higher", unit="percentage")
    assert {s.rule for s in result.signals} == {Rule.SHIFT, Rule.TWO_OF_THREE, Rule.OUTSIDE_LIMITS}
    assert result.points[18].rules == (Rule.OUTSIDE_LIMITS, Rule.SHIFT)
    assert result.points[15].rules == (Rule.SHIFT, Rule.TWO_OF_THREE)
    assert result.highlight == tuple(range(12, 19))
    assert (result.variation, result.variation_side) == (Variation.IMPROVEMENT, Side.HIGH)
    svg = line_chart(
        [Point(str(i), v) for i, v in enumerate(result.values)],
        title="t",
        description="d",
        unit="%",
        limits=result.limits,
        highlight=result.highlight,
    )
    assert svg.count('class="cs-signal"') == 7 + 1  # and one in the key


def test_a_rising_trend_below_the_mean_is_read_by_its_direction() -> None:
    result = spc([45, 45.5, 46, 47, 48, 49, 49.5], polarity="higher")
    assert {s.rule for s in result.signals} == {Rule.TREND, Rule.SHIFT}
    assert result.points[14].meaning is Meaning.IMPROVEMENT  # the trend outranks the shift


def test_the_icon_follows_the_latest_point() -> None:
    earlier = spc([60, 50, 51, 49], polarity="lower")
    assert earlier.variation is Variation.COMMON_CAUSE
    assert "1 earlier special cause signal(s)" in earlier.variation_text
    latest = spc([49, 50, 60, None], polarity="lower", period="month")
    assert latest.variation is Variation.CONCERN
    assert latest.variation_text.startswith("Special cause concern: the latest month, month 15 (60),")
    assert spc([60], polarity=None).variation is Variation.NEUTRAL


def test_labels_name_the_periods() -> None:
    labels = [f"M{i}" for i in range(13)]
    (signal,) = analyse([*BASE, 60], polarity="higher", labels=labels, unit="percentage", baseline=12).signals
    assert signal.sentence.startswith("M12 (60%) is above the upper process limit (57.7%)")


# --- assurance against a target -------------------------------------------------------------


@pytest.mark.parametrize(
    ("polarity", "target", "assurance"),
    [
        ("higher", 42, Assurance.MEETS),
        ("higher", 60, Assurance.FAILS),
        ("higher", 50, Assurance.HIT_AND_MISS),
        ("lower", 60, Assurance.MEETS),
        ("lower", 42, Assurance.FAILS),
        ("lower", 55, Assurance.HIT_AND_MISS),
    ],
)
def test_assurance_compares_the_limits_with_the_target(
    polarity: str, target: float, assurance: Assurance
) -> None:
    result = analyse(BASE, polarity=polarity, target=target)
    assert result.assurance is assurance and result.assurance_text


def test_reaching_the_target_exactly_counts_as_meeting_it() -> None:
    assert analyse([5] * 12, polarity="higher", target=5).assurance is Assurance.MEETS
    assert analyse([5] * 12, polarity="lower", target=5).assurance is Assurance.MEETS


def test_a_target_without_a_direction_of_good_is_not_judged() -> None:
    result = analyse(BASE, polarity=None, target=50)
    assert result.assurance is None and "no direction of good" in result.assurance_text
    assert analyse(BASE, polarity="higher").assurance_text == ""


# --- units, gaps, flat and short series -----------------------------------------------------


def test_percentage_limits_are_clipped_to_0_and_100_and_counts_to_0() -> None:
    result = analyse([100, 90] * 6, polarity="higher", unit="percentage")
    assert result.upper == 100 and result.raw_upper is not None and result.raw_upper > 100
    counts = analyse([0, 9] * 6, polarity="lower", unit="count")
    assert counts.lower == 0 and counts.raw_lower is not None and counts.raw_lower < 0
    assert analyse([0, 9] * 6, polarity="lower").lower == counts.raw_lower


def test_no_moving_range_is_taken_across_a_gap() -> None:
    result = analyse([*BASE[:6], None, *BASE[6:]], polarity="higher")
    assert result.moving_ranges[6:8] == (None, None)
    assert result.mean_moving_range == pytest.approx((32 - abs(53 - 50)) / 10)


def test_decimals_and_numpy_numbers_are_read_exactly() -> None:
    import numpy as np

    from_decimals = analyse([Decimal(v) for v in BASE], polarity="higher")
    from_numpy = analyse(np.array(BASE, dtype=np.int64).tolist(), polarity="higher")
    assert from_decimals.mean == from_numpy.mean == 50
    assert analyse(list(np.array(BASE, dtype=np.float32)), polarity="higher").mean == 50


def test_a_flat_series_has_its_limits_on_the_mean_and_no_signal() -> None:
    result = analyse([7.5] * 20, polarity="higher")
    assert (result.mean, result.lower, result.upper, result.signals) == (7.5, 7.5, 7.5, ())


def test_fewer_than_twelve_points_give_no_limits() -> None:
    result = analyse([*BASE[:11], None], polarity="higher")
    assert result.limits is None and result.signals == () and result.variation is Variation.NOT_ENOUGH_POINTS
    assert result.variation_text == "Not enough points for SPC yet (needs 12, has 11)."
    assert analyse(BASE[:8], polarity="higher", min_points=8).mean is not None
    spaced = [v for x in BASE for v in (x, None)]
    assert "no two values in a row" in analyse(spaced, polarity="higher").variation_text
    assert analyse([], polarity=None).variation is Variation.NOT_ENOUGH_POINTS


@pytest.mark.parametrize(
    "kwargs",
    [
        {"polarity": "up"},
        {"values": [1.0, float("nan")]},
        {"baseline": 1},
        {"baseline": 99},
        {"unit": "furlongs"},
        {"labels": ["a"]},
        {"run_length": 1},
        {"target": float("inf")},
    ],
)
def test_arguments_that_make_no_sense_are_refused(kwargs: dict[str, object]) -> None:
    arguments: dict[str, object] = {"values": BASE, "polarity": "higher"} | kwargs
    with pytest.raises(SpcError):
        analyse(**arguments)


# --- properties -----------------------------------------------------------------------------

series = st.lists(st.one_of(st.none(), st.integers(-1000, 1000)), min_size=12, max_size=40)


@settings(max_examples=150, deadline=None)
@given(series, st.integers(-10_000, 10_000), st.sampled_from(["higher", "lower", None]))
def test_shifting_every_value_shifts_the_limits_and_keeps_the_signals(
    values: list[int | None], c: int, polarity: str | None
) -> None:
    one = analyse(values, polarity=polarity)
    two = analyse([None if v is None else v + c for v in values], polarity=polarity)
    if one.mean is None:
        assert two.mean is None
        return
    assert one.raw_lower is not None and one.raw_upper is not None and two.mean is not None
    assert one.raw_upper - one.mean == pytest.approx(one.mean - one.raw_lower, abs=1e-9)
    assert two.mean == pytest.approx(one.mean + c) and two.raw_upper == pytest.approx(one.raw_upper + c)
    assert found(one) == found(two) and one.variation is two.variation
    assert set(one.highlight) <= {i for i, v in enumerate(values) if v is not None}


@settings(max_examples=50, deadline=None)
@given(st.floats(-1e6, 1e6), st.integers(12, 40), st.sampled_from(["higher", "lower", None]))
def test_a_constant_series_never_signals(value: float, n: int, polarity: str | None) -> None:
    result = analyse([value] * n, polarity=polarity)
    assert result.signals == () and result.variation is Variation.COMMON_CAUSE

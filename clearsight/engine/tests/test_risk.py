"""Risk scoring: 5 × 5 scores, ratings at every band boundary, trend and the heat map grid."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearsight.engine.risk import (
    Rating,
    RatingBands,
    RiskScore,
    RiskScoreError,
    Trend,
    heat_map,
    trend,
)


@pytest.mark.parametrize(
    ("likelihood", "impact", "score", "rating"),
    [
        (1, 1, 1, Rating.LOW),
        (1, 3, 3, Rating.LOW),
        (2, 2, 4, Rating.MEDIUM),
        (2, 3, 6, Rating.MEDIUM),
        (2, 4, 8, Rating.HIGH),
        (3, 4, 12, Rating.HIGH),
        (3, 5, 15, Rating.VERY_HIGH),
        (4, 4, 16, Rating.VERY_HIGH),
        (5, 5, 25, Rating.VERY_HIGH),
    ],
)
def test_it_scores_likelihood_times_impact_and_rates_the_score(likelihood, impact, score, rating) -> None:
    risk = RiskScore(likelihood, impact)
    assert risk.score == score
    assert risk.rating() is rating


@pytest.mark.parametrize("bad", [0, 6, -1, 2.5, "3", True, None])
def test_it_refuses_a_likelihood_or_impact_outside_one_to_five(bad) -> None:
    with pytest.raises(RiskScoreError, match="from 1 to 5"):
        RiskScore(bad, 3)
    with pytest.raises(RiskScoreError, match="Impact"):
        RiskScore(3, bad)


def test_a_council_can_use_its_own_bands() -> None:
    bands = RatingBands(medium=5, high=10, very_high=20)
    assert RiskScore(2, 2).rating(bands) is Rating.LOW
    assert RiskScore(2, 5).rating(bands) is Rating.HIGH
    assert RiskScore(4, 4).rating(bands) is Rating.HIGH
    assert RiskScore(4, 5).rating(bands) is Rating.VERY_HIGH


def test_bands_must_rise() -> None:
    with pytest.raises(RiskScoreError):
        RatingBands(medium=8, high=8, very_high=15)


def test_describe_says_score_rating_and_both_parts() -> None:
    assert RiskScore(4, 3).describe() == "12 (High): likelihood 4 likely × impact 3 moderate"


@pytest.mark.parametrize(
    ("history", "expected"),
    [([], Trend.NEW), ([12], Trend.NEW), ([12, 16], Trend.RISING), ([16, 12], Trend.FALLING),
     ([9, 16, 16], Trend.STEADY), ([25, 4, 6], Trend.RISING)],
)
def test_trend_compares_the_latest_score_with_the_one_before(history, expected) -> None:
    assert trend(history) is expected


def test_heat_map_puts_each_risk_in_its_cell_with_likelihood_five_on_top() -> None:
    grid = heat_map([("R1", RiskScore(5, 1)), ("R2", RiskScore(1, 5)), ("R3", RiskScore(5, 1))])
    assert len(grid) == 5 and all(len(row) == 5 for row in grid)
    top_left = grid[0][0]
    assert (top_left.likelihood, top_left.impact, top_left.items) == (5, 1, ("R1", "R3"))
    bottom_right = grid[4][4]
    assert (bottom_right.likelihood, bottom_right.impact, bottom_right.items) == (1, 5, ("R2",))
    assert grid[0][4].score == 25 and grid[0][4].rating is Rating.VERY_HIGH
    assert sum(len(cell.items) for row in grid for cell in row) == 3


@given(st.integers(1, 5), st.integers(1, 5))
def test_every_score_is_rated_and_in_range(likelihood, impact) -> None:
    risk = RiskScore(likelihood, impact)
    assert 1 <= risk.score <= 25
    assert risk.rating() in Rating


def test_references_sort_as_people_read_them() -> None:
    from clearsight.engine.risk import ref_order

    refs = ["R10", "R2", "1.10", "1.9", "r1", "CSC 3", "CSC 12"]
    assert sorted(refs, key=ref_order) == ["1.9", "1.10", "CSC 3", "CSC 12", "r1", "R2", "R10"]

"""Risk scoring on a 5 × 5 matrix: likelihood × impact, rated, trended and laid out as a heat map.

A council's risk register scores each risk twice: *inherent* (before controls) and *residual*
(with the controls in place). The score is likelihood × impact, each 1-5, so 1-25. The rating
bands below are the common local-government convention (Low 1-3, Medium 4-6, High 8-12,
Very high 15-25); councils that use other cut-offs pass their own ``RatingBands``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

SCALE = (1, 2, 3, 4, 5)

LIKELIHOOD_LABELS = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACT_LABELS = {1: "Negligible", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Severe"}


def ref_order(ref: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key for references as people read them: R2 before R10, 1.9 before 1.10, case ignored."""
    parts = re.findall(r"\d+|\D+", ref.strip().casefold())
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


class RiskScoreError(ValueError):
    """A likelihood or impact outside 1-5."""


class Rating(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


@dataclass(frozen=True)
class RatingBands:
    """The lowest score of each rating above Low. Scores below ``medium`` are Low."""

    medium: int = 4
    high: int = 8
    very_high: int = 15

    def __post_init__(self) -> None:
        if not 1 < self.medium < self.high < self.very_high <= 25:
            raise RiskScoreError("Rating bands must rise: 1 < medium < high < very high ≤ 25.")

    def rate(self, score: int) -> Rating:
        if score >= self.very_high:
            return Rating.VERY_HIGH
        if score >= self.high:
            return Rating.HIGH
        if score >= self.medium:
            return Rating.MEDIUM
        return Rating.LOW


DEFAULT_BANDS = RatingBands()


def _checked(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
        raise RiskScoreError(f"{name.capitalize()} must be a whole number from 1 to 5, not {value!r}.")
    return value


@dataclass(frozen=True)
class RiskScore:
    """One assessment: how likely (1-5) and how bad if it happens (1-5)."""

    likelihood: int
    impact: int

    def __post_init__(self) -> None:
        _checked("likelihood", self.likelihood)
        _checked("impact", self.impact)

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    def rating(self, bands: RatingBands = DEFAULT_BANDS) -> Rating:
        return bands.rate(self.score)

    def describe(self, bands: RatingBands = DEFAULT_BANDS) -> str:
        return (
            f"{self.score} ({self.rating(bands).label}): likelihood {self.likelihood} "
            f"{LIKELIHOOD_LABELS[self.likelihood].lower()} × impact {self.impact} {IMPACT_LABELS[self.impact].lower()}"
        )


class Trend(StrEnum):
    RISING = "rising"
    FALLING = "falling"
    STEADY = "steady"
    NEW = "new"

    @property
    def label(self) -> str:
        return {"rising": "Rising (worse)", "falling": "Falling (better)", "steady": "No change",
                "new": "New: no earlier score"}[self.value]


def trend(history: Sequence[int]) -> Trend:
    """The direction of the latest residual score against the one before (oldest first)."""
    if len(history) < 2:
        return Trend.NEW
    latest, previous = history[-1], history[-2]
    if latest > previous:
        return Trend.RISING
    if latest < previous:
        return Trend.FALLING
    return Trend.STEADY


@dataclass(frozen=True)
class Cell:
    likelihood: int
    impact: int
    score: int
    rating: Rating
    items: tuple[str, ...]


def heat_map(scores: Iterable[tuple[str, RiskScore]], bands: RatingBands = DEFAULT_BANDS) -> list[list[Cell]]:
    """A 5 × 5 grid of cells, rows from likelihood 5 (top) to 1, columns impact 1 to 5.

    Each cell names the risks (by the label given) that sit in it, so the grid can be drawn as a
    table with the references written in: nothing depends on colour alone.
    """
    placed: dict[tuple[int, int], list[str]] = {}
    for label, score in scores:
        placed.setdefault((score.likelihood, score.impact), []).append(label)
    return [
        [
            Cell(likelihood, impact, likelihood * impact, bands.rate(likelihood * impact),
                 tuple(placed.get((likelihood, impact), ())))
            for impact in SCALE
        ]
        for likelihood in reversed(SCALE)
    ]

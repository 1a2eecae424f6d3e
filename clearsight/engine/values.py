"""Checking a figure against its unit, and fingerprinting a release's figures.

A value that contradicts its unit is refused with a message that says why: a percentage of 104,
a count of 3.5, a numerator larger than its denominator, or a value that does not match the
numerator and denominator given with it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

UNITS = ("percentage", "count", "rate_per_10k", "days", "average", "number")
# A typed value may differ from numerator ÷ denominator by rounding, but no more than this.
TOLERANCE = Decimal("0.05")
PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class ValueError_:
    """One thing wrong with a figure: the field it concerns and what to do."""

    field: str  # "numerator", "denominator" or "value"
    message: str


@dataclass(frozen=True)
class CheckedValue:
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    errors: tuple[ValueError_, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def read_number(text: str | None) -> Decimal | None:
    """A number as typed: blanks are None; '1,234' and ' 75% ' are read; anything else raises."""
    if text is None:
        return None
    cleaned = str(text).strip().replace(",", "").rstrip("%").strip()
    if cleaned == "":
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"'{text}' is not a number") from None
    if not number.is_finite():
        raise ValueError(f"'{text}' is not a number")
    return number


def _fmt(number: Decimal) -> str:
    return f"{number.normalize():f}"


def check_value(
    unit: str, *, numerator: Decimal | None, denominator: Decimal | None, value: Decimal | None
) -> CheckedValue:
    """Check a figure for ``unit`` and work out its value from numerator and denominator."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}")
    errors: list[ValueError_] = []
    for name, number in (("numerator", numerator), ("denominator", denominator), ("value", value)):
        if number is not None and number < 0:
            errors.append(ValueError_(name, f"The {name} cannot be negative ({_fmt(number)})."))
    if denominator is not None and denominator == 0:
        errors.append(ValueError_("denominator", "The denominator cannot be 0: there is nothing to measure."))
    if (numerator is None) != (denominator is None) and unit in ("percentage", "rate_per_10k", "average"):
        missing = "denominator" if denominator is None else "numerator"
        errors.append(ValueError_(missing, f"Give the {missing} too, or neither."))
    if unit == "count":
        if numerator is not None or denominator is not None:
            errors.append(ValueError_("numerator", "A count has no numerator or denominator: give the value only."))
        if value is not None and value != value.to_integral_value():
            errors.append(ValueError_("value", f"A count must be a whole number, not {_fmt(value)}."))
    if unit == "percentage" and numerator is not None and denominator is not None and numerator > denominator:
        errors.append(ValueError_(
            "numerator",
            f"The numerator ({_fmt(numerator)}) cannot be larger than the denominator ({_fmt(denominator)}).",
        ))
    if errors:
        return CheckedValue(value, numerator, denominator, tuple(errors))

    computed = compute_value(unit, numerator, denominator)
    if computed is not None and value is not None and abs(computed - value) > TOLERANCE:
        return CheckedValue(value, numerator, denominator, (ValueError_(
            "value",
            f"The value {_fmt(value)} does not match {_fmt(numerator or Decimal(0))} ÷ "
            f"{_fmt(denominator or Decimal(1))}, which gives {computed:.1f}. "
            "Correct one of them, or leave the value blank to have it worked out.",
        ),))
    final = computed if computed is not None else value
    if final is None:
        return CheckedValue(None, numerator, denominator, (ValueError_("value", "Enter the value."),))
    if unit == "percentage" and final > 100:
        return CheckedValue(final, numerator, denominator, (ValueError_(
            "value", f"A percentage cannot be more than 100 ({_fmt(final)})."),))
    return CheckedValue(final.quantize(PLACES), numerator, denominator, ())


def compute_value(unit: str, numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """The figure its numerator and denominator make in ``unit``, or None when they make none."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    if unit == "percentage":
        return (Decimal(100) * numerator / denominator).quantize(PLACES)
    if unit == "rate_per_10k":
        return (Decimal(10_000) * numerator / denominator).quantize(PLACES)
    if unit in ("average", "days", "number"):
        return (numerator / denominator).quantize(PLACES)
    return None


@dataclass(frozen=True)
class FingerprintRow:
    measure_key: str
    scope: str
    period_key: str
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal


def fingerprint(rows: Iterable[FingerprintRow]) -> str:
    """SHA-256 over a release's figures, independent of row order and database.

    Each row becomes ``measure|scope|period|numerator|denominator|value`` with numbers written
    to four decimal places; rows are sorted, joined with newlines and hashed.
    """

    def number(n: Decimal | None) -> str:
        return "" if n is None else f"{n.quantize(PLACES):f}"

    lines = sorted(
        "|".join([r.measure_key, r.scope, r.period_key, number(r.numerator), number(r.denominator), number(r.value)])
        for r in rows
    )
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()

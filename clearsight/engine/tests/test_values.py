from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearsight.engine.values import FingerprintRow, check_value, fingerprint, read_number


def fields(result):
    return [e.field for e in result.errors]


def test_a_percentage_is_worked_out_from_numerator_and_denominator():
    result = check_value("percentage", numerator=D(36), denominator=D(40), value=None)
    assert result.ok and result.value == D("90.0000")


def test_a_typed_percentage_within_rounding_is_accepted():
    assert check_value("percentage", numerator=D(1), denominator=D(3), value=D("33.33")).ok


def test_a_typed_value_that_contradicts_its_numerator_is_refused_with_the_sum():
    result = check_value("percentage", numerator=D(36), denominator=D(40), value=D(72))
    assert fields(result) == ["value"] and "gives 90.0" in result.errors[0].message


@pytest.mark.parametrize(
    ("unit", "num", "den", "value", "field", "words"),
    [
        ("percentage", None, None, D(104), "value", "more than 100"),
        ("percentage", D(41), D(40), None, "numerator", "cannot be larger"),
        ("percentage", D(5), D(0), None, "denominator", "cannot be 0"),
        ("percentage", D(5), None, None, "denominator", "Give the denominator"),
        ("count", None, None, D("3.5"), "value", "whole number"),
        ("count", D(3), D(4), D(3), "numerator", "no numerator"),
        ("days", None, None, D(-1), "value", "negative"),
        ("number", None, None, None, "value", "Enter the value"),
    ],
)
def test_a_value_that_contradicts_its_unit_is_refused_saying_why(unit, num, den, value, field, words):
    result = check_value(unit, numerator=num, denominator=den, value=value)
    assert not result.ok and result.errors[0].field == field and words in result.errors[0].message


def test_boundaries_are_accepted():
    assert check_value("percentage", numerator=D(40), denominator=D(40), value=None).value == D(100)
    assert check_value("percentage", numerator=None, denominator=None, value=D(0)).ok
    assert check_value("count", numerator=None, denominator=None, value=D(0)).ok


def test_a_rate_per_10000_children():
    assert check_value("rate_per_10k", numerator=D(779), denominator=D(67739), value=None).value == D("115.0002")


@pytest.mark.parametrize(("text", "number"), [("75", D(75)), (" 75% ", D(75)), ("1,234", D(1234)), ("", None), (None, None)])
def test_numbers_are_read_as_typed(text, number):
    assert read_number(text) == number


@pytest.mark.parametrize("text", ["abc", "1.2.3", "NaN", "Infinity"])
def test_text_that_is_not_a_number_is_refused(text):
    with pytest.raises(ValueError, match="not a number"):
        read_number(text)


def test_the_fingerprint_ignores_row_order_and_changes_with_any_figure():
    rows = [FingerprintRow("a", "authority", "2017-10", D(1), D(2), D(50)),
            FingerprintRow("b", "authority", "2017-10", None, None, D(7))]
    assert fingerprint(rows) == fingerprint(list(reversed(rows)))
    assert fingerprint(rows) != fingerprint([rows[0], FingerprintRow("b", "authority", "2017-10", None, None, D(8))])
    assert fingerprint(rows) == fingerprint([FingerprintRow("a", "authority", "2017-10", D("1.0"), D(2), D("50.00")), rows[1]])
    assert len(fingerprint(rows)) == 64


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_a_valid_proportion_is_always_between_0_and_100(num, den):
    result = check_value("percentage", numerator=D(min(num, den)), denominator=D(den), value=None)
    assert result.ok and D(0) <= result.value <= D(100)

"""Audit measures from hand-made audits: good-or-better shares per domain, n/a left out, the
period boundaries inclusive, and every figure traceable to its audits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearsight.engine.audits import (
    OVERALL,
    AuditGradeError,
    AuditRecord,
    Grade,
    audit_measures,
    read_grade,
)

GD, OS, RI, IN = Grade.GOOD, Grade.OUTSTANDING, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE

AUDITS = [
    AuditRecord(1, date(2026, 4, 1), {"assessment": GD, "planning": RI, "pathway": None, OVERALL: GD}),
    AuditRecord(2, date(2026, 5, 15), {"assessment": OS, "planning": GD, "pathway": GD, OVERALL: GD}),
    AuditRecord(3, date(2026, 6, 30), {"assessment": RI, "planning": IN, "pathway": None, OVERALL: RI}),
    AuditRecord(4, date(2026, 6, 30), {"assessment": IN, "planning": GD, OVERALL: IN}),
    AuditRecord(5, date(2026, 7, 1), {"assessment": GD, "planning": GD, "pathway": GD, OVERALL: GD}),  # next quarter
    AuditRecord(6, date(2026, 3, 31), {"assessment": GD, OVERALL: GD}),  # previous quarter
]


def test_each_domain_is_good_or_better_over_the_audits_that_graded_it() -> None:
    figures = audit_measures(AUDITS, ["assessment", "planning", "pathway", OVERALL],
                             date(2026, 4, 1), date(2026, 6, 30))
    assert (figures["assessment"].numerator, figures["assessment"].denominator) == (2, 4)
    assert figures["assessment"].percentage == Decimal("50.0000")
    assert (figures["planning"].numerator, figures["planning"].denominator) == (2, 4)
    # n/a on audits 1 and 3 and missing on 4: only audit 2 graded pathway plans.
    assert (figures["pathway"].numerator, figures["pathway"].denominator) == (1, 1)
    assert figures["pathway"].audit_ids == (2,)
    assert figures[OVERALL].percentage == Decimal("50.0000")
    assert figures["assessment"].audit_ids == (1, 2, 3, 4)
    assert figures["assessment"].counts == {OS: 1, GD: 1, RI: 1, IN: 1}


def test_a_domain_nobody_graded_has_no_percentage() -> None:
    figure = audit_measures(AUDITS, ["voice"], date(2026, 4, 1), date(2026, 6, 30))["voice"]
    assert figure.denominator == 0 and figure.percentage is None


def test_thirds_are_kept_to_four_places() -> None:
    audits = [AuditRecord(n, date(2026, 1, 1), {"a": g}) for n, g in enumerate([GD, RI, RI])]
    assert audit_measures(audits, ["a"], date(2026, 1, 1), date(2026, 1, 1))["a"].percentage == Decimal("33.3333")


@pytest.mark.parametrize(
    ("text", "grade"),
    [("Good", GD), ("OUTSTANDING", OS), ("Requires improvement", RI), ("requires-improvement", RI), ("RI", RI),
     ("Requires improvement to be good", RI), ("inadequate", IN), ("n/a", None), ("", None), ("Not applicable", None)],
)
def test_grades_are_read_as_auditors_write_them(text, grade) -> None:
    assert read_grade(text) is grade


def test_an_unknown_grade_is_refused_with_what_to_use() -> None:
    with pytest.raises(AuditGradeError, match="use Outstanding, Good"):
        read_grade("Satisfactory")


@given(st.lists(st.sampled_from([OS, GD, RI, IN, None]), max_size=30))
def test_the_numerator_never_exceeds_the_denominator(grades) -> None:
    audits = [AuditRecord(n, date(2026, 1, 1), {"d": g}) for n, g in enumerate(grades)]
    figure = audit_measures(audits, ["d"], date(2026, 1, 1), date(2026, 1, 1))["d"]
    assert 0 <= figure.numerator <= figure.denominator == sum(1 for g in grades if g is not None)
    if figure.percentage is not None:
        assert Decimal(0) <= figure.percentage <= Decimal(100)

"""Audit measures: the share of audited cases graded good or better, per domain and period.

Sefton's "(audit measure)" rows ("Percentage of cases that meet good for Decision Making") are
not computed from case data: QA auditors grade a sample of cases on each practice domain using
Ofsted's four grades. For a period, each domain's figure is the audits completed in the period
that graded the domain Good or Outstanding, over those that graded it at all. A domain marked
"not applicable" on an audit (no pathway plan on a nine-year-old's file) leaves that audit out of
that domain's denominator. The overall judgement is reported as the domain ``overall``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

OVERALL = "overall"


class Grade(StrEnum):
    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INADEQUATE = "inadequate"

    @property
    def label(self) -> str:
        return {"outstanding": "Outstanding", "good": "Good", "requires_improvement": "Requires improvement",
                "inadequate": "Inadequate"}[self.value]

    @property
    def good_or_better(self) -> bool:
        return self in (Grade.OUTSTANDING, Grade.GOOD)


GRADE_ORDER = (Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)


class AuditGradeError(ValueError):
    """A grade that is not one of Ofsted's four."""


def read_grade(text: str) -> Grade | None:
    """'Good', 'requires improvement', 'RI', 'n/a' → a Grade, or None for not applicable."""
    key = " ".join(text.replace("_", " ").replace("-", " ").lower().split())
    if key in ("", "n/a", "na", "not applicable"):
        return None
    aliases = {"outstanding": Grade.OUTSTANDING, "good": Grade.GOOD, "requires improvement": Grade.REQUIRES_IMPROVEMENT,
               "requires improvement to be good": Grade.REQUIRES_IMPROVEMENT, "ri": Grade.REQUIRES_IMPROVEMENT,
               "inadequate": Grade.INADEQUATE}
    if key not in aliases:
        raise AuditGradeError(
            f"'{text}' is not a grade: use Outstanding, Good, Requires improvement, Inadequate or n/a."
        )
    return aliases[key]


@dataclass(frozen=True)
class AuditRecord:
    """One completed case audit as the engine sees it: an id, a date and its grades by domain key
    (None = not applicable). The overall judgement may be given as ``overall``."""

    id: int
    audited_on: date
    grades: Mapping[str, Grade | None]


@dataclass(frozen=True)
class DomainFigure:
    domain: str
    numerator: int
    denominator: int
    audit_ids: tuple[int, ...] = field(default=())
    counts: Mapping[Grade, int] = field(default_factory=dict)

    @property
    def percentage(self) -> Decimal | None:
        """Good or better as a percentage to 4 decimal places; None when nothing was graded."""
        if self.denominator == 0:
            return None
        return (Decimal(100 * self.numerator) / Decimal(self.denominator)).quantize(Decimal("0.0001"))


def audit_measures(audits: Iterable[AuditRecord], domains: Iterable[str], start: date, end: date
                   ) -> dict[str, DomainFigure]:
    """For each domain key, the audits in ``start``-``end`` (inclusive) graded good or better.

    ``audit_ids`` lists every audit counted in the denominator, so each figure can be traced to
    the audits behind it.
    """
    in_period = [a for a in audits if start <= a.audited_on <= end]
    figures = {}
    for domain in domains:
        graded = [(a.id, a.grades[domain]) for a in in_period if a.grades.get(domain) is not None]
        counts = {grade: sum(1 for _, g in graded if g is grade) for grade in GRADE_ORDER}
        figures[domain] = DomainFigure(
            domain=domain,
            numerator=sum(1 for _, g in graded if g is not None and g.good_or_better),
            denominator=len(graded),
            audit_ids=tuple(sorted(i for i, _ in graded)),
            counts=counts,
        )
    return figures

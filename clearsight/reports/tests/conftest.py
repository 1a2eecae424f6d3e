"""A Sefton plan with figures in three releases, for board packs.

November and December 2026 are published; January 2027 is a draft. The board meets on
15 February 2027: the performance team's pack draws on January (Provisional), the board's on
December (published). Measures: one Inadequate, one Requires Improvement and worsening, one
Outstanding, and a count that falls to 3 (withheld in every pack).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from clearsight.conftest import make_user
from clearsight.engine.periods import parse_period
from clearsight.performance import services
from clearsight.performance.models import DataRelease, Measure, MeasurePlacement
from clearsight.performance.services import FigureInput
from clearsight.plans.models import Action, ActionLead, ActionUpdate, DueDateChange

MEETING = date(2027, 2, 15)


@pytest.fixture
def approver(sefton):
    return make_user("approver@sefton.example", sefton, "approver")


def _measure(plan, order, key, name, unit="percentage", bands=("", "", ""), polarity="auto"):
    measure = Measure.objects.create(
        authority=plan.authority,
        plan=plan,
        order=order,
        key=key,
        name=name,
        unit=unit,
        polarity=polarity,
        requires_improvement_text=bands[0],
        good_text=bands[1],
        outstanding_text=bands[2],
    )
    MeasurePlacement.objects.create(measure=measure, priority=plan.priorities.get(), order=order)
    return measure


@pytest.fixture
def pack(plan, lead, approver):
    priority = plan.priorities.get()
    measures = {
        "timely": _measure(
            plan,
            1,
            "assessments_45wd",
            "Assessments completed within 45 working days",
            bands=("65-79", "80-89", "90-100"),
        ),
        "rereferrals": _measure(
            plan, 2, "re_referrals", "Re-referrals within 12 months", bands=("20-24", "19-16", "<16")
        ),
        "visits": _measure(plan, 3, "visits", "Children visited on time", bands=("65-79", "80-89", "90-100")),
        "fostered": _measure(
            plan, 4, "private_fostering", "Children privately fostered", unit="count", polarity="higher"
        ),
    }
    figures = {  # month: timely, re-referrals, visits, privately fostered
        "2026-11": (D(85), D(18), D(95), D(12)),
        "2026-12": (D(60), D(22), D(96), D(3)),
        "2027-01": (D(62), D(23), D(97), D(2)),
    }
    for month, row in figures.items():
        for (name, measure), value in zip(measures.items(), row, strict=True):
            numerator = denominator = None
            if name in ("timely", "visits"):
                numerator, denominator = value, D(100)
            services.value_record(
                user=lead, figure=FigureInput(measure, parse_period(month), numerator, denominator, value)
            )
    for release in DataRelease.objects.filter(period_start__lt=date(2027, 1, 1)).order_by("period_start"):
        services.release_publish(
            user=approver,
            release=services.release_approve(
                user=approver, release=services.release_submit(user=lead, release=release)
            ),
        )
    slipped = Action.objects.create(
        plan=plan,
        priority=priority,
        order=4,
        ref="1.1.4",
        text='=HYPERLINK("http://evil.example","Click")',
        lead_text="Head of Service",
        due_text="30/06/2027",
        due_kind="day",
        due_date=date(2027, 6, 30),
    )
    ActionLead.objects.create(action=slipped, order=1, role="Head of Service")
    DueDateChange.objects.create(
        action=slipped,
        from_text="31/01/2027",
        to_text="30/06/2027",
        reason="Waiting for two posts to be filled",
        on=date(2027, 1, 25),
        by_name="Lead",
    )
    ActionUpdate.objects.create(
        action=plan.actions.get(ref="1.1.3"),
        on=date(2027, 1, 20),
        author_name="Quality Lead",
        commentary="+Peer review finished; all twelve teams took part",
        status_from="in_progress",
        status_to="completed",
    )
    ActionUpdate.objects.create(
        action=plan.actions.get(ref="1.1.1"),
        on=date(2026, 10, 2),
        author_name="Vicky",
        commentary="Training booked (before the last board)",
    )
    return measures

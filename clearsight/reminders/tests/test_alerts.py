"""Measure alerts (Wirral 5D3) through send-reminders: grade falls, signals, missing figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from clearsight.conftest import make_user
from clearsight.engine.periods import month
from clearsight.organisations.models import Person
from clearsight.performance.models import Measure
from clearsight.performance.services import computed_value_record
from clearsight.plans.models import Action
from clearsight.reminders.models import Notification
from clearsight.reminders.services import reminders_send

TODAY = date(2026, 11, 24)  # October's figure was due by 13 November


@pytest.fixture
def quiet_plan(plan):
    """No open actions, so only alerts are sent."""
    Action.objects.filter(plan=plan).update(status="completed")
    return plan


@pytest.fixture
def measure_owner(sefton):
    user = make_user("analyst@sefton.example", sefton, "owner")
    return Person.objects.create(authority=sefton, name="Ana Analyst", job_title="Performance Analyst", user=user)


@pytest.fixture
def measure(quiet_plan, measure_owner):
    return Measure.objects.create(
        authority=quiet_plan.authority, plan=quiet_plan, key="assessments_45wd",
        name="Assessments completed within 45 working days", requires_improvement_text="75-80",
        good_text="81-89", outstanding_text="90+", unit="percentage", period_type="month",
        frequency="monthly", owner=measure_owner,
    )


def series(measure, values, last=(2026, 10)):
    year, mon = last
    months = []
    for _ in values:
        months.append((year, mon))
        year, mon = (year, mon - 1) if mon > 1 else (year - 1, 12)
    for (y, m), value in zip(reversed(months), values, strict=True):
        computed_value_record(measure=measure, period=month(y, m), value=Decimal(str(value)))


def alerts_to(email):
    return [m for m in mail.outbox if m.to == [email]]


def test_a_fall_in_grade_alerts_the_measures_owner(measure, lead):
    series(measure, [85, 84, 78])  # Good, Good, Requires Improvement
    assert reminders_send(today=TODAY).sent == 1
    (message,) = alerts_to("analyst@sefton.example")
    assert message.subject == "Grade fell: Assessments completed within 45 working days (Sefton)"
    assert "The grade fell from Good (2026-09) to Requires Improvement (2026-10)." in message.body
    assert f"/measures/{measure.pk}/" in message.body and "You own this measure." in message.body
    assert reminders_send(today=TODAY).sent == 0
    assert reminders_send(today=date(2026, 11, 30)).sent == 0  # the same figure, another day


def test_a_rise_in_grade_is_not_alerted(measure, lead):
    series(measure, [78, 84])
    assert reminders_send(today=TODAY).sent == 0


def test_a_special_cause_signal_of_concern_alerts_the_owner(measure, lead):
    series(measure, [84, 86, 83, 85, 84, 87, 83, 85, 84, 86, 84, 85, 60])
    reminders_send(today=TODAY)
    kinds = set(Notification.objects.filter(recipient__email="analyst@sefton.example").values_list("kind",
                                                                                                  flat=True))
    assert kinds == {"alert_signal", "alert_grade_fall"}  # 85 → 60 is also Good → Inadequate


def test_a_missing_figure_is_alerted_after_its_deadline(measure, lead):
    series(measure, [84, 85], last=(2026, 9))  # no October figure
    assert reminders_send(today=date(2026, 11, 13)).sent == 0  # the tenth working day: still in time
    assert reminders_send(today=date(2026, 11, 16)).sent == 1
    (message,) = alerts_to("analyst@sefton.example")
    assert message.subject.startswith("Figure missing: Assessments")
    assert "No figure for October 2026: it was due by 13 November 2026" in message.body


def test_a_measure_with_no_owner_alerts_the_performance_lead(measure, lead):
    Measure.objects.filter(pk=measure.pk).update(owner=None)
    series(measure, [84, 85], last=(2026, 9))
    reminders_send(today=TODAY)
    (message,) = alerts_to("lead@sefton.example")
    assert "it has no owner" in message.body


def test_an_owner_without_a_sign_in_is_not_dropped(measure, lead, measure_owner):
    Person.objects.filter(pk=measure_owner.pk).update(user=None)
    series(measure, [84, 85], last=(2026, 9))
    reminders_send(today=TODAY)
    (message,) = alerts_to("lead@sefton.example")
    assert "its owner, Ana Analyst, has no Clearsight sign-in" in message.body


def test_alerts_respect_the_opt_out(measure, lead):
    from clearsight.organisations.models import User
    from clearsight.reminders.services import preference_update

    preference_update(user=User.objects.get(email="analyst@sefton.example"), delivery="immediate",
                      reminders_on=False)
    series(measure, [85, 84, 78])
    assert reminders_send(today=TODAY).sent == 0


def test_a_partner_owning_a_measure_is_told_of_a_signal_without_figures(measure, lead, board, sefton):
    from clearsight.performance.models import DataRelease

    partner = Person.objects.create(authority=sefton, name="Pat Partner", user=board)
    Measure.objects.filter(pk=measure.pk).update(owner=partner)
    series(measure, [84, 86, 83, 85, 84, 87, 83, 85, 84, 86, 84, 85, 60])
    DataRelease.objects.update(status="published")  # partners see published figures only
    reminders_send(today=TODAY)
    signals = Notification.objects.filter(recipient=board, kind="alert_signal")
    assert [n.detail for n in signals] == [
        "A special-cause signal of concern in the figure for 2026-10: a change beyond the measure's usual "
        "variation."]
    assert "60" not in "".join(m.body for m in mail.outbox if m.to == ["board@sefton.example"])

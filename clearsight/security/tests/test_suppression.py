"""Small numbers are suppressed for board members, partners and scrutiny members, by one
configurable threshold (CLEARSIGHT_SUPPRESS_BELOW), on every page that shows them counts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.test import Client
from django.urls import reverse

from clearsight.analytics.models import IndicatorResult
from clearsight.analytics.presenters import result_rows
from clearsight.conftest import make_user
from clearsight.core.suppression import suppressed
from clearsight.engine.periods import parse_period
from clearsight.organisations.models import OrgUnit
from clearsight.performance import services
from clearsight.performance.models import DataRelease, Measure, MeasurePlacement
from clearsight.performance.services import FigureInput

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(plan, lead, sefton):
    approver = make_user("approver@sefton.example", sefton, "approver")
    measure = Measure.objects.create(authority=sefton, plan=plan, key="cp_second", name="Second CP plans",
                                     good_text="<20", unit="percentage")
    MeasurePlacement.objects.create(measure=measure, priority=plan.priorities.get(), order=1)
    team = OrgUnit.objects.create(authority=sefton, kind="team", name="Assessment Team North")
    period = parse_period("2017-10")
    services.value_record(user=lead, figure=FigureInput(measure, period, D(3), D(40), None))
    services.value_record(user=lead, figure=FigureInput(measure, period, D(7), D(9), None, org_unit=team))
    release = DataRelease.objects.get()
    services.release_publish(user=approver, release=services.release_approve(
        user=approver, release=services.release_submit(user=lead, release=release)))
    return measure, release


def _page(user, url):
    client = Client()
    client.force_login(user)
    return client.get(url).content.decode()


@pytest.mark.parametrize("role", ["board", "partner", "scrutiny"])
def test_published_only_roles_see_small_counts_as_fewer_than_5(published, sefton, probation, plan, role):
    measure, release = published
    user = make_user(f"{role}@sefton.example", sefton, role, agency=probation if role == "partner" else None)
    body = _page(user, reverse("measure-detail", args=[measure.pk]))
    assert "fewer than 5 of 40" in body and "3 of 40" not in body
    body = _page(user, reverse("release-detail", args=[plan.pk, release.pk]))
    assert "fewer than 5" in body and "77.78" not in body  # and not the team's figure (7 of 9) either


def test_the_performance_team_sees_the_counts(published, lead, plan):
    measure, release = published
    assert "3 of 40" in _page(lead, reverse("measure-detail", args=[measure.pk]))
    assert "77.78" in _page(lead, reverse("release-detail", args=[plan.pk, release.pk]))


def test_the_threshold_is_a_setting_used_everywhere(published, settings, sefton, plan):
    settings.CLEARSIGHT_SUPPRESS_BELOW = 10
    measure, _ = published
    board = make_user("scrutiny@sefton.example", sefton, "scrutiny")
    assert "fewer than 10 of 40" in _page(board, reverse("measure-detail", args=[measure.pk]))
    result = IndicatorResult(authority=sefton, indicator="x", period_type="financial_year", level_kind="authority",
                             level="authority", period_start=date(2017, 4, 1), period_end=date(2018, 3, 31),
                             unit="percent", numerator=D(7), denominator=D(50), value=D(14))
    (row,) = result_rows([result], suppress=True)
    assert row.numerator == "fewer than 10" and row.hidden
    assert suppressed(D(9), True) == "fewer than 10" and suppressed(D(10), True) is None
    assert suppressed(D(0), True) is None and suppressed(D(3), False) is None

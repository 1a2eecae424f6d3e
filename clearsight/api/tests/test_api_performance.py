"""Measures, figures and releases through the API: the board sees published figures only, figures
are entered through the same checks as the browser, and an existing figure is replaced only by
someone who read it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from clearsight.conftest import make_user
from clearsight.engine.periods import month


@pytest.fixture
def audits(sefton, plan):
    from clearsight.performance.models import Measure

    return Measure.objects.create(authority=sefton, plan=plan, key="audits_good", name="Audits good or better",
                                  unit="percentage", source="case_audit", period_type="month")


def publish_figure(measure, lead, period, numerator, denominator):
    """Record a figure and take its release through approval to published."""
    from clearsight.performance.models import DataRelease
    from clearsight.performance.services import (
        FigureInput,
        release_approve,
        release_publish,
        release_submit,
        value_record,
    )

    value_record(user=lead, figure=FigureInput(measure, period, Decimal(numerator), Decimal(denominator), None))
    approver = make_user("approver@sefton.example", measure.authority, "approver")
    release = release_submit(user=lead, release=DataRelease.objects.get(status="draft"))
    return release_publish(user=approver, release=release_approve(user=approver, release=release))


@pytest.fixture
def published(audits, lead):
    """September's figure, published; October's, still a draft."""
    from clearsight.performance.services import FigureInput, value_record

    release = publish_figure(audits, lead, month(2026, 9), 8, 10)
    value_record(user=lead, figure=FigureInput(audits, month(2026, 10), Decimal(7), Decimal(10), None))
    return release


def values_url(measure):
    return f"/api/v1/measures/{measure.pk}/values/"


def test_the_board_sees_published_figures_and_staff_see_provisional_ones_too(api_as, audits, published, board,
                                                                             viewer):
    board_figures = api_as(board).get(values_url(audits)).json()
    assert [(v["period"], v["value"], v["provisional"]) for v in board_figures] == [("2026-09", "80.0000", False)]
    staff = api_as(viewer).get(values_url(audits)).json()
    assert [(v["period"], v["provisional"]) for v in staff] == [("2026-09", False), ("2026-10", True)]
    assert [r["status"] for r in api_as(board).get("/api/v1/releases/").json()["results"]] == ["published"]
    assert len(api_as(viewer).get("/api/v1/releases/").json()["results"]) == 2


def test_figures_filter_by_period(api_as, audits, published, viewer):
    october = api_as(viewer).get(values_url(audits), {"period_from": "2026-10-01"}).json()
    assert [v["period"] for v in october] == ["2026-10"]
    bad = api_as(viewer).get(values_url(audits), {"period_to": "October"})
    assert bad.status_code == 400 and "period_to" in bad.json()["error"]["fields"]


def test_a_release_shows_its_watermark_and_figures(api_as, published, board):
    client = api_as(board)
    release = client.get(f"/api/v1/releases/{published.pk}/").json()
    assert release["watermark"].startswith("Approved release Sefton September 2026 v1")
    figures = client.get(f"/api/v1/releases/{published.pk}/values/").json()["results"]
    assert [f["value"] for f in figures] == ["80.0000"]


def test_a_manager_enters_a_figure_for_a_team(api_as, audits, sefton, manager):
    from clearsight.organisations.models import OrgUnit
    from clearsight.performance.models import MeasureValue

    team = OrgUnit.objects.create(authority=sefton, kind="team", name="Assessment team")
    response = api_as(manager).post(values_url(audits), {"period": "2026-11", "numerator": "9", "denominator": "12",
                                                         "org_unit": team.pk})
    assert response.status_code == 201, response.content
    assert response.json()["value"] == "75.0000" and response.json()["scope"] == f"unit:{team.pk}"
    assert MeasureValue.objects.get().entered_by == manager
    by_team = api_as(manager).get(values_url(audits), {"unit": team.pk}).json()
    assert [v["value"] for v in by_team] == ["75.0000"]


def test_a_figure_that_contradicts_its_unit_is_refused_with_the_fields_named(api_as, audits, lead):
    from clearsight.performance.models import MeasureValue

    response = api_as(lead).post(values_url(audits), {"period": "2026-11", "numerator": "12", "denominator": "10"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"
    assert response.json()["error"]["fields"]
    wrong_period = api_as(lead).post(values_url(audits), {"period": "2026-27", "value": "50"})
    assert "period" in wrong_period.json()["error"]["fields"]
    assert not MeasureValue.objects.exists()


def test_replacing_a_figure_needs_the_etag_of_the_one_it_replaces(api_as, audits, lead):
    client = api_as(lead)
    first = client.post(values_url(audits), {"period": "2026-11", "value": "50"})
    assert first.status_code == 201
    blind = client.post(values_url(audits), {"period": "2026-11", "value": "60"})
    assert blind.status_code == 428
    stale = client.post(values_url(audits), {"period": "2026-11", "value": "60"}, headers={"If-Match": '"value-1-1"'})
    assert stale.status_code == 412
    replaced = client.post(values_url(audits), {"period": "2026-11", "value": "60"},
                           headers={"If-Match": first.headers["ETag"]})
    assert replaced.status_code == 201 and replaced.json()["value"] == "60.0000"


def test_a_published_months_figure_cannot_change(api_as, audits, published, lead):
    response = api_as(lead).post(values_url(audits), {"period": "2026-09", "value": "10"})
    assert response.status_code == 409 and response.json()["error"]["code"] == "release_locked"


def test_computed_measures_take_no_typed_figures(api_as, sefton, plan, lead):
    from clearsight.performance.models import Measure

    computed = Measure.objects.create(authority=sefton, plan=plan, name="Assessments in 45 days", source="computed",
                                      indicator="assessments_45wd", period_type="financial_year")
    response = api_as(lead).post(values_url(computed), {"period": "2026-27", "value": "80"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "computed_measure"


@pytest.mark.parametrize("persona,status", [("viewer", 403), ("board", 403), ("owner", 403), ("outsider", 404)])
def test_only_people_who_enter_figures_may(api_as, audits, persona, status, request):
    response = api_as(request.getfixturevalue(persona)).post(values_url(audits), {"period": "2026-11", "value": "5"})
    assert response.status_code == status


def test_measures_are_listed_for_the_holders_authorities(api_as, audits, viewer, outsider):
    assert [m["key"] for m in api_as(viewer).get("/api/v1/measures/").json()["results"]] == ["audits_good"]
    assert api_as(outsider).get("/api/v1/measures/").json()["count"] == 0
    assert api_as(outsider).get(f"/api/v1/measures/{audits.pk}/").status_code == 404


@pytest.fixture
def small_published(audits, lead):
    """August 2026: 3 of 40 audits good (a share of a small count), published."""
    return publish_figure(audits, lead, month(2026, 8), 3, 40)


def test_the_board_gets_a_share_of_a_small_count_withheld_and_staff_get_it_whole(api_as, audits, small_published,
                                                                                board, viewer):
    (figure,) = api_as(board).get(values_url(audits)).json()
    assert (figure["numerator"], figure["denominator"], figure["value"], figure["withheld"]) == (None, None, None, True)
    (in_release,) = api_as(board).get(f"/api/v1/releases/{small_published.pk}/values/").json()["results"]
    assert in_release["value"] is None and in_release["withheld"]
    (whole,) = api_as(viewer).get(values_url(audits)).json()
    assert (whole["numerator"], whole["value"], whole["withheld"]) == ("3.0000", "7.5000", False)


def test_the_board_gets_no_team_figures(api_as, audits, published, board, sefton):
    from clearsight.organisations.models import OrgUnit

    team = OrgUnit.objects.create(authority=sefton, name="Assessment team 1", kind="team")
    assert api_as(board).get(values_url(audits), {"unit": team.pk}).status_code == 403


@pytest.mark.parametrize("url,name", [("/api/v1/measures/", "source"), ("/api/v1/releases/", "status"),
                                      ("/api/v1/plans/", "status")])
def test_a_mistyped_filter_is_refused_by_name_not_answered_with_nothing(api_as, viewer, plan, url, name):
    response = api_as(viewer).get(url, {name: "opne"})
    assert response.status_code == 400
    (message,) = response.json()["error"]["fields"][name]
    assert message.startswith("'opne' is not one of: ")

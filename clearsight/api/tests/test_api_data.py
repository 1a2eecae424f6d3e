"""Uploads and indicators through the API, through the analytics services and selectors: the same
drill-down scope and small-number suppression as the indicator page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clearsight.analytics import services
from clearsight.analytics.models import DataUpload, IndicatorResult
from clearsight.analytics.tests.test_services import _organise, synthetic  # noqa: F401 (a fixture)
from clearsight.conftest import make_user

INDICATOR = "assessments_45wd"


@pytest.fixture
def loaded(sefton, lead, synthetic):  # noqa: F811
    services.data_load(user=lead, authority=sefton, paths=[synthetic], validate=False)
    services.indicators_recompute(user=lead, authority=sefton)
    _organise(sefton)
    return sefton


def indicator_url(authority, indicator=INDICATOR):
    return f"/api/v1/authorities/{authority.pk}/indicators/{indicator}/"


def test_an_upload_is_refused_whole_with_the_file_named_and_nothing_loaded(api_as, sefton, lead):
    client = api_as(lead)
    response = client.client.post(f"/api/v1/authorities/{sefton.pk}/uploads/",
                                  {"files": [SimpleUploadedFile("notes.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")]},
                                  headers=client.headers)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "data_rejected" and error["problems"][0]["file"] == "notes.png"
    assert not DataUpload.objects.exists()


def test_an_upload_needs_a_file(api_as, sefton, lead):
    client = api_as(lead)
    response = client.client.post(f"/api/v1/authorities/{sefton.pk}/uploads/", {"accept_issues": "true"},
                                  headers=client.headers)
    assert response.status_code == 400 and response.json()["error"]["fields"] == {"files": ["Choose at least one file."]}


@pytest.mark.parametrize("persona,status", [("viewer", 403), ("manager", 403), ("board", 403), ("outsider", 404)])
def test_only_the_performance_team_uploads(api_as, sefton, persona, status, request):
    client = api_as(request.getfixturevalue(persona))
    response = client.client.post(f"/api/v1/authorities/{sefton.pk}/uploads/",
                                  {"files": [SimpleUploadedFile("episodes_2017-18.csv", b"CHILD\n1\n")]},
                                  headers=client.headers)
    assert response.status_code == status


def test_uploads_are_listed_for_staff_but_not_the_board(api_as, loaded, viewer, board):
    uploads = api_as(viewer).get(f"/api/v1/authorities/{loaded.pk}/uploads/").json()
    assert uploads["count"] == DataUpload.objects.count() > 0
    detail = api_as(viewer).get(f"/api/v1/uploads/{uploads['results'][0]['id']}/").json()
    assert detail["sha256"] and detail["issues"] == []
    assert api_as(board).get(f"/api/v1/authorities/{loaded.pk}/uploads/").status_code == 403
    assert api_as(board).get(f"/api/v1/uploads/{uploads['results'][0]['id']}/").status_code == 403


def test_staff_drill_down_from_services_to_teams_to_workers(api_as, loaded, lead):
    client = api_as(lead)
    top = client.get(indicator_url(loaded), {"year": 2018}).json()
    assert top["breakdown_kind"] == "service" and top["breakdown"]
    authority = IndicatorResult.objects.get(authority=loaded, indicator=INDICATOR, level_kind="authority",
                                            period_end__year=2018)
    assert top["latest"]["denominator"] == str(authority.denominator)
    service = top["breakdown"][0]["level"]
    teams = client.get(indicator_url(loaded), {"year": 2018, "service": service}).json()
    assert teams["breakdown_kind"] == "team" and teams["breakdown"]
    workers = client.get(indicator_url(loaded), {"year": 2018, "team": teams["breakdown"][0]["level"]}).json()
    assert workers["breakdown_kind"] == "worker" and workers["service"] == service


def test_board_members_get_no_breakdown_and_small_numbers_withheld(api_as, loaded, board):
    IndicatorResult.objects.filter(authority=loaded, indicator=INDICATOR, level_kind="authority",
                                   period_end__year=2018).update(numerator=Decimal(3), denominator=Decimal(40))
    client = api_as(board)
    figure = client.get(indicator_url(loaded), {"year": 2018}).json()
    assert figure["breakdown"] == []
    assert figure["yearly"][-1] == {"level": "authority", "year": "2017-18", "numerator": None, "denominator": None,
                                    "value": None, "withheld": True}
    assert client.get(indicator_url(loaded), {"team": "Anything"}).status_code == 403
    listed = {i["id"]: i for i in client.get(f"/api/v1/authorities/{loaded.pk}/indicators/").json()}
    assert listed[INDICATOR]["latest"]["withheld"] is True


def test_a_manager_sees_only_the_team_they_manage(api_as, loaded):
    from clearsight.organisations.models import OrgUnit

    teams = list(OrgUnit.objects.filter(authority=loaded, kind="team").order_by("name"))
    mine, theirs = teams[0], teams[-1]
    client = api_as(make_user("team.manager@sefton.example", loaded, "manager", org_unit=mine))
    assert client.get(indicator_url(loaded), {"year": 2018, "team": mine.name}).status_code == 200
    refused = client.get(indicator_url(loaded), {"year": 2018, "team": theirs.name})
    assert refused.status_code == 403 and refused.json()["error"]["message"] == "You can see the teams you manage."


def test_an_unknown_indicator_or_another_authority_is_not_found(api_as, loaded, lead, outsider):
    assert api_as(lead).get(indicator_url(loaded, "no_such_indicator")).status_code == 404
    assert api_as(outsider).get(indicator_url(loaded)).status_code == 404

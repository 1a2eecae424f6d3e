"""Governance pages: sign-in, who reads, who edits, and other authorities (404)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def read_urls(plan, improvement_board, meeting, risk):
    return [
        reverse("governance-boards", args=[plan.pk]),
        reverse("board-detail", args=[plan.pk, improvement_board.pk]),
        reverse("meeting-detail", args=[plan.pk, meeting.pk]),
        reverse("risk-register", args=[plan.pk]),
        reverse("risk-detail", args=[plan.pk, risk.pk]),
    ]


def test_every_governance_page_needs_sign_in(read_urls):
    for url in read_urls:
        response = client_for().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/"), url


@pytest.mark.parametrize("persona", ["lead", "viewer", "owner", "manager", "board"])
def test_everyone_who_reads_the_plan_reads_its_governance(request, persona, read_urls):
    client = client_for(request.getfixturevalue(persona))
    for url in read_urls:
        assert client.get(url).status_code == 200, url


def test_another_authority_gets_404(outsider, read_urls):
    client = client_for(outsider)
    for url in read_urls:
        assert client.get(url).status_code == 404, url


def test_a_board_of_another_authority_is_404_inside_this_plan(lead, plan, wirral, outsider):
    from clearsight.governance import services

    theirs = services.board_create(user=outsider, authority=wirral, name="Wirral Improvement Board")
    assert client_for(lead).get(reverse("board-detail", args=[plan.pk, theirs.pk])).status_code == 404


def test_the_heat_map_writes_each_risk_and_rating_into_its_cell(lead, plan, risk):
    page = client_for(lead).get(reverse("risk-register", args=[plan.pk])).content.decode()
    assert "Likelihood 3" in page and "12 High" in page
    assert '<span class="govuk-visually-hidden">Risk </span>R1</a>' in page
    inherent = client_for(lead).get(reverse("risk-register", args=[plan.pk]) + "?score=inherent").content.decode()
    assert "Heat map of inherent scores" in inherent


def test_the_meeting_page_shows_the_agenda_linked_to_the_plan_and_the_board_pack_section(lead, plan, meeting):
    page = client_for(lead).get(reverse("meeting-detail", args=[plan.pk, meeting.pk])).content.decode()
    assert "1. Assessment timeliness" in page
    assert reverse("action-detail", args=[plan.pk, "1.1.1"]) in page
    assert 'id="board-pack"' in page

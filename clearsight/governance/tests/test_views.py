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


@pytest.fixture
def post_cases(plan, improvement_board, meeting, risk):
    """(url, valid payload) for every form a lead can send."""
    return [
        (reverse("board-create", args=[plan.pk]),
         {"name": "Corporate Parenting Board", "kind": "corporate_parenting", "partner_facing": "yes"}),
        (reverse("meeting-schedule", args=[plan.pk, improvement_board.pk]),
         {"on_day": "11", "on_month": "11", "on_year": "2026", "start_time": "14:00", "location": "Bootle"}),
        (reverse("agenda-item-add", args=[plan.pk, meeting.pk]),
         {"title": "Risks", "purpose": "assurance", "risk_refs": "R1", "action_refs": "1.1.2"}),
        (reverse("meeting-minutes", args=[plan.pk, meeting.pk]),
         {"minutes": "The board agreed.", "status": "held", "version": "1"}),
        (reverse("meeting-decision", args=[plan.pk, meeting.pk]), {"text": "Note the report"}),
        (reverse("risk-create", args=[plan.pk]),
         {"ref": "R2", "title": "Data quality", "cause": "c", "event": "e", "effect": "f",
          "inherent_likelihood": "3", "inherent_impact": "4", "residual_likelihood": "2", "residual_impact": "4",
          "on_day": "1", "on_month": "3", "on_year": "2027"}),
        (reverse("risk-assess", args=[plan.pk, risk.pk]),
         {"inherent_likelihood": "4", "inherent_impact": "4", "residual_likelihood": "2", "residual_impact": "3",
          "note": "Better", "version": "1", "on_day": "1", "on_month": "3", "on_year": "2027"}),
        (reverse("risk-control-add", args=[plan.pk, risk.pk]), {"text": "Panel", "effectiveness": "partly"}),
        (reverse("risk-actions-link", args=[plan.pk, risk.pk]), {"action_refs": "1.1.1, 1.1.3"}),
        (reverse("risk-close", args=[plan.pk, risk.pk]), {"reason": "Mitigated: turnover below 10%"}),
    ]


def test_a_lead_can_send_every_form(lead, post_cases):
    from clearsight.audit.models import AuditEvent

    client = client_for(lead)
    for url, payload in post_cases:
        before = AuditEvent.objects.count()
        response = client.post(url, payload)
        assert response.status_code == 302, (url, response.content.decode()[:3000])
        assert AuditEvent.objects.count() > before, url


@pytest.mark.parametrize("persona", ["viewer", "owner", "manager", "board"])
def test_readers_cannot_send_any_form(request, persona, post_cases):
    from clearsight.audit.models import AuditEvent

    client = client_for(request.getfixturevalue(persona))
    before = AuditEvent.objects.count()
    for url, payload in post_cases:
        assert client.post(url, payload).status_code == 403, url
    assert client.get(reverse("risk-create", args=[post_cases[0][0].split("/")[2]])).status_code == 403
    assert AuditEvent.objects.count() == before


def test_another_authority_cannot_post_and_learns_nothing(outsider, post_cases):
    client = client_for(outsider)
    for url, payload in post_cases:
        assert client.post(url, payload).status_code == 404, url


def test_a_bad_risk_is_refused_with_messages_and_nothing_saved(lead, plan):
    from clearsight.governance.models import Risk

    response = client_for(lead).post(reverse("risk-create", args=[plan.pk]), {
        "ref": "R1", "title": "Duplicate", "cause": "", "event": "e", "effect": "f", "inherent_likelihood": "7",
        "inherent_impact": "4", "residual_likelihood": "2", "residual_impact": "4",
        "on_day": "1", "on_month": "3", "on_year": "2027"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "Describe the cause." in page
    assert "Select a valid choice" in page
    assert not Risk.objects.filter(title="Duplicate").exists()


def test_an_agenda_item_naming_an_unknown_action_is_refused(lead, plan, meeting):
    response = client_for(lead).post(reverse("agenda-item-add", args=[plan.pk, meeting.pk]),
                                     {"title": "X", "purpose": "decision", "action_refs": "1.1.1, 9.9.9"})
    assert response.status_code == 400
    assert "This plan has no action 9.9.9" in response.content.decode()
    assert meeting.agenda_items.count() == 1


def test_a_decision_made_into_an_action_appears_in_the_plan(lead, plan, meeting):
    from clearsight.organisations.models import Person

    owner = Person.objects.get(name="Vicky Buchanan")
    response = client_for(lead).post(reverse("meeting-decision", args=[plan.pk, meeting.pk]), {
        "text": "Review every NFA decision", "owner": owner.pk, "priority": plan.priorities.get().pk,
        "on_day": "31", "on_month": "1", "on_year": "2027"})
    assert response.status_code == 302
    action = plan.actions.get(ref="1.1.4")
    assert action.text == "Review every NFA decision"
    page = client_for(lead).get(reverse("meeting-detail", args=[plan.pk, meeting.pk])).content.decode()
    assert reverse("action-detail", args=[plan.pk, "1.1.4"]) in page


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_risk_register_and_meeting_page_do_not_query_per_row(lead, plan, meeting, risk):
    from datetime import date

    from clearsight.governance import services

    client = client_for(lead)
    register = reverse("risk-register", args=[plan.pk])
    meeting_url = reverse("meeting-detail", args=[plan.pk, meeting.pk])
    _queries(client, register)  # warm the session and caches
    before = (_queries(client, register), _queries(client, meeting_url))
    for n in range(2, 8):
        more = services.risk_create(user=lead, authority=plan.authority, plan=plan, ref=f"R{n}", title="t", cause="c",
                                    event="e", effect="f", inherent=(3, 3), residual=(2, 2), on=date(2026, 1, 1))
        services.risk_actions_link(user=lead, risk=more, actions=plan.actions.all())
        services.agenda_item_add(user=lead, meeting=meeting, title=f"Item {n}", risks=[more],
                                 actions=plan.actions.all(), priorities=plan.priorities.all())
    assert (_queries(client, register), _queries(client, meeting_url)) == before


def test_the_action_page_links_back_to_its_risks_and_the_decision_behind_it(lead, plan, meeting, risk):
    from datetime import date

    from clearsight.governance import services
    from clearsight.organisations.models import Person

    services.risk_actions_link(user=lead, risk=risk, actions=plan.actions.filter(ref="1.1.1"))
    page = client_for(lead).get(reverse("action-detail", args=[plan.pk, "1.1.1"])).content.decode()
    assert "Mitigates risks" in page and reverse("risk-detail", args=[plan.pk, risk.pk]) in page
    assert "Decided by" not in page
    decision = services.decision_record(user=lead, meeting=meeting, text="Do it", owner=Person.objects.first(),
                                        due_date=date(2027, 1, 31), priority=plan.priorities.get())
    page = client_for(lead).get(reverse("action-detail", args=[plan.pk, decision.action.ref])).content.decode()
    assert "Decided by" in page and reverse("meeting-detail", args=[plan.pk, meeting.pk]) in page

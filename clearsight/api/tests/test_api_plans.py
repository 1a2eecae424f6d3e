"""Plans and actions through the API: the same rules as the web pages, and no lost updates."""

from __future__ import annotations

import pytest

from clearsight.audit.models import AuditEvent


def action_url(plan, ref="1.1.1", tail=""):
    return f"/api/v1/plans/{plan.pk}/actions/{ref}/{tail}"


def test_without_a_token_nothing_is_answered(api_as, plan):
    response = api_as(None).get("/api/v1/plans/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_a_wrong_token_is_refused_in_the_error_shape(plan):
    from clearsight.api.tests.conftest import ApiClient

    response = ApiClient("cs_not-a-real-token").get("/api/v1/plans/")
    assert response.status_code == 401
    assert response.json() == {"error": {"status": 401, "code": "authentication_failed", "message":
                                         "This token is not valid: it may be mistyped, revoked or expired.",
                                         "fields": {}, "problems": []}}


def test_the_session_cookie_does_not_authenticate_the_api(client, lead, plan):
    from clearsight.conftest import PASSWORD

    client.login(email=lead.email, password=PASSWORD)
    assert client.get("/api/v1/plans/").status_code == 401


def test_each_person_lists_only_their_authoritys_plans(api_as, plan, outsider, viewer):
    assert [p["id"] for p in api_as(viewer).get("/api/v1/plans/").json()["results"]] == [plan.pk]
    assert api_as(outsider).get("/api/v1/plans/").json()["count"] == 0


@pytest.mark.parametrize("path", ["", "priorities/", "success-criteria/", "actions/", "actions/1.1.1/",
                                  "actions/1.1.1/updates/"])
def test_another_authoritys_plan_is_not_found(api_as, plan, outsider, path):
    response = api_as(outsider).get(f"/api/v1/plans/{plan.pk}/{path}")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_actions_are_listed_with_filters_and_pages(api_as, plan, viewer):
    client = api_as(viewer)
    everything = client.get(f"/api/v1/plans/{plan.pk}/actions/").json()
    assert [a["ref"] for a in everything["results"]] == ["1.1.1", "1.1.2", "1.1.3"]
    completed = client.get(f"/api/v1/plans/{plan.pk}/actions/", {"status": "completed"}).json()
    assert [a["ref"] for a in completed["results"]] == ["1.1.3"]
    in_sprint = client.get(f"/api/v1/plans/{plan.pk}/actions/", {"sprint": 1}).json()
    assert [a["ref"] for a in in_sprint["results"]] == ["1.1.2", "1.1.3"]
    page = client.get(f"/api/v1/plans/{plan.pk}/actions/", {"page_size": 2, "page": 2}).json()
    assert page["count"] == 3 and [a["ref"] for a in page["results"]] == ["1.1.3"] and page["next"] is None
    bad = client.get(f"/api/v1/plans/{plan.pk}/actions/", {"sprint": "one"})
    assert bad.status_code == 400 and bad.json()["error"]["fields"] == {"sprint": ["'one' is not a whole number."]}


def test_priorities_carry_their_success_criteria(api_as, plan, viewer):
    priorities = api_as(viewer).get(f"/api/v1/plans/{plan.pk}/priorities/").json()["results"]
    assert priorities[0]["code"] == "1.1"
    assert priorities[0]["success_criteria"][0]["text"] == "Assessments are timely"


def test_an_action_comes_with_its_etag(api_as, plan, viewer):
    response = api_as(viewer).get(action_url(plan))
    action = plan.actions.get(ref="1.1.1")
    assert response.headers["ETag"] == f'"action-{action.pk}-v1"'
    assert response.json()["version"] == 1 and response.json()["leads"] == ["Vicky Buchanan, Head of Service"]


def test_the_actions_lead_adds_an_update_with_the_etag_and_it_is_audited(api_as, plan, owner):
    client = api_as(owner)
    etag = client.get(action_url(plan)).headers["ETag"]
    response = client.post(action_url(plan, tail="updates/"), {"commentary": "Two sessions held", "on": "2026-11-20",
                                                             "status": "in_progress"}, headers={"If-Match": etag})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["update"]["commentary"] == "Two sessions held" and body["update"]["on"] == "2026-11-20"
    assert body["action"]["status"] == "in_progress" and body["action"]["version"] == 2
    assert response.headers["ETag"].endswith('-v2"')
    event = AuditEvent.objects.get(verb="action.update_added")
    assert event.actor == owner and event.after["status"] == "in_progress"


def test_a_stale_etag_is_refused_with_412_and_nothing_changes(api_as, plan, owner, lead):
    old_etag = api_as(owner).get(action_url(plan)).headers["ETag"]
    lead_client = api_as(lead)
    lead_client.post(action_url(plan, tail="updates/"), {"commentary": "Lead's update"},
                     headers={"If-Match": old_etag})
    response = api_as(owner).post(action_url(plan, tail="updates/"), {"commentary": "Owner's update"},
                                  headers={"If-Match": old_etag})
    assert response.status_code == 412 and response.json()["error"]["code"] == "stale"
    assert list(plan.actions.get(ref="1.1.1").updates.values_list("commentary", flat=True)) == ["Lead's update"]


def test_a_stale_version_field_is_refused_with_412_by_the_service(api_as, plan, owner):
    client = api_as(owner)
    client.post(action_url(plan, tail="updates/"), {"commentary": "First", "version": 1})
    response = client.post(action_url(plan, tail="updates/"), {"commentary": "Second", "version": 1})
    assert response.status_code == 412
    assert "changed by someone else" in response.json()["error"]["message"]
    assert plan.actions.get(ref="1.1.1").updates.count() == 1


def test_a_write_without_a_version_is_refused_with_428(api_as, plan, owner):
    response = api_as(owner).post(action_url(plan, tail="updates/"), {"commentary": "Blind write"})
    assert response.status_code == 428 and response.json()["error"]["code"] == "version_required"
    assert not plan.actions.get(ref="1.1.1").updates.exists()


def test_status_changes_through_patch_and_is_kept_as_an_update(api_as, plan, lead):
    client = api_as(lead)
    etag = client.get(action_url(plan)).headers["ETag"]
    response = client.patch(action_url(plan), {"status": "completed"}, headers={"If-Match": etag})
    assert response.status_code == 200 and response.json()["status"] == "completed"
    update = plan.actions.get(ref="1.1.1").updates.get()
    assert (update.status_from, update.status_to, update.commentary) == ("not_started", "completed",
                                                                       "Status changed to completed.")


@pytest.mark.parametrize("persona", ["viewer", "outsider"])
def test_people_who_may_not_update_the_action_are_refused(api_as, plan, persona, request):
    user = request.getfixturevalue(persona)
    response = api_as(user).post(action_url(plan, tail="updates/"), {"commentary": "x", "version": 1})
    assert response.status_code == (403 if persona == "viewer" else 404)
    assert not plan.actions.get(ref="1.1.1").updates.exists()


def test_an_owner_cannot_update_an_action_someone_else_leads(api_as, plan, owner):
    response = api_as(owner).post(action_url(plan, "1.1.2", "updates/"), {"commentary": "x", "version": 1})
    assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"


def test_a_partner_updates_the_action_their_agency_leads(api_as, plan, board):
    response = api_as(board).post(action_url(plan, "1.1.2", "updates/"), {"commentary": "Probation audit done",
                                                                         "version": 1})
    assert response.status_code == 201


def test_bad_fields_are_named(api_as, plan, lead):
    response = api_as(lead).post(action_url(plan, tail="updates/"), {"commentary": " ", "status": "finished",
                                                                   "version": 1})
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"commentary", "status"}


def test_authorities_and_units_are_scoped_to_the_holder(api_as, sefton, wirral, lead, outsider):
    from clearsight.organisations.models import OrgUnit

    OrgUnit.objects.create(authority=sefton, kind="service", name="Early help")
    client = api_as(lead)
    assert [(a["name"], a["role"]) for a in client.get("/api/v1/authorities/").json()["results"]] == [("Sefton", "lead")]
    assert [u["name"] for u in client.get(f"/api/v1/authorities/{sefton.pk}/units/").json()["results"]] == ["Early help"]
    assert api_as(outsider).get(f"/api/v1/authorities/{sefton.pk}/units/").status_code == 404


def test_the_action_list_takes_the_same_number_of_queries_however_many_actions(api_as, plan, viewer,
                                                                                django_assert_max_num_queries):
    from clearsight.plans.models import Action, ActionLead

    client = api_as(viewer)
    client.get(f"/api/v1/plans/{plan.pk}/actions/")  # the token's first use writes last_used_at
    for n in range(20):
        extra = Action.objects.create(plan=plan, priority=plan.priorities.get(), order=10 + n, ref=f"9.{n}",
                                      text="More work")
        ActionLead.objects.create(action=extra, order=1, role="Head of Service")
    with django_assert_max_num_queries(10):
        response = client.get(f"/api/v1/plans/{plan.pk}/actions/")
    assert response.json()["count"] == 23


@pytest.mark.parametrize("path", ["actions/?priority=%00", "actions/?status=a%00b", "actions/1.1%001/",
                                  "actions/1.1%001/updates/"])
def test_a_nul_character_is_refused_not_a_server_error(api_as, plan, viewer, path):
    response = api_as(viewer).get(f"/api/v1/plans/{plan.pk}/{path}")
    assert response.status_code in (400, 404), response.content
    assert response.json()["error"]["status"] == response.status_code

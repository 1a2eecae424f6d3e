import pytest
from django.test import Client
from django.urls import reverse

from clearsight.plans.models import Action, ActionUpdate


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def page_urls(plan):
    return [
        reverse("home"),
        reverse("my-actions"),
        reverse("plan-overview", args=[plan.pk]),
        reverse("priority-detail", args=[plan.pk, "1.1"]),
        reverse("action-detail", args=[plan.pk, "1.1.1"]),
        reverse("sprint-board", args=[plan.pk]),
        reverse("recommendations", args=[plan.pk]),
        reverse("import-report", args=[plan.pk]),
    ]


PLAN_PAGES = slice(2, None)  # home and my-actions exist for everyone signed in


def test_every_page_needs_sign_in(plan):
    for url in page_urls(plan):
        response = client_for().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/"), url


def test_a_viewer_reads_every_page_of_their_authority(viewer, plan):
    for url in page_urls(plan):
        assert client_for(viewer).get(url).status_code == 200, url


def test_another_authority_sees_nothing_not_even_that_the_plan_exists(outsider, plan):
    client = client_for(outsider)
    for url in page_urls(plan)[PLAN_PAGES]:
        assert client.get(url).status_code == 404, url
    home = client.get(reverse("home"))
    assert plan.title not in home.content.decode()


def update_payload(action, **overrides):
    data = {"commentary": "Progress made", "on_day": "24", "on_month": "11", "on_year": "2026",
            "status": "", "evidence_url": "", "version": action.version}
    return {**data, **overrides}


@pytest.mark.parametrize(
    ("persona", "ref", "expected"),
    [
        ("owner", "1.1.1", 302),  # right role, leads it by name
        ("board", "1.1.2", 302),  # partner, their agency leads it
        ("manager", "1.1.1", 302),
        ("lead", "1.1.1", 302),
        ("owner", "1.1.2", 403),  # right role, wrong action
        ("viewer", "1.1.1", 403),  # wrong role
        ("outsider", "1.1.1", 404),  # other authority
    ],
)
def test_who_may_add_an_update(persona, ref, expected, plan, request):
    user = request.getfixturevalue(persona)
    action = plan.actions.get(ref=ref)
    url = reverse("action-update-add", args=[plan.pk, ref])
    response = client_for(user).post(url, update_payload(action))
    assert response.status_code == expected
    assert ActionUpdate.objects.filter(action=action).count() == (1 if expected == 302 else 0)


def test_posting_a_form_without_sign_in_changes_nothing(plan):
    action = plan.actions.get(ref="1.1.1")
    response = client_for().post(reverse("action-update-add", args=[plan.pk, "1.1.1"]), update_payload(action))
    assert response.status_code == 302 and ActionUpdate.objects.count() == 0


@pytest.mark.parametrize(
    ("persona", "expected"), [("lead", 302), ("owner", 403), ("viewer", 403), ("outsider", 404)]
)
def test_who_may_change_a_due_date(persona, expected, plan, request):
    user = request.getfixturevalue(persona)
    url = reverse("action-due-date", args=[plan.pk, "1.1.1"])
    response = client_for(user).post(url, {"new_due": "March 2027", "reason": "Slipped", "version": 1})
    assert response.status_code == expected
    assert Action.objects.get(ref="1.1.1").due_text == ("March 2027" if expected == 302 else "31/12/2026")


@pytest.mark.parametrize(("persona", "expected"), [("lead", 302), ("manager", 403), ("outsider", 404)])
def test_who_may_close_a_sprint(persona, expected, plan, request):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(reverse("sprint-close", args=[plan.pk, 1]))
    assert response.status_code == expected
    assert plan.sprints.get(number=1).is_closed is (expected == 302)


def test_an_update_without_commentary_is_refused_with_a_message(owner, plan):
    action = plan.actions.get(ref="1.1.1")
    response = client_for(owner).post(reverse("action-update-add", args=[plan.pk, "1.1.1"]),
                                      update_payload(action, commentary="", on_day="31", on_month="2"))
    body = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in body and "Enter the progress update." in body
    assert "must be a real date" in body
    assert ActionUpdate.objects.count() == 0


def test_a_stale_form_is_told_of_the_conflict_and_keeps_what_was_typed(owner, manager, plan):
    action = plan.actions.get(ref="1.1.1")
    stale_version = action.version
    client_for(manager).post(reverse("action-update-add", args=[plan.pk, "1.1.1"]), update_payload(action))
    response = client_for(owner).post(
        reverse("action-update-add", args=[plan.pk, "1.1.1"]),
        update_payload(action, commentary="My careful words", version=stale_version),
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "changed by someone else" in body
    assert "My careful words" in body  # nothing the person typed is lost
    assert ActionUpdate.objects.count() == 1


def test_my_actions_lists_what_i_lead_by_name_role_or_agency(owner, board, plan):
    from clearsight.organisations.models import Person

    Person.objects.create(authority=plan.authority, name="Sam", job_title="Quality Assurance Manager", user=owner)
    body = client_for(owner).get(reverse("my-actions")).content.decode()
    assert "1.1.1" in body and "1.1.3" in body and "1.1.2" not in body
    board_body = client_for(board).get(reverse("my-actions")).content.decode()
    assert "1.1.2" in board_body and "1.1.1" not in board_body


def test_the_action_page_shows_its_history(owner, plan):
    action = plan.actions.get(ref="1.1.1")
    client_for(owner).post(reverse("action-update-add", args=[plan.pk, "1.1.1"]),
                           update_payload(action, status="in_progress"))
    body = client_for(owner).get(reverse("action-detail", args=[plan.pk, "1.1.1"])).content.decode()
    assert "action.update_added" in body and "in_progress" in body


def test_list_pages_do_not_query_per_action(viewer, plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from clearsight.plans.models import ActionLead

    client = client_for(viewer)
    urls = [reverse(name, args=args) for name, args in [
        ("plan-overview", [plan.pk]), ("sprint-board", [plan.pk]), ("priority-detail", [plan.pk, "1.1"]),
        ("my-actions", []), ("recommendations", [plan.pk])]]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    before = counts()
    priority, sprint = plan.priorities.get(), plan.sprints.get(number=1)
    for n in range(4, 14):
        action = Action.objects.create(plan=plan, priority=priority, order=n, ref=f"1.1.{n}", text="More",
                                       due_text="Sprint 1", due_kind="sprint", sprint=sprint)
        ActionLead.objects.create(action=action, order=1, role="Service Manager")
    assert counts() == before

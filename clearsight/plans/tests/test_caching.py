"""The plan overview is cached until the plan changes: every way a plan changes must show at once."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clearsight.plans import services
from clearsight.plans.changes import plan_token
from clearsight.plans.models import Action, ActionUpdate, Plan


@pytest.fixture
def overview(plan, viewer):
    client = Client()
    client.force_login(viewer)
    url = reverse("plan-overview", args=[plan.pk])

    def read() -> str:
        return client.get(url).content.decode()

    read.queries = lambda: _queries(client, url)  # type: ignore[attr-defined]
    return read


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_overview_is_served_from_the_cache_until_the_plan_changes(overview):
    assert "2 not started, 1 completed" in overview()
    cached = overview.queries()
    cache.clear()
    assert cached < overview.queries()  # built afresh: priorities and actions read


def test_a_progress_update_that_completes_an_action_shows_at_once(overview, plan, lead):
    assert "2 not started, 1 completed" in overview()
    action = plan.actions.get(ref="1.1.2")
    services.action_update_add(user=lead, action=action, commentary="Audit done", on=date(2026, 11, 1),
                               expected_version=action.version, status="completed")
    assert "1 not started, 2 completed" in overview()


def test_a_renamed_priority_shows_at_once(overview, plan):
    assert "Assessment and Planning" in overview()
    priority = plan.priorities.get()
    priority.title = "Assessment, planning and review"
    priority.save()
    assert "Assessment, planning and review" in overview()


def test_a_status_changed_without_a_new_row_shows_at_once(overview, plan, lead):
    """The services write an action's own fields with a queryset update, which sends no signal."""
    overview()
    action = plan.actions.get(ref="1.1.2")
    before = plan_token(plan.pk)
    services.action_rag_override_set(user=lead, action=action, rag="red", reason="No auditor",
                                     expected_version=action.version)
    assert plan_token(plan.pk) != before


@pytest.mark.parametrize("change", ["priority renamed", "action deleted", "update deleted", "agency renamed",
                                    "person renamed", "new plan"])
def test_every_kind_of_write_replaces_the_token(plan, lead, probation, change):
    services.action_update_add(user=lead, action=plan.actions.get(ref="1.1.1"), commentary="Started",
                               on=date(2026, 11, 1), expected_version=1)
    before = plan_token(plan.pk)
    if change == "priority renamed":
        priority = plan.priorities.get()
        priority.title = "Assessment, planning and review"
        priority.save()
    elif change == "action deleted":
        Action.objects.get(plan=plan, ref="1.1.3").delete()
    elif change == "update deleted":
        ActionUpdate.objects.get().delete()
    elif change == "agency renamed":
        probation.name = "Probation Service North West"
        probation.save()
    elif change == "person renamed":
        person = plan.actions.get(ref="1.1.1").leads.get().person
        person.name = "Victoria Buchanan"
        person.save()
    elif change == "new plan":
        other = Plan.objects.create(authority=plan.authority, title="Next plan", period_label="2027-28")
        assert plan_token(other.pk) and plan_token(plan.pk) == before
        return
    assert plan_token(plan.pk) not in (before, None)


def test_a_deleted_plan_takes_its_token_with_it(plan):
    plan_id = plan.pk
    plan.delete()
    assert plan_token(plan_id) is None

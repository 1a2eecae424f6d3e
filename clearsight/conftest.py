"""Fixtures shared by the app tests: two authorities and named personas in each role.

Personas (in Sefton unless named otherwise): ``lead`` (performance lead), ``owner`` (action owner
who leads action 1.1.1 by name), ``viewer``, ``manager``, ``board`` (partner from the National
Probation Service, which leads 1.1.2), and ``outsider`` (performance lead in Wirral only).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:  # models are imported inside fixtures, so engine tests run without Django
    from clearsight.organisations.models import Authority, PartnerAgency, User
    from clearsight.plans.models import Plan

PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def _own_analytics_store(settings: Any, tmp_path_factory: Any) -> None:
    """Each test gets an empty folder for the DuckDB stores: they live on disk, outside the test's
    database transaction, so they must not leak from one test into the next."""
    settings.CLEARSIGHT_ANALYTICS_DIR = tmp_path_factory.mktemp("analytics")


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Cached pages key on the figures token; tests that create measures straight through the ORM
    (not the services, which change the token) must not see a page cached by an earlier test."""
    from django.core.cache import cache

    cache.clear()


def make_user(email: str, authority: Authority | None = None, role: str = "", **membership: Any) -> User:
    from clearsight.organisations.models import Membership, User

    user = User.objects.create_user(email, PASSWORD, full_name=email.split("@")[0].title())
    if authority is not None:
        Membership.objects.create(user=user, authority=authority, role=role, **membership)
    return user


@pytest.fixture
def sefton(db: Any) -> Authority:
    from clearsight.organisations.models import Authority

    return Authority.objects.create(name="Sefton", ons_code="E08000014", dfe_number="343")


@pytest.fixture
def wirral(db: Any) -> Authority:
    from clearsight.organisations.models import Authority

    return Authority.objects.create(name="Wirral", ons_code="E08000015", dfe_number="344")


@pytest.fixture
def probation(sefton: Authority) -> PartnerAgency:
    from clearsight.organisations.models import PartnerAgency

    return PartnerAgency.objects.create(authority=sefton, name="National Probation Service",
                                        sector=PartnerAgency.Sector.PROBATION)


@pytest.fixture
def plan(sefton: Authority, probation: PartnerAgency) -> Plan:
    """A small Sefton plan: one priority, a criterion, three actions and two sprints."""
    from clearsight.organisations.models import Person
    from clearsight.plans.models import Action, ActionLead, Plan, Priority, Sprint, SuccessCriterion

    plan = Plan.objects.create(authority=sefton, title="Improvement Action Plan", period_label="2026-27")
    priority = Priority.objects.create(plan=plan, order=1, code="1.1", kind="recommendation",
                                       title="Assessment and Planning")
    criterion = SuccessCriterion.objects.create(priority=priority, number=1, text="Assessments are timely")
    sprint_one = Sprint.objects.create(plan=plan, number=1, start_date=date(2026, 9, 7))
    Sprint.objects.create(plan=plan, number=2, start_date=date(2026, 11, 30))
    vicky = Person.objects.create(authority=sefton, name="Vicky Buchanan", job_title="Head of Service")
    a1 = Action.objects.create(plan=plan, priority=priority, order=1, ref="1.1.1", text="Train managers",
                               lead_text="Vicky Buchanan, Head of Service", due_text="31/12/2026",
                               due_kind="day", due_date=date(2026, 12, 31), success_criterion=criterion)
    ActionLead.objects.create(action=a1, order=1, person=vicky, role="Head of Service")
    a2 = Action.objects.create(plan=plan, priority=priority, order=2, ref="1.1.2", text="Audit supervision",
                               lead_text="National Probation Service", due_text="Sprint 1", due_kind="sprint",
                               sprint=sprint_one, planned_sprint=sprint_one)
    ActionLead.objects.create(action=a2, order=1, agency=probation)
    a3 = Action.objects.create(plan=plan, priority=priority, order=3, ref="1.1.3", text="Peer review",
                               lead_text="Quality Assurance Manager", due_text="Sprint 1", due_kind="sprint",
                               sprint=sprint_one, planned_sprint=sprint_one, status="completed")
    ActionLead.objects.create(action=a3, order=1, role="Quality Assurance Manager")
    return plan


@pytest.fixture
def lead(sefton: Authority) -> User:
    return make_user("lead@sefton.example", sefton, "lead")


@pytest.fixture
def owner(sefton: Authority, plan: Plan) -> User:
    from clearsight.organisations.models import Person

    user = make_user("owner@sefton.example", sefton, "owner")
    Person.objects.filter(name="Vicky Buchanan").update(user=user)
    return user


@pytest.fixture
def viewer(sefton: Authority) -> User:
    return make_user("viewer@sefton.example", sefton, "viewer")


@pytest.fixture
def manager(sefton: Authority) -> User:
    return make_user("manager@sefton.example", sefton, "manager")


@pytest.fixture
def board(sefton: Authority, probation: PartnerAgency) -> User:
    return make_user("board@sefton.example", sefton, "board", agency=probation)


@pytest.fixture
def outsider(wirral: Authority) -> User:
    return make_user("lead@wirral.example", wirral, "lead")

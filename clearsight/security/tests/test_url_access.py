"""Every URL × every persona, checked against the declared access table (clearsight/security/access.py).

The URLs come from walking the URL configuration, Django admin's included, so a page added
without a rule in the table fails here. Run with ``-s`` to see how many URL × persona pairs
were checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern

from clearsight.conftest import make_user
from clearsight.organisations.roles import Role
from clearsight.security import access

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Route:
    name: str | None  # namespace:name, or None for an unnamed pattern
    route: str
    kwargs: tuple[str, ...]
    admin: bool


def _kwarg_names(pattern: Any) -> list[str]:
    if isinstance(pattern, RegexPattern):
        return list(pattern.regex.groupindex)
    return list(getattr(pattern, "converters", {}))


def walk(resolver: URLResolver, namespaces: tuple[str, ...] = (), kwargs: tuple[str, ...] = (),
         route: str = "", admin: bool = False) -> list[Route]:
    routes: list[Route] = []
    for entry in resolver.url_patterns:
        names = kwargs + tuple(_kwarg_names(entry.pattern))
        text = route + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = (entry.namespace,) if entry.namespace else ()
            routes += walk(entry, namespaces + ns, names, text, admin or entry.namespace == "admin")
        elif isinstance(entry, URLPattern):
            name = ":".join(namespaces + (entry.name,)) if entry.name else None
            routes.append(Route(name, text, names, admin))
    return routes


def all_routes() -> list[Route]:
    return walk(get_resolver())


@pytest.fixture
def world(sefton, wirral, plan, probation) -> dict[str, Any]:
    """Sefton's plan with a measure, a published and a draft release, an upload, indicator figures
    for two teams in two services, and one user per persona."""
    from clearsight.analytics.models import DataUpload, IndicatorResult
    from clearsight.engine.periods import parse_period
    from clearsight.organisations.models import OrgUnit, Person
    from clearsight.performance import services
    from clearsight.performance.models import DataRelease, Measure, MeasurePlacement
    from clearsight.performance.services import FigureInput

    cp = OrgUnit.objects.create(authority=sefton, kind="service", name="Child Protection")
    cic = OrgUnit.objects.create(authority=sefton, kind="service", name="Children in Care")
    OrgUnit.objects.create(authority=sefton, kind="team", name=access.TEAM_A, parent=cp)
    OrgUnit.objects.create(authority=sefton, kind="team", name=access.TEAM_OTHER, parent=cic)
    users: dict[str, Any] = {access.ANONYMOUS: None}
    for role in Role:
        extra: dict[str, Any] = {}
        if role == Role.MANAGER:
            extra["org_unit"] = cp
        if role == Role.PARTNER:
            extra["agency"] = probation
        users[role.value] = make_user(f"{role.value}@sefton.access", sefton, role.value, **extra)
    users[Role.ADMINISTRATOR.value].is_staff = users[Role.ADMINISTRATOR.value].is_superuser = True
    users[Role.ADMINISTRATOR.value].save()
    Person.objects.filter(name="Vicky Buchanan").update(user=users[Role.ACTION_OWNER.value])
    users[access.NO_ROLE] = make_user("nobody@sefton.access")
    users[access.OTHER_AUTHORITY] = make_user("lead@wirral.access", wirral, "lead")

    lead, approver = users["lead"], users["approver"]
    measure = Measure.objects.create(authority=sefton, plan=plan, key="re_referrals_12m", name="Re-referrals",
                                     good_text="<20", unit="percentage")
    MeasurePlacement.objects.create(measure=measure, priority=plan.priorities.get(), order=1)
    services.value_record(user=lead, figure=FigureInput(measure, parse_period("2017-10"), None, None, Decimal(21)))
    published = DataRelease.objects.get()
    services.release_publish(user=approver, release=services.release_approve(
        user=approver, release=services.release_submit(user=lead, release=published)))
    services.value_record(user=lead, figure=FigureInput(measure, parse_period("2017-11"), None, None, Decimal(15)))
    draft = DataRelease.objects.exclude(pk=published.pk).get()
    upload = DataUpload.objects.create(authority=sefton, kind="annex_a", collection_year=2018, filename="annex-a.xlsx",
                                       sha256="0" * 64, size=10, rows=1)
    for kind, level in (("authority", "authority"), ("team", access.TEAM_A), ("team", access.TEAM_OTHER)):
        IndicatorResult.objects.create(
            authority=sefton, indicator="assessments_45wd", period_type="financial_year",
            period_start=date(2017, 4, 1), period_end=date(2018, 3, 31), level_kind=kind, level=level,
            unit="percent", numerator=Decimal(40), denominator=Decimal(50), value=Decimal(80), store_version="x",
        )
    from django.contrib.contenttypes.models import ContentType

    from clearsight.governance import services as governance

    board = governance.board_create(user=lead, authority=sefton, name="Improvement Board", kind="improvement",
                                    frequency="Monthly")
    meeting = governance.meeting_schedule(user=lead, board=board, on=date(2026, 10, 14), plan=plan)
    risk = governance.risk_create(user=lead, authority=sefton, plan=plan, ref="R1", title="Turnover", cause="c",
                                  event="e", effect="f", inherent=(4, 4), residual=(3, 4), on=date(2026, 9, 1),
                                  review_date=date(2026, 12, 1))
    from clearsight.engine.audits import Grade

    programme = governance.audit_programme_create(user=lead, authority=sefton, plan=plan, name="Case audits",
                                                  start=date(2026, 4, 1), end=date(2027, 3, 31))
    governance.audit_domains_ensure(sefton)
    case_audit = governance.case_audit_record(user=lead, programme=programme, child="C-00000000AB",
                                              audited_on=date(2026, 5, 1), grades={"assessment": Grade.GOOD},
                                              overall=Grade.GOOD)
    evidence_file = governance.evidence_file_add(user=lead, plan=plan, title="Audit report", data=b"%PDF-1.7\n",
                                                 filename="report.pdf")
    ids = {"board": board.pk, "meeting": meeting.pk, "risk": risk.pk, "programme": programme.pk,
           "case_audit": case_audit.pk, "evidence_file": evidence_file.pk, "plan": plan.pk, "measure": measure.pk,
           "published_release": published.pk, "draft_release": draft.pk,
           "upload": upload.pk, "admin_object": str(sefton.pk), "admin_user": users["administrator"].pk,
           "content_type": ContentType.objects.get_for_model(type(sefton)).pk}
    return {"users": users, "ids": ids}


def _url(route: Route, case: access.Case, ids: dict[str, Any]) -> str:
    values = {**access.DEFAULT_KWARGS, **case.kwargs}
    missing = [k for k in route.kwargs if k not in values]
    assert not missing, f"{route.route}: give DEFAULT_KWARGS or the case a value for {missing}"
    kwargs = {k: (ids[v.name] if isinstance(v, access.Ref) else v) for k, v in values.items() if k in route.kwargs}
    if route.name is None:
        assert route.admin, f"{route.route} has no name: name it, so the access table can give it a rule"
        text = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), route.route.replace("^", ""))
        text = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), text).replace("$", "")
        path = "/" + text
    else:
        path = reverse(route.name, kwargs=kwargs)
    if case.query:
        from urllib.parse import urlencode

        path += "?" + urlencode(case.query)
    return path


def _refused(response: Any) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    if response.status_code in (301, 302):
        # Sent to sign in to see the page (?next=…), not sent to the sign-in page after signing out.
        location = response.headers.get("Location", "")
        return location.startswith((reverse("login"), reverse("admin:login"))) and "next=" in location
    return False


def test_every_url_has_a_rule_in_the_access_table():
    missing = [r.route for r in all_routes() if access.rule_for(r.name, r.admin, r.route) is None]
    assert not missing, f"URLs without a rule in clearsight/security/access.py: {missing}"


def test_the_access_table_has_no_rules_for_urls_that_no_longer_exist():
    names = {r.name for r in all_routes()}
    assert not set(access.RULES) - names


def test_every_url_answers_every_persona_as_the_table_declares(world, capsys):
    users, ids = world["users"], world["ids"]
    clients: dict[str, Client] = {}
    for persona, user in users.items():
        clients[persona] = Client()
        if user is not None:
            clients[persona].force_login(user)
    wrong: list[str] = []
    checked = 0
    routes = all_routes()
    # GETs first, then POSTs: a POST may change state (a release submitted) that a GET case relies on.
    for method in ("GET", "POST"):
        for route in routes:
            rule = access.rule_for(route.name, route.admin, route.route)
            assert rule is not None
            if method == "POST" and not rule.post_checked:
                continue
            cases = rule.cases
            if method == "POST" and rule.post is None and rule.get is not None:
                cases = cases[:1]  # a read-only page: one POST case shows it is answered as a GET
            for case in cases:
                url = _url(route, case, ids)
                allowed = access.personas_allowed(rule, case, method)
                for persona in access.PERSONAS:
                    client = clients[persona]
                    if users[persona] is not None and "_auth_user_id" not in client.session:
                        client.force_login(users[persona])  # a sign-out POST ended the session
                    if method == "GET":
                        response = client.get(url)
                    elif case.content_type:
                        response = client.post(url, case.data, content_type=case.content_type)
                    else:
                        response = client.post(url, case.data)
                    checked += 1
                    status = response.status_code
                    if allowed is None:
                        ok = status == 405 or (persona == access.ANONYMOUS and _refused(response))
                        expected = "405 (method not served)"
                    elif status == 405 and method == "POST" and rule.post is None and case.post is None:
                        ok, expected = persona != access.ANONYMOUS, "refused, or 405"
                    elif persona in allowed:
                        ok = not _refused(response) and status < 500
                        expected = "let in"
                    else:
                        ok = _refused(response)
                        expected = "refused"
                    if not ok:
                        where = response.headers.get("Location", "")
                        wrong.append(f"{method} {url} [{case.label}] as {persona}: {status} {where} — expected {expected}")
    with capsys.disabled():
        figure = (f"\nURL access: {len(routes)} URLs, {checked} URL × persona requests checked "
                  f"({len(access.PERSONAS)} personas)")
        print(figure)  # noqa: T201  (the figure the issue asks for)
    assert not wrong, "\n".join(wrong)
    assert checked > 500


def test_a_manager_tied_to_no_service_or_team_sees_no_team_and_no_children(world, sefton):
    manager = make_user("unplaced.manager@sefton.access", sefton, "manager")
    client = Client()
    client.force_login(manager)
    url = reverse("indicator-detail", args=[world["ids"]["plan"], "assessments_45wd"])
    assert client.get(url).status_code == 200
    assert client.get(url, {"team": access.TEAM_A}).status_code == 403
    assert client.get(url, {"children": "numerator"}).status_code == 403
    assert access.TEAM_A not in client.get(url).content.decode()

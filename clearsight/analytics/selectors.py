"""Reads for the child-level data pages: uploads, indicator results and who sits in which team."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from clearsight.analytics.models import DataUpload, IndicatorResult
from clearsight.analytics.store import read_store
from clearsight.organisations.models import Authority


def uploads_of(authority: Authority) -> QuerySet[DataUpload]:
    return DataUpload.objects.filter(authority=authority)


def results_of(authority: Authority, indicator: str) -> QuerySet[IndicatorResult]:
    return IndicatorResult.objects.filter(authority=authority, indicator=indicator)


def latest_results(authority: Authority) -> list[IndicatorResult]:
    """Each indicator's newest authority-level figure."""
    rows = IndicatorResult.objects.filter(authority=authority, level_kind="authority").order_by(
        "indicator", "-period_end")
    latest: dict[str, IndicatorResult] = {}
    for row in rows:
        latest.setdefault(row.indicator, row)
    return list(latest.values())


def workers_in_team(authority: Authority, team: str) -> set[str]:
    """Workers who held cases in ``team`` (from the allocations in the store)."""
    with read_store(authority) as con:
        found = con.execute("SELECT DISTINCT worker FROM allocations WHERE team = ? AND worker IS NOT NULL",
                            [team]).fetchall()
    return {row[0] for row in found}


def team_of_worker(authority: Authority, worker: str) -> str | None:
    with read_store(authority) as con:
        found = con.execute("SELECT team FROM allocations WHERE worker = ? ORDER BY from_date DESC LIMIT 1",
                            [worker]).fetchone()
    return found[0] if found else None


def store_summary(authority: Authority) -> dict[str, Any]:
    """How many rows each canonical table holds now, for the data page."""
    from clearsight.engine.childdata.schema import TABLES

    with read_store(authority) as con:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        years = [y for (y,) in con.execute("SELECT DISTINCT collection_year FROM uploads ORDER BY 1").fetchall()]
    return {"counts": counts, "years": years}


def team_services(authority: Authority) -> dict[str, str]:
    """Team name → the name of the service it sits in, from the organisation tree."""
    from clearsight.organisations.models import OrgUnit

    return {
        unit.name: unit.parent.name
        for unit in OrgUnit.objects.filter(authority=authority, kind=OrgUnit.Kind.TEAM, parent__isnull=False)
        .select_related("parent")
    }


def teams_in_scope(user: Any, authority: Authority) -> set[str] | None:
    """The teams whose figures and children this user may see below the authority; None = all.

    A manager whose role is tied to a service sees that service's teams; tied to a team, that team;
    tied to neither, none.
    """
    from clearsight.organisations.models import OrgUnit
    from clearsight.organisations.roles import Role
    from clearsight.organisations.selectors import membership_in

    membership = membership_in(user, authority)
    if membership is None:
        return None
    if membership.org_unit_id is None:
        # Least privilege: a manager not yet tied to a service or team sees no team, until an
        # administrator says which they manage. Other staff roles see the whole authority.
        return set() if membership.role == Role.MANAGER else None
    unit = membership.org_unit
    if unit.kind == OrgUnit.Kind.TEAM:
        return {unit.name}
    return set(OrgUnit.objects.filter(parent=unit).values_list("name", flat=True))


@dataclass
class IndicatorView:
    """What one person may see of one indicator in one year: the yearly figures and a breakdown.

    The breakdown is by service (at the top), the teams of a service, or the workers of a team,
    cut to the teams a manager is tied to. Board members and partners get no breakdown, and
    ``suppress`` says their small numbers must be withheld. The web page and the API both use this.
    """

    year: int
    service: str
    team: str
    worker: str
    yearly: list[IndicatorResult]
    breakdown: list[Any]
    breakdown_kind: str  # "service", "team" or "worker"
    board_view: bool
    scope: set[str] | None

    @property
    def suppress(self) -> bool:
        return self.board_view

    @property
    def can_see_children_here(self) -> bool:
        return self.scope is None or bool(self.team)


def indicator_view(user: Any, authority: Authority, indicator_id: str, *, year: int | None = None,
                   service: str = "", team: str = "", worker: str = "") -> IndicatorView:
    """Raises Http404 if there are no figures, PermissionDenied for a breakdown the user may not see."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from clearsight.analytics.presenters import rollup_by_service
    from clearsight.core.suppression import suppress_for
    from clearsight.organisations.roles import Permission
    from clearsight.organisations.selectors import can

    if not can(user, authority.pk, Permission.VIEW_PLAN):
        raise Http404("No figures here, or you do not have access to them.")
    board_view = suppress_for(user, authority.pk)
    if (service or team or worker) and board_view:  # before anything is looked up for them
        raise PermissionDenied("Breakdowns by team and worker are for the council's own staff.")
    results = results_of(authority, indicator_id)
    yearly = list(results.filter(level_kind="authority").order_by("period_end"))
    if not yearly:
        raise Http404("No figures for this indicator yet.")
    year = year or yearly[-1].period_end.year
    scope = teams_in_scope(user, authority)
    services_of = team_services(authority)
    if worker and not team:
        team = team_of_worker(authority, worker) or ""
    if team and not service:
        service = services_of.get(team, "")
    if scope is not None and (
        (team and team not in scope)
        or (service and not {t for t, s in services_of.items() if s == service} & scope)
    ):
        raise PermissionDenied("You can see the teams you manage.")
    in_year = results.filter(period_end__year=year)
    teams = in_year.filter(level_kind="team")
    if scope is not None:
        teams = teams.filter(level__in=scope)
    breakdown: list[Any]
    if worker:
        breakdown = list(in_year.filter(level_kind="worker", level=worker))
    elif team:
        breakdown = list(in_year.filter(level_kind="worker", level__in=workers_in_team(authority, team)))
    elif service:
        breakdown = [t for t in teams if services_of.get(t.level) == service]
    else:
        breakdown = [] if board_view else rollup_by_service(teams, services_of)
    kind = "worker" if (team or worker) else ("team" if service else "service")
    return IndicatorView(year, service, team, worker, yearly, breakdown, kind, board_view, scope)

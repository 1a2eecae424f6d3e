"""Reads for the child-level data pages: uploads, indicator results and who sits in which team."""

from __future__ import annotations

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

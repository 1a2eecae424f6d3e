"""Reads of the performance framework, scoped to what the user may see.

Board members and partners see published figures only. Everyone else with a role in the
authority also sees figures still in draft or awaiting approval, always marked Provisional.
When a release has several versions, the newest visible one is the one shown.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from clearsight.organisations.roles import Permission
from clearsight.organisations.selectors import can
from clearsight.performance.models import DataRelease, FiguresVersion, Measure, MeasurePlacement, MeasureValue

Status = DataRelease.Status


def visible_statuses(user: Any, authority_id: int) -> tuple[str, ...]:
    if can(user, authority_id, Permission.VIEW_PROVISIONAL):
        return (Status.DRAFT, Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED)
    return (Status.PUBLISHED,)


def figures_token(authority_id: int) -> str:
    """The authority's current figures token (see ``FiguresVersion``): part of every cache key for its figures."""
    return FiguresVersion.objects.filter(authority_id=authority_id).values_list("token", flat=True).first() or "new"


def measures_of_plan(plan: Any) -> QuerySet[Measure]:
    return plan.measures.prefetch_related(
        Prefetch("placements", queryset=MeasurePlacement.objects.select_related("priority"))
    ).select_related("owner")


def measure_get(user: Any, measure_id: int) -> Measure:
    measure = Measure.objects.select_related("authority", "plan", "owner").filter(pk=measure_id).first()
    if measure is None or not can(user, measure.authority_id, Permission.VIEW_PLAN):
        raise Http404("No measure here, or you do not have access to it.")
    return measure


def effective_values(user: Any, authority_id: int, measure_ids: list[int], scope: str = "authority"
                     ) -> dict[int, list[MeasureValue]]:
    """For each measure, its figures in period order, one per period, from the newest visible
    version of each release."""
    statuses = visible_statuses(user, authority_id)
    rows = (
        MeasureValue.objects.filter(measure_id__in=measure_ids, scope=scope, release__status__in=statuses)
        .order_by("measure_id", "period_end", "period_start", "-release__version")
    )
    result: dict[int, list[MeasureValue]] = defaultdict(list)
    seen: set[tuple[int, str, object, object]] = set()
    for row in rows:
        slot = (row.measure_id, row.period_type, row.period_start, row.period_end)
        if slot in seen:
            continue  # an older version of the same release
        seen.add(slot)
        result[row.measure_id].append(row)
    # A few dozen releases carry thousands of figures: fetch each release once and share it,
    # rather than joining (and building) a release, its approver and authority for every row.
    release_ids = {row.release_id for found in result.values() for row in found}
    releases = DataRelease.objects.select_related("approved_by", "authority").in_bulk(release_ids)
    for found in result.values():
        for row in found:
            row.release = releases[row.release_id]
    return result


def release_statuses_visible(user: Any, authority_id: int) -> tuple[str, ...]:
    """Release pages: the performance team also sees superseded versions; the board, published."""
    if can(user, authority_id, Permission.VIEW_PROVISIONAL):
        return tuple(Status.values)
    return (Status.PUBLISHED,)


def releases_for(user: Any, authority_id: int) -> QuerySet[DataRelease]:
    return (
        DataRelease.objects.filter(authority_id=authority_id, status__in=release_statuses_visible(user, authority_id))
        .select_related("submitted_by", "approved_by", "authority")
        .order_by("-period_start", "-version")
    )


def release_get(user: Any, release_id: int) -> DataRelease:
    release = DataRelease.objects.select_related("authority", "submitted_by", "approved_by", "supersedes").filter(
        pk=release_id).first()
    if (
        release is None
        or not can(user, release.authority_id, Permission.VIEW_PLAN)
        or release.status not in release_statuses_visible(user, release.authority_id)
    ):
        raise Http404("No release here, or you do not have access to it.")
    return release


def release_values(release: DataRelease) -> QuerySet[MeasureValue]:
    return release.values.select_related("measure", "org_unit", "worker").order_by("measure__order", "scope",
                                                                                    "period_end")


def measures_for_user(user: Any) -> QuerySet[Measure]:
    """Every measure in the authorities where the user may read the plan."""
    from clearsight.organisations.selectors import memberships_for

    authority_ids = [m.authority_id for m in memberships_for(user) if m.allows(Permission.VIEW_PLAN)]
    return Measure.objects.filter(authority_id__in=authority_ids).order_by("authority_id", "plan_id", "order", "pk")


def releases_for_user(user: Any) -> QuerySet[DataRelease]:
    """Every release the user may see, across their authorities (the board: published only)."""
    from django.db.models import Q

    from clearsight.organisations.selectors import memberships_for

    visible = Q(pk__in=[])
    for membership in memberships_for(user):
        if membership.allows(Permission.VIEW_PLAN):
            visible |= Q(authority_id=membership.authority_id,
                         status__in=release_statuses_visible(user, membership.authority_id))
    return (DataRelease.objects.filter(visible).select_related("submitted_by", "approved_by", "authority")
            .order_by("-period_start", "-version", "pk"))


def draft_value_for(measure: Measure, period: Any, scope: str) -> MeasureValue | None:
    """The figure a new entry for this slot would replace: the one in the newest release, if that
    release is still a draft (locked for update, so the caller can compare it safely)."""
    from clearsight.performance.services import release_month_for

    release_period = release_month_for(period)
    newest = (DataRelease.objects.filter(authority_id=measure.authority_id, period_type=release_period.type.value,
                                         period_start=release_period.start).order_by("-version").first())
    if newest is None or newest.status != Status.DRAFT:
        return None
    # No ordering: the default one joins the measure's plan (nullable), which PostgreSQL cannot lock.
    return (MeasureValue.objects.select_for_update(of=("self",))
            .filter(release=newest, measure=measure, scope=scope, period_type=period.type.value,
                    period_start=period.start).order_by().first())

"""Reads for reports: the release a pack is drawn from, the figures up to it, and what changed.

Every read takes the release statuses the reader may see, so the same code serves the
performance team (provisional figures, marked Provisional) and the board, scrutiny and partners
(published figures only). Another app's rows are reached through its models read-only here;
nothing in this module writes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from clearsight.governance import selectors as governance
from clearsight.organisations.models import PartnerAgency
from clearsight.organisations.roles import Permission
from clearsight.organisations.selectors import can, membership_in
from clearsight.performance.models import DataRelease, Measure, MeasurePlacement, MeasureValue
from clearsight.plans.models import (
    Action,
    ActionLead,
    ActionUpdate,
    DueDateChange,
    InspectionRecommendation,
    Plan,
    Priority,
)
from clearsight.reports.exceptions import ReportRefused
from clearsight.reports.models import ReportRun, YoungPeoplePlan

Status = DataRelease.Status
PUBLISHED_ONLY: tuple[str, ...] = (Status.PUBLISHED,)
ALL_CURRENT: tuple[str, ...] = (Status.DRAFT, Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED)


def release_statuses(user: Any, authority_id: int, *, published_only: bool) -> tuple[str, ...]:
    """Board members, partners and scrutiny see published figures; the performance team, all.

    ``user`` None is the command line run on the server, which acts as the performance team.
    """
    if published_only:
        return PUBLISHED_ONLY
    if user is None or can(user, authority_id, Permission.VIEW_PROVISIONAL):
        return ALL_CURRENT
    return PUBLISHED_ONLY


def release_choose(
    authority_id: int, meeting_date: date, statuses: tuple[str, ...], release_id: int | None = None
) -> DataRelease | None:
    """The release a pack is drawn from: the one asked for, else the newest month that ended
    before the meeting, newest version first, among the statuses the reader may see."""
    releases = DataRelease.objects.filter(authority_id=authority_id, status__in=statuses).select_related(
        "authority", "approved_by"
    )
    if release_id is not None:
        chosen = releases.filter(pk=release_id).first()
        if chosen is None:
            raise ReportRefused(
                "That data release does not exist here, or its figures are not published to you."
            )
        return chosen
    return releases.filter(period_end__lt=meeting_date).order_by("-period_start", "-version").first()


def release_before(release: DataRelease, statuses: tuple[str, ...]) -> DataRelease | None:
    return (
        DataRelease.objects.filter(
            authority_id=release.authority_id, status__in=statuses, period_start__lt=release.period_start
        )
        .order_by("-period_start", "-version")
        .first()
    )


def releases_for_choice(authority_id: int, statuses: tuple[str, ...]) -> QuerySet[DataRelease]:
    return (
        DataRelease.objects.filter(authority_id=authority_id, status__in=statuses)
        .select_related("authority")
        .order_by("-period_start", "-version")
    )


def previous_board_meeting(plan: Plan, meeting_date: date) -> tuple[date, str] | None:
    """The date and board of the meeting before this one, from the governance meeting calendar.

    The board is the one meeting on ``meeting_date`` if there is such a meeting, else the
    authority's active improvement board. None when no earlier meeting is recorded.
    """
    meeting = (
        governance.meetings_for(plan=plan, start=meeting_date, end=meeting_date)
        .exclude(status="cancelled")
        .first()
    )
    board = (
        meeting.board
        if meeting
        else governance.boards_for_plan(plan).filter(kind="improvement", is_active=True).first()
    )
    if board is None:
        return None
    previous = governance.previous_meeting(board, meeting_date)
    return (previous.date, board.name) if previous else None


def risks_of(plan: Plan) -> list[Any]:
    """The plan's open risks and the authority's departmental ones, with assessments and actions."""
    return governance.risk_register(plan)


def measures_with_placements(plan: Plan) -> list[Measure]:
    return list(
        plan.measures.prefetch_related(
            Prefetch("placements", queryset=MeasurePlacement.objects.select_related("priority"))
        )
        .select_related("owner")
        .order_by("order")
    )


def values_up_to(
    measure_ids: list[int], statuses: tuple[str, ...], release: DataRelease | None
) -> dict[int, list[MeasureValue]]:
    """Each measure's authority figures in period order, from releases up to ``release``,
    the newest visible version of each (as ``performance.selectors.effective_values``)."""
    if release is None:
        return {}
    rows = (
        MeasureValue.objects.filter(
            measure_id__in=measure_ids,
            scope="authority",
            release__status__in=statuses,
            release__authority_id=release.authority_id,
            release__period_start__lte=release.period_start,
        )
        .select_related("release", "release__approved_by", "release__authority")
        .order_by("measure_id", "period_end", "period_start", "-release__version")
    )
    result: dict[int, list[MeasureValue]] = defaultdict(list)
    seen: set[tuple[int, str, object, object]] = set()
    for row in rows:
        slot = (row.measure_id, row.period_type, row.period_start, row.period_end)
        if slot in seen:
            continue
        seen.add(slot)
        result[row.measure_id].append(row)
    return result


@dataclass
class PlanContents:
    """Everything a pack says about the plan, fetched in a fixed number of queries."""

    plan: Plan
    priorities: list[Priority]
    actions: list[Action]
    updates: list[ActionUpdate]
    due_changes: list[DueDateChange]
    recommendations: list[InspectionRecommendation]
    measures: list[Measure]
    risks: list[Any] = field(default_factory=list)
    values: dict[int, list[MeasureValue]] = field(default_factory=dict)


def plan_contents(plan: Plan, *, agency: PartnerAgency | None = None) -> PlanContents:
    actions_qs = plan.actions.select_related(
        "priority", "sprint", "success_criterion", "plan"
    ).prefetch_related(Prefetch("leads", queryset=ActionLead.objects.select_related("person", "agency")))
    if agency is not None:
        actions_qs = actions_qs.filter(leads__agency=agency).distinct()
    actions = list(actions_qs.order_by("priority__order", "order"))
    action_ids = [a.pk for a in actions]
    measures = measures_with_placements(plan)
    if agency is not None:
        themes = {a.priority_id for a in actions}
        measures = [
            m
            for m in measures
            if m.source == "partner" or any(p.priority_id in themes for p in m.placements.all())
        ]
    return PlanContents(
        plan=plan,
        priorities=list(plan.priorities.prefetch_related("ambitions", "success_criteria").order_by("order")),
        actions=actions,
        updates=list(
            ActionUpdate.objects.filter(action_id__in=action_ids)
            .select_related("action")
            .order_by("action__priority__order", "action__order", "-on", "-created_at")
        ),
        due_changes=list(DueDateChange.objects.filter(action_id__in=action_ids).select_related("action")),
        recommendations=list(
            plan.recommendations.prefetch_related(
                Prefetch(
                    "actions",
                    queryset=Action.objects.select_related("priority").order_by("priority__order", "order"),
                )
            )
        ),
        measures=measures,
        risks=risks_of(plan),
    )


def agencies_of(plan: Plan) -> QuerySet[PartnerAgency]:
    """The agencies that lead at least one of the plan's actions."""
    return PartnerAgency.objects.filter(leads__action__plan=plan).distinct().order_by("name")


def agency_for(user: Any, plan: Plan, agency_id: int | None) -> PartnerAgency:
    """The agency a partner report is about. A partner may only ask for their own agency."""
    membership = membership_in(user, plan.authority_id) if user is not None else None
    if (
        membership is not None
        and membership.agency_id
        and not can(user, plan.authority_id, Permission.VIEW_PROVISIONAL)
    ):
        if agency_id not in (None, membership.agency_id):
            raise ReportRefused("You can only download the partner report for your own agency.")
        agency_id = membership.agency_id
    if agency_id is None:
        raise ReportRefused("Choose the partner agency the report is for.")
    agency = PartnerAgency.objects.filter(pk=agency_id, authority_id=plan.authority_id).first()
    if agency is None:
        raise ReportRefused("That agency does not work on this plan.")
    return agency


def young_people_plan(plan: Plan) -> YoungPeoplePlan | None:
    return YoungPeoplePlan.objects.filter(plan=plan).prefetch_related("sections").first()


def run_get(user: Any, run_id: int) -> ReportRun:
    run = ReportRun.objects.select_related("plan", "plan__authority").filter(pk=run_id).first()
    if (
        run is None
        or run.requested_by_id != getattr(user, "pk", None)
        or not can(user, run.plan.authority_id, Permission.VIEW_PLAN)
    ):
        raise Http404("No report here, or it is not yours.")
    return run


def runs_of(user: Any, plan: Plan) -> QuerySet[ReportRun]:
    return ReportRun.objects.filter(plan=plan, requested_by=user).defer("content")[:10]


def day_after(day: date) -> date:
    return day + timedelta(days=1)

"""Reads of boards, meetings, risks, quality assurance and evidence. Callers have already fetched the plan through
``plans.selectors.plan_get`` (which checks the user may read it); everything here is scoped to
that plan's authority, so another authority's board or risk is a 404."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from clearsight.engine.audits import DomainFigure
from clearsight.engine.periods import Period, quarter_containing
from clearsight.engine.risk import ref_order
from clearsight.governance.models import (
    AgendaItem,
    AuditDomain,
    AuditProgramme,
    Board,
    BoardMember,
    CaseAudit,
    Decision,
    EvidenceItem,
    Meeting,
    Risk,
    SurveyResult,
)
from clearsight.performance.models import Measure
from clearsight.plans.models import Action, Plan


def boards_for_plan(plan: Plan) -> QuerySet[Board]:
    """The boards of the plan's authority."""
    return Board.objects.filter(authority_id=plan.authority_id).order_by("-is_active", "name")


def board_get(plan: Plan, board_id: int) -> Board:
    board = Board.objects.filter(pk=board_id, authority_id=plan.authority_id).first()
    if board is None:
        raise Http404("No board here.")
    return board


def members_of(board: Board) -> QuerySet[BoardMember]:
    return board.members.select_related("person", "person__agency", "agency")


def meetings_for(*, board: Board | None = None, authority_id: int | None = None, plan: Plan | None = None,
                 start: date | None = None, end: date | None = None) -> QuerySet[Meeting]:
    """Meetings in date order, for a board, an authority or a plan's authority, optionally between
    ``start`` and ``end`` (inclusive)."""
    meetings = Meeting.objects.select_related("board", "plan")
    if board is not None:
        meetings = meetings.filter(board=board)
    if plan is not None:
        meetings = meetings.filter(board__authority_id=plan.authority_id)
    if authority_id is not None:
        meetings = meetings.filter(board__authority_id=authority_id)
    if start is not None:
        meetings = meetings.filter(date__gte=start)
    if end is not None:
        meetings = meetings.filter(date__lte=end)
    return meetings.order_by("date", "start_time", "board__name")


def meeting_get(plan: Plan, meeting_id: int) -> Meeting:
    meeting = meetings_for(plan=plan).filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404("No meeting here.")
    return meeting


def previous_meeting(board: Board, on: date) -> Meeting | None:
    """The board's last meeting before ``on`` that was not cancelled (what a pack compares with)."""
    return (
        board.meetings.filter(date__lt=on).exclude(status=Meeting.Status.CANCELLED)
        .order_by("-date", "-start_time").first()
    )


def next_meeting(board: Board, on: date) -> Meeting | None:
    """The board's next meeting on or after ``on`` that is not cancelled."""
    return (
        board.meetings.filter(date__gte=on).exclude(status=Meeting.Status.CANCELLED)
        .order_by("date", "start_time").first()
    )


def agenda_of(meeting: Meeting) -> QuerySet[AgendaItem]:
    return meeting.agenda_items.select_related("presenter").prefetch_related(
        "priorities", "measures", "risks",
        Prefetch("actions", queryset=Action.objects.select_related("priority")),
    )


def decisions_of(meeting: Meeting) -> QuerySet[Decision]:
    return meeting.decisions.select_related("owner", "action", "agenda_item")


def risks_for_plan(plan: Plan, *, include_closed: bool = False) -> QuerySet[Risk]:
    """The plan's risks and the authority's risks not tied to any plan (its departmental register)."""
    risks = (
        Risk.objects.filter(Q(plan=plan) | Q(plan__isnull=True, authority_id=plan.authority_id))
        .select_related("owner", "priority")
        .prefetch_related("assessments", "controls",
                          Prefetch("mitigating_actions", queryset=Action.objects.select_related("priority")))
    )
    if not include_closed:
        risks = risks.filter(status=Risk.Status.OPEN)
    return risks.order_by("ref")


def risk_register(plan: Plan) -> list[Risk]:
    """The open risks of ``risks_for_plan`` in reference order as people read it (R2 before R10)."""
    return sorted(risks_for_plan(plan), key=lambda r: ref_order(r.ref))


def risk_get(plan: Plan, risk_id: int) -> Risk:
    risk = risks_for_plan(plan, include_closed=True).filter(pk=risk_id).first()
    if risk is None:
        raise Http404("No risk here.")
    return risk


# Quality assurance ------------------------------------------------------------------------------

def programmes_for_plan(plan: Plan) -> QuerySet[AuditProgramme]:
    return (
        AuditProgramme.objects.filter(Q(plan=plan) | Q(plan__isnull=True, authority_id=plan.authority_id))
        .annotate(audit_count=Count("audits", filter=Q(audits__status=CaseAudit.Status.COMPLETED), distinct=True))
        .prefetch_related("auditors", "domains")
        .order_by("-start", "name")
    )


def programme_get(plan: Plan, programme_id: int) -> AuditProgramme:
    programme = programmes_for_plan(plan).filter(pk=programme_id).first()
    if programme is None:
        raise Http404("No audit programme here.")
    return programme


def audits_of(programme: AuditProgramme) -> QuerySet[CaseAudit]:
    return programme.audits.select_related("auditor", "team").prefetch_related("findings")


def case_audit_get(plan: Plan, audit_id: int) -> CaseAudit:
    audit = (
        CaseAudit.objects.filter(pk=audit_id, programme__authority_id=plan.authority_id)
        .select_related("programme", "auditor", "team")
        .prefetch_related("grades__domain", "findings__domain", "findings__action")
        .first()
    )
    if audit is None:
        raise Http404("No case audit here.")
    return audit


def domains_for(authority_id: int) -> QuerySet[AuditDomain]:
    return AuditDomain.objects.filter(authority_id=authority_id).select_related("measure")


def audit_quarters(today: date, count: int = 4) -> list[Period]:
    """The last ``count`` financial quarters up to the one containing ``today``, oldest first."""
    quarters = [quarter_containing(today)]
    while len(quarters) < count:
        quarters.insert(0, quarters[0].previous())
    return quarters


def audit_anchor(authority_id: int, today: date) -> date:
    """The day audit tables end on: today, or the last completed audit if it is later or there
    are none in the last year (so a programme that finished a while ago still shows)."""
    latest = (CaseAudit.objects.filter(programme__authority_id=authority_id, status=CaseAudit.Status.COMPLETED)
              .order_by("-audited_on").values_list("audited_on", flat=True).first())
    if latest is None or latest > today or (today - latest).days > 365:
        return latest or today
    return today


def audit_figures(authority_id: int, periods: list[Period]) -> dict[str, list[DomainFigure]]:
    """Each active domain's good-or-better figure for each period (plus ``overall``)."""
    from clearsight.governance.services.quality import domain_figures

    by_period = [domain_figures(authority_id, p.start, p.end) for p in periods]
    keys = list(by_period[0]) if by_period else []
    return {key: [figures[key] for figures in by_period] for key in keys}


def survey_results_for(plan: Plan) -> QuerySet[SurveyResult]:
    return SurveyResult.objects.filter(authority_id=plan.authority_id).select_related("measure", "entered_by")


def survey_measures(plan: Plan) -> QuerySet[Measure]:
    return plan.measures.filter(source="survey").order_by("order")


# Evidence ------------------------------------------------------------------------------------------

def evidence_for_plan(plan: Plan, *, priority: Any = None, measure: Any = None, criterion: Any = None
                      ) -> QuerySet[EvidenceItem]:
    items = EvidenceItem.objects.filter(Q(plan=plan) | Q(plan__isnull=True, authority_id=plan.authority_id))
    if priority is not None:
        items = items.filter(Q(priorities=priority) | Q(success_criteria__priority=priority)
                             | Q(measures__placements__priority=priority))
    if measure is not None:
        items = items.filter(measures=measure)
    if criterion is not None:
        items = items.filter(success_criteria=criterion)
    return (items.distinct().select_related("added_by")
            .prefetch_related("priorities", "measures", "success_criteria__priority").order_by("-added_at", "-id"))


def evidence_get(plan: Plan, item_id: int) -> EvidenceItem:
    item = evidence_for_plan(plan).filter(pk=item_id).first()
    if item is None:
        raise Http404("No evidence here.")
    return item

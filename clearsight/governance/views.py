"""Governance pages inside a plan: boards, meetings, the risk register. Each view: authorise,
select, call a service on POST, present, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from clearsight.audit.selectors import audit_history_for
from clearsight.governance import presenters, rules, selectors
from clearsight.plans.selectors import plan_get


def boards(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    today = timezone.localdate()
    return render(request, "governance/boards.html", {
        "plan": plan, "boards": selectors.boards_for_plan(plan),
        "upcoming": presenters.calendar(selectors.meetings_for(plan=plan, start=today)[:20]),
        "can_manage": rules.can_manage(request.user, plan.authority_id),
        "nav": "home", "section": "governance",
    })


def board_detail(request: HttpRequest, plan_id: int, board_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    board = selectors.board_get(plan, board_id)
    return render(request, "governance/board_detail.html", {
        "plan": plan, "board": board, "members": selectors.members_of(board),
        "calendar": presenters.calendar(selectors.meetings_for(board=board)),
        "can_manage": rules.can_manage(request.user, plan.authority_id),
        "nav": "home", "section": "governance",
    })


def meeting_detail(request: HttpRequest, plan_id: int, meeting_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    meeting = selectors.meeting_get(plan, meeting_id)
    return render(request, "governance/meeting_detail.html", {
        "plan": plan, "meeting": meeting, "board": meeting.board,
        "agenda": selectors.agenda_of(meeting), "decisions": selectors.decisions_of(meeting),
        "previous": selectors.previous_meeting(meeting.board, meeting.date),
        "members": selectors.members_of(meeting.board),
        "can_manage": rules.can_manage(request.user, plan.authority_id),
        "nav": "home", "section": "governance",
    })


def risk_register(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    rows = [presenters.risk_row(r, timezone.localdate()) for r in selectors.risks_for_plan(plan)]
    which = "inherent" if request.GET.get("score") == "inherent" else "residual"
    return render(request, "governance/risk_register.html", {
        "plan": plan, "rows": rows, "heat_map": presenters.risk_heat_map(rows, which),
        "can_manage": rules.can_manage(request.user, plan.authority_id),
        "nav": "home", "section": "risks",
    })


def risk_detail(request: HttpRequest, plan_id: int, risk_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    risk = selectors.risk_get(plan, risk_id)
    return render(request, "governance/risk_detail.html", {
        "plan": plan, "risk": risk, "row": presenters.risk_row(risk, timezone.localdate()),
        "history": audit_history_for(risk)[:50],
        "can_manage": rules.can_manage(request.user, plan.authority_id),
        "nav": "home", "section": "risks",
    })

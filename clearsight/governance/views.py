"""Governance pages inside a plan: boards, meetings, the risk register. Each view: authorise,
select, call a service on POST, present, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clearsight.audit.selectors import audit_history_for
from clearsight.governance import forms as f
from clearsight.governance import presenters, rules, selectors, services
from clearsight.governance.exceptions import GovernanceError
from clearsight.plans.exceptions import PlanError
from clearsight.plans.selectors import plan_get


def _save(request: HttpRequest, form: Any, save: Callable[[dict[str, Any]], Any], success: str,
          done: Callable[[Any], HttpResponse], again: Callable[[Any], HttpResponse]) -> HttpResponse:
    """Validate, call the service, and redirect; or show the page again with the form's errors."""
    if form.is_valid():
        try:
            result = save(form.cleaned_data)
        except (GovernanceError, PlanError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, success)
            return done(result)
    response = again(form)
    response.status_code = 400
    return response


def _ctx(plan: Any, request: HttpRequest, section: str, **extra: Any) -> dict[str, Any]:
    return {"plan": plan, "can_manage": rules.can_manage(request.user, plan.authority_id), "nav": "home",
            "section": section, **extra}


# Boards ------------------------------------------------------------------------------------------

def boards(request: HttpRequest, plan_id: int, form: Any = None) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    today = timezone.localdate()
    return render(request, "governance/boards.html", _ctx(
        plan, request, "governance", boards=selectors.boards_for_plan(plan),
        upcoming=presenters.calendar(selectors.meetings_for(plan=plan, start=today)[:20]),
        latest=presenters.calendar(reversed(list(selectors.meetings_for(plan=plan, end=today).reverse()[:8]))),
        form=form or f.BoardForm(),
    ))


@require_POST
def board_create(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    rules.require_manage(request.user, plan.authority_id)
    return _save(
        request, f.BoardForm(request.POST),
        lambda d: services.board_create(user=request.user, authority=plan.authority, **d),
        "The board has been added.", lambda board: redirect("board-detail", plan.pk, board.pk),
        lambda form: boards(request, plan_id, form),
    )


def board_detail(request: HttpRequest, plan_id: int, board_id: int, forms: dict[str, Any] | None = None
                 ) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    board = selectors.board_get(plan, board_id)
    forms = forms or {}
    return render(request, "governance/board_detail.html", _ctx(
        plan, request, "governance", board=board, members=selectors.members_of(board),
        calendar=presenters.calendar(selectors.meetings_for(board=board)),
        member_form=forms.get("member") or f.MemberForm(authority_id=plan.authority_id),
        meeting_form=forms.get("meeting") or f.MeetingForm(),
    ))


@require_POST
def board_member_add(request: HttpRequest, plan_id: int, board_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    board = selectors.board_get(plan, board_id)
    rules.require_manage(request.user, plan.authority_id)
    return _save(
        request, f.MemberForm(request.POST, authority_id=plan.authority_id),
        lambda d: services.board_member_add(user=request.user, board=board, **d),
        "The member has been added.", lambda _: redirect("board-detail", plan.pk, board.pk),
        lambda form: board_detail(request, plan_id, board_id, {"member": form}),
    )


@require_POST
def meeting_schedule(request: HttpRequest, plan_id: int, board_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    board = selectors.board_get(plan, board_id)
    rules.require_manage(request.user, plan.authority_id)
    return _save(
        request, f.MeetingForm(request.POST),
        lambda d: services.meeting_schedule(user=request.user, board=board, on=d["on"], start_time=d["start_time"],
                                            location=d["location"], plan=plan),
        "The meeting is in the calendar.", lambda m: redirect("meeting-detail", plan.pk, m.pk),
        lambda form: board_detail(request, plan_id, board_id, {"meeting": form}),
    )


# Meetings ----------------------------------------------------------------------------------------

def meeting_detail(request: HttpRequest, plan_id: int, meeting_id: int, forms: dict[str, Any] | None = None
                   ) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    meeting = selectors.meeting_get(plan, meeting_id)
    forms = forms or {}
    return render(request, "governance/meeting_detail.html", _ctx(
        plan, request, "governance", meeting=meeting, board=meeting.board,
        agenda=selectors.agenda_of(meeting), decisions=selectors.decisions_of(meeting),
        previous=selectors.previous_meeting(meeting.board, meeting.date),
        members=selectors.members_of(meeting.board),
        agenda_form=forms.get("agenda") or f.AgendaItemForm(plan=plan),
        minutes_form=forms.get("minutes") or f.MinutesForm(initial={
            "minutes": meeting.minutes, "version": meeting.version, "status": "held"}),
        decision_form=forms.get("decision") or f.DecisionForm(plan=plan, meeting=meeting),
    ))


def _meeting_post(request: HttpRequest, plan_id: int, meeting_id: int, key: str, form_class: Any,
                  save: Callable[[Any, Any, dict[str, Any]], Any], success: str, **form_kwargs: Any) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    meeting = selectors.meeting_get(plan, meeting_id)
    rules.require_manage(request.user, plan.authority_id)
    kwargs = {name: {"plan": plan, "meeting": meeting}[name] for name in form_kwargs}
    return _save(
        request, form_class(request.POST, **kwargs), lambda d: save(plan, meeting, d), success,
        lambda _: redirect("meeting-detail", plan.pk, meeting.pk),
        lambda form: meeting_detail(request, plan_id, meeting_id, {key: form}),
    )


@require_POST
def agenda_item_add(request: HttpRequest, plan_id: int, meeting_id: int) -> HttpResponse:
    return _meeting_post(request, plan_id, meeting_id, "agenda", f.AgendaItemForm, lambda plan, meeting, d: (
        services.agenda_item_add(
            user=request.user, meeting=meeting, title=d["title"], purpose=d["purpose"], presenter=d["presenter"],
            notes=d["notes"], priorities=d["priorities"], actions=d["actions"], measures=d["measures"],
            risks=d["risks"])
    ), "The item has been added to the agenda.", plan=True)


@require_POST
def minutes_record(request: HttpRequest, plan_id: int, meeting_id: int) -> HttpResponse:
    return _meeting_post(request, plan_id, meeting_id, "minutes", f.MinutesForm, lambda plan, meeting, d: (
        services.meeting_minutes_record(user=request.user, meeting=meeting, minutes=d["minutes"],
                                        status=d["status"], expected_version=d["version"])
    ), "The minutes have been saved.")


@require_POST
def decision_record(request: HttpRequest, plan_id: int, meeting_id: int) -> HttpResponse:
    return _meeting_post(request, plan_id, meeting_id, "decision", f.DecisionForm, lambda plan, meeting, d: (
        services.decision_record(user=request.user, meeting=meeting, text=d["text"], agenda_item=d["agenda_item"],
                                 owner=d["owner"], due_date=d["on"], priority=d["priority"])
    ), "The decision has been recorded.", plan=True, meeting=True)


# Risks -------------------------------------------------------------------------------------------

def risk_register(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    rows = [presenters.risk_row(r, timezone.localdate()) for r in selectors.risk_register(plan)]
    which = "inherent" if request.GET.get("score") == "inherent" else "residual"
    return render(request, "governance/risk_register.html", _ctx(
        plan, request, "risks", rows=rows, heat_map=presenters.risk_heat_map(rows, which),
    ))


def risk_create(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    rules.require_manage(request.user, plan.authority_id)
    if request.method != "POST":
        return render(request, "governance/risk_form.html", _ctx(plan, request, "risks", form=f.RiskForm(plan=plan)))
    return _save(
        request, f.RiskForm(request.POST, plan=plan),
        lambda d: services.risk_create(
            user=request.user, authority=plan.authority, plan=plan, ref=d["ref"], title=d["title"], cause=d["cause"],
            event=d["event"], effect=d["effect"], owner=d["owner"], priority=d["priority"], review_date=d["on"],
            inherent=(d["inherent_likelihood"], d["inherent_impact"]),
            residual=(d["residual_likelihood"], d["residual_impact"]), on=timezone.localdate()),
        "The risk has been added to the register.", lambda risk: redirect("risk-detail", plan.pk, risk.pk),
        lambda form: render(request, "governance/risk_form.html", _ctx(plan, request, "risks", form=form)),
    )


def risk_detail(request: HttpRequest, plan_id: int, risk_id: int, forms: dict[str, Any] | None = None
                ) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    risk = selectors.risk_get(plan, risk_id)
    forms = forms or {}
    scores = {name: getattr(risk, name) for name in
              ("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact")}
    return render(request, "governance/risk_detail.html", _ctx(
        plan, request, "risks", risk=risk, row=presenters.risk_row(risk, timezone.localdate()),
        history=audit_history_for(risk)[:50],
        assess_form=forms.get("assess") or f.AssessForm(initial={**scores, "version": risk.version}),
        control_form=forms.get("control") or f.ControlForm(),
        close_form=forms.get("close") or f.CloseRiskForm(),
        link_form=forms.get("link") or f.LinkActionsForm(plan=plan, initial={
            "action_refs": ", ".join(a.ref for a in risk.mitigating_actions.all())}),
    ))


def _risk_post(request: HttpRequest, plan_id: int, risk_id: int, key: str, form: Any,
               save: Callable[[Any, dict[str, Any]], Any], success: str) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    risk = selectors.risk_get(plan, risk_id)
    rules.require_manage(request.user, plan.authority_id)
    return _save(request, form, lambda d: save(risk, d), success, lambda _: redirect("risk-detail", plan.pk, risk.pk),
                 lambda bound: risk_detail(request, plan_id, risk_id, {key: bound}))


@require_POST
def risk_assess(request: HttpRequest, plan_id: int, risk_id: int) -> HttpResponse:
    return _risk_post(request, plan_id, risk_id, "assess", f.AssessForm(request.POST), lambda risk, d: (
        services.risk_assess(
            user=request.user, risk=risk, inherent=(d["inherent_likelihood"], d["inherent_impact"]),
            residual=(d["residual_likelihood"], d["residual_impact"]), on=timezone.localdate(), note=d["note"],
            review_date=d["on"], expected_version=d["version"])
    ), "The risk has been reassessed.")


@require_POST
def risk_control_add(request: HttpRequest, plan_id: int, risk_id: int) -> HttpResponse:
    return _risk_post(request, plan_id, risk_id, "control", f.ControlForm(request.POST), lambda risk, d: (
        services.risk_control_add(user=request.user, risk=risk, text=d["text"], effectiveness=d["effectiveness"])
    ), "The control has been added.")


@require_POST
def risk_actions_link(request: HttpRequest, plan_id: int, risk_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    return _risk_post(request, plan_id, risk_id, "link", f.LinkActionsForm(request.POST, plan=plan), lambda risk, d: (
        services.risk_actions_link(user=request.user, risk=risk, actions=d["action_refs"])
    ), "The mitigating actions have been saved.")


@require_POST
def risk_close(request: HttpRequest, plan_id: int, risk_id: int) -> HttpResponse:
    return _risk_post(request, plan_id, risk_id, "close", f.CloseRiskForm(request.POST), lambda risk, d: (
        services.risk_close(user=request.user, risk=risk, reason=d["reason"])
    ), "The risk has been closed. It stays in the register's history.")

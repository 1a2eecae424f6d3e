"""Plan pages. Each view: authorise, select, call a service on POST, present, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from clearsight.audit.selectors import audit_history_for
from clearsight.core.caching import cached_fragment
from clearsight.organisations.roles import Permission
from clearsight.organisations.selectors import can, require
from clearsight.plans import presenters, rules, selectors, services
from clearsight.plans.changes import plan_token
from clearsight.plans.exceptions import PlanError
from clearsight.plans.forms import ActionUpdateForm, DueDateForm, RagOverrideForm, SprintStartForm


def _today() -> Any:
    return timezone.localdate()


def _soon() -> int:
    return int(settings.CLEARSIGHT_DUE_SOON_DAYS)


def home(request: HttpRequest) -> HttpResponse:
    plans = list(selectors.plans_for_user(request.user))
    return render(request, "plans/home.html", {"plans": plans, "nav": "home"})


def plan_overview(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, plan_id)
    today, soon = _today(), _soon()

    def build() -> str:
        priorities = list(selectors.priorities_of(plan))
        overview = presenters.plan_overview(priorities, selectors.plan_actions(plan), today, soon)
        return render_to_string("plans/includes/overview_body.html", {
            "plan": plan, "overview": overview, "soon_days": soon,
        }, request=request)

    # Ratings change with the day; everything else with the plan's token. No token yet: no cache.
    token = plan_token(plan.pk)
    body = cached_fragment("plan-overview", (plan.pk, token, today.isoformat(), soon), build) if token else build()
    return render(request, "plans/plan_overview.html", {"plan": plan, "body": body, "nav": "home"})


def priority_detail(request: HttpRequest, plan_id: int, code: str) -> HttpResponse:
    plan = selectors.plan_get(request.user, plan_id)
    priority = selectors.priority_get(plan, code)
    rows = [presenters.action_row(a, _today(), _soon()) for a in selectors.plan_actions(plan).filter(priority=priority)]
    return render(request, "plans/priority_detail.html", {
        "plan": plan, "priority": priority, "rows": rows,
        "measures": priority.measures.order_by("order"), "nav": "home",
    })


def action_detail(request: HttpRequest, plan_id: int, ref: str, forms: dict[str, Any] | None = None,
                  status: int = 200) -> HttpResponse:
    plan = selectors.plan_get(request.user, plan_id)
    action = selectors.action_get(plan, ref)
    initial = {"version": action.version}
    today = _today()
    forms = forms or {}
    last_import = plan.imports.first()
    return render(request, "plans/action_detail.html", {
        "plan": plan, "action": action, "row": presenters.action_row(action, today, _soon()),
        "updates": action.updates.select_related("author"),
        "due_changes": action.due_changes.all(),
        "carry_overs": action.carry_overs.select_related("from_sprint", "to_sprint"),
        "history": audit_history_for(action)[:100],
        "flags": presenters.import_flags(last_import.problems_for(action.ref) if last_import else []),
        "can_update": rules.can_update(request.user, action),
        "can_edit": can(request.user, plan.authority_id, Permission.EDIT_PLAN),
        "update_form": forms.get("update") or ActionUpdateForm(
            initial={**initial, "on_day": today.day, "on_month": today.month, "on_year": today.year}
        ),
        "due_form": forms.get("due") or DueDateForm(initial=initial),
        "rag_form": forms.get("rag") or RagOverrideForm(initial={**initial, "rag": action.rag_override,
                                                                 "reason": action.rag_override_reason}),
        "nav": "home",
    }, status=status)


def _post_action_form(request: HttpRequest, plan_id: int, ref: str, key: str, form_class: Any,
                      save: Any, success: str) -> HttpResponse:
    plan = selectors.plan_get(request.user, plan_id)
    action = selectors.action_get(plan, ref)
    # Authorise before reading the form: someone who may not change the action is refused
    # (403), not shown form errors. The service checks again.
    if key == "update":
        rules.require_can_update(request.user, action)
    else:
        require(request.user, plan.authority_id, Permission.EDIT_PLAN)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            save(action, form.cleaned_data)
        except PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, success)
            return redirect("action-detail", plan_id=plan.pk, ref=action.ref)
    return action_detail(request, plan_id, ref, forms={key: form}, status=400)


@require_POST
def action_update_add(request: HttpRequest, plan_id: int, ref: str) -> HttpResponse:
    def save(action: Any, data: dict[str, Any]) -> None:
        services.action_update_add(
            user=request.user, action=action, commentary=data["commentary"], on=data["on"],
            status=data["status"], evidence_url=data["evidence_url"], expected_version=data["version"],
        )
    return _post_action_form(request, plan_id, ref, "update", ActionUpdateForm, save, "Your update has been added.")


@require_POST
def action_due_date_change(request: HttpRequest, plan_id: int, ref: str) -> HttpResponse:
    def save(action: Any, data: dict[str, Any]) -> None:
        services.action_due_date_change(
            user=request.user, action=action, new_due_text=data["new_due"], reason=data["reason"],
            on=_today(), expected_version=data["version"],
        )
    return _post_action_form(request, plan_id, ref, "due", DueDateForm, save, "The due date has been changed.")


@require_POST
def action_rag_override(request: HttpRequest, plan_id: int, ref: str) -> HttpResponse:
    def save(action: Any, data: dict[str, Any]) -> None:
        services.action_rag_override_set(
            user=request.user, action=action, rag=data["rag"], reason=data["reason"],
            expected_version=data["version"],
        )
    return _post_action_form(request, plan_id, ref, "rag", RagOverrideForm, save, "The RAG rating has been saved.")


def my_actions(request: HttpRequest) -> HttpResponse:
    groups = presenters.my_action_groups(selectors.my_actions(request.user), _today(), _soon())
    return render(request, "plans/my_actions.html", {"groups": groups, "nav": "my-actions"})


def sprint_board(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, plan_id)
    columns = presenters.sprint_columns(
        selectors.sprints_of(plan), selectors.plan_actions(plan).exclude(sprint=None), _today(), _soon()
    )
    return render(request, "plans/sprint_board.html", {
        "plan": plan, "columns": columns, "start_form": SprintStartForm(),
        "can_manage": can(request.user, plan.authority_id, Permission.MANAGE_SPRINTS), "nav": "home",
        "section": "sprints",
    })


@require_POST
def sprint_close(request: HttpRequest, plan_id: int, number: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, plan_id)
    sprint = selectors.sprint_get(plan, number)
    try:
        next_sprint, carried = services.sprint_close(user=request.user, sprint=sprint)
    except PlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"Sprint {sprint.number} is closed. {len(carried)} unfinished "
            f"action{'s' if len(carried) != 1 else ''} carried over to Sprint {next_sprint.number}.",
        )
    return redirect("sprint-board", plan_id=plan.pk)


@require_POST
def sprint_start(request: HttpRequest, plan_id: int, number: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, plan_id)
    sprint = selectors.sprint_get(plan, number)
    require(request.user, plan.authority_id, Permission.MANAGE_SPRINTS)
    form = SprintStartForm(request.POST)
    if form.is_valid():
        services.sprint_start_set(user=request.user, sprint=sprint, start=form.cleaned_data["on"])
        messages.success(request, f"Sprint {sprint.number} now starts on {form.cleaned_data['on']:%d %B %Y}.")
    else:
        messages.error(request, "Enter the start date as day, month and year, like 4 9 2017.")
    return redirect("sprint-board", plan_id=plan.pk)


def recommendations(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, plan_id)
    return render(request, "plans/recommendations.html", {
        "plan": plan, "recommendations": selectors.recommendations_of(plan), "nav": "home",
        "section": "recommendations",
    })


def import_report(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, plan_id)
    return render(request, "plans/import_report.html", {"plan": plan, "imports": plan.imports.all(), "nav": "home", "section": "imports"})

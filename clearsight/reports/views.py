"""Report pages: ask for a report, watch it being drawn, download it; edit the young people's plan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clearsight.engine.reports.document import Format, ReportKind
from clearsight.governance.selectors import meeting_get
from clearsight.plans.selectors import plan_get
from clearsight.reports import presenters, rules, selectors, services
from clearsight.reports import young_people as yp
from clearsight.reports.exceptions import EditConflict, ReportError
from clearsight.reports.forms import ApproveForm, ReportForm, SectionForm


def _report_form(request: HttpRequest, plan: Any, data: Any = None) -> ReportForm:
    statuses = selectors.release_statuses(request.user, plan.authority_id, published_only=False)
    day = timezone.localdate()
    meeting = request.GET.get("meeting", "")
    if meeting.isdigit():  # from a meeting's page: that meeting's date
        day = meeting_get(plan, int(meeting)).date
    kind = request.GET.get("kind", "board-pack")
    initial = {
        "on_day": day.day,
        "on_month": day.month,
        "on_year": day.year,
        "format": "pdf",
        "kind": kind if kind in {k.value for k in ReportKind} else "board-pack",
    }
    return ReportForm(
        data,
        initial=initial,
        releases=selectors.releases_for_choice(plan.authority_id, statuses),
        agencies=selectors.agencies_of(plan),
    )


def report_start(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    form = _report_form(request, plan, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = services.report_run_start(
                user=request.user,
                plan=plan,
                kind=ReportKind(data["kind"]),
                fmt=Format(data["format"]),
                meeting_date=data["on"],
                release_id=data["release"],
                agency_id=data["agency"],
            )
        except (ReportError, PermissionDenied) as error:
            form.add_error(None, str(error))
        else:
            return redirect("report-run", run.pk)
    return render(
        request,
        "reports/report_start.html",
        {
            "plan": plan,
            "form": form,
            "runs": selectors.runs_of(request.user, plan),
            "nav": "home",
            "section": "reports",
        },
        status=400 if form.errors else 200,
    )


def report_run(request: HttpRequest, run_id: int) -> HttpResponse:
    run = selectors.run_get(request.user, run_id)
    return render(request, "reports/report_run.html", {"run": run, "plan": run.plan, "nav": "home"})


def report_run_status(request: HttpRequest, run_id: int) -> JsonResponse:
    """How far a run has got, for the waiting page's script."""
    run = selectors.run_get(request.user, run_id)
    return JsonResponse(
        {
            "status": run.status,
            "step": run.step,
            "steps": run.steps,
            "step_text": run.step_text,
            "percent": run.percent,
            "finished": run.is_finished,
        }
    )


def report_download(request: HttpRequest, run_id: int) -> HttpResponse:
    run = selectors.run_get(request.user, run_id)
    try:
        content, filename, content_type = services.report_run_download(user=request.user, run=run)
    except ReportError as error:
        messages.error(request, str(error))
        return redirect("report-run", run.pk)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- the children and young people's version ---------------------------------------------------


def young_people(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    young = selectors.young_people_plan(plan)
    can_edit = rules.can_edit_young_people(request.user, plan)
    if (
        young is not None
        and young.status != "approved"
        and not rules.can_see_young_people_draft(request.user, plan)
    ):
        young = None  # the draft is for its editors
    sections = list(young.sections.all()) if young else []
    return render(
        request,
        "reports/young_people.html",
        {
            "plan": plan,
            "young": young,
            "checks": presenters.section_checks(sections),
            "overall": yp.overall_readability(young) if young else None,
            "target": presenters.target(),
            "can_edit": can_edit,
            "can_approve": rules.can_approve_young_people(request.user, plan),
            "approve_form": ApproveForm(initial={"version": young.version}) if young else None,
            "nav": "home",
            "section": "young-people",
        },
    )


@require_POST
def young_people_draft(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    if not rules.can_edit_young_people(request.user, plan):
        raise PermissionDenied("Only the performance team can write the children and young people's version.")
    try:
        yp.young_people_draft_generate(user=request.user, plan=plan)
    except ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, "A first draft has been made from the plan. Rewrite each section in your own words."
        )
    return redirect("young-people", plan.pk)


def young_people_section(request: HttpRequest, plan_id: int, section_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    young = selectors.young_people_plan(plan)
    section = young.sections.filter(pk=section_id).first() if young else None
    if section is None or not rules.can_edit_young_people(request.user, plan):
        raise Http404("No section here, or you cannot edit it.")
    form = SectionForm(
        request.POST or None,
        initial={"heading": section.heading, "text": section.text, "version": section.version},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                yp.young_people_section_update(
                    user=request.user,
                    section=section,
                    heading=form.cleaned_data["heading"],
                    text=form.cleaned_data["text"],
                    version=form.cleaned_data["version"],
                )
            except (EditConflict, ReportError) as error:
                form.add_error(None, str(error))
                section.refresh_from_db()
            else:
                messages.success(request, f"'{form.cleaned_data['heading']}' saved.")
                return redirect("young-people", plan.pk)
        status = 400 if form.errors else 200
    typed = request.POST.get("text", section.text) if request.method == "POST" else section.text
    return render(
        request,
        "reports/young_people_section.html",
        {
            "plan": plan,
            "young": young,
            "section": section,
            "form": form,
            "readability": presenters.section_readability(request.POST.get("heading", section.heading), typed),
            "target": presenters.target(),
            "nav": "home",
        },
        status=status,
    )


@require_POST
def young_people_approve(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    if not rules.can_approve_young_people(request.user, plan):
        raise PermissionDenied("Only a performance lead or an approver can approve this version.")
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return HttpResponse("The approval form was incomplete: reload the page and try again.", status=400)
    young = selectors.young_people_plan(plan)
    if young is None:
        raise Http404("There is no version to approve yet.")
    try:
        yp.young_people_approve(user=request.user, young=young, version=form.cleaned_data["version"])
    except (EditConflict, ReportError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The children and young people's version is approved.")
    return redirect("young-people", plan.pk)

"""Child-level data pages: uploads, indicators, and drill-down from the authority to the children."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from clearsight.analytics import presenters, selectors, services
from clearsight.analytics.exceptions import DataRejected
from clearsight.analytics.forms import DataUploadForm
from clearsight.benchmarks.presenters import reference_lines
from clearsight.benchmarks.selectors import lines_for
from clearsight.engine import charts
from clearsight.engine.indicators import REGISTRY
from clearsight.engine.indicators.model import UnknownIndicatorError
from clearsight.organisations.roles import Permission
from clearsight.organisations.selectors import can
from clearsight.plans.selectors import plan_get


def data_overview(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    if not can(request.user, plan.authority_id, Permission.VIEW_PROVISIONAL):
        raise PermissionDenied
    latest = selectors.latest_results(plan.authority)
    return render(
        request,
        "analytics/data_overview.html",
        {
            "plan": plan,
            "uploads": selectors.uploads_of(plan.authority)[:200],
            "summary": selectors.store_summary(plan.authority),
            "indicators": [
                (REGISTRY.get(r.indicator), row)
                for r, row in zip(latest, presenters.result_rows(latest, suppress=False), strict=True)
                if r.indicator in {i.id for i in REGISTRY}
            ],
            "can_load": can(request.user, plan.authority_id, Permission.LOAD_DATA),
            "section": "data",
            "nav": "home",
        },
    )


def data_upload(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    if not can(request.user, plan.authority_id, Permission.LOAD_DATA):
        raise PermissionDenied
    form, rejected, status = DataUploadForm(), None, 200
    if request.method == "POST":
        form = DataUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                outcome = services.uploaded_files_load(
                    user=request.user, authority=plan.authority, files=form.cleaned_data["files"],
                    accept_issues=form.cleaned_data["accept_issues"],
                )
            except DataRejected as error:
                rejected, status = error, 400
            else:
                messages.success(
                    request,
                    f"{len(outcome.uploads)} file(s) loaded and the indicators recomputed."
                    + (f" {len(outcome.already_loaded)} had been loaded before." if outcome.already_loaded else ""),
                )
                return redirect("data-overview", plan_id=plan.pk)
        else:
            status = 400
    return render(
        request,
        "analytics/data_upload.html",
        {
            "plan": plan,
            "form": form,
            "rejected": rejected,
            "section": "data",
            "nav": "home",
        },
        status=status,
    )


def indicator_detail(request: HttpRequest, plan_id: int, indicator_id: str) -> HttpResponse:
    """Authority → service → team → worker → children, chosen with ?year=&service=&team=&worker=&children=.

    Managers tied to a service or team see only their part of the tree; board members and partners
    see the authority's figures, with small numbers suppressed, and no breakdown."""
    plan = plan_get(request.user, plan_id)
    try:
        indicator = REGISTRY.get(indicator_id)
    except UnknownIndicatorError:
        raise Http404("No such indicator.") from None
    authority = plan.authority
    year_text = request.GET.get("year", "")
    view = selectors.indicator_view(
        request.user, authority, indicator.id, year=int(year_text) if year_text.isdigit() else None,
        service=request.GET.get("service", ""), team=request.GET.get("team", ""),
        worker=request.GET.get("worker", ""),
    )
    year, service, team, worker = view.year, view.service, view.team, view.worker
    part = request.GET.get("children", "")
    children = None
    if part in ("numerator", "denominator"):
        if not can(request.user, authority.pk, Permission.VIEW_CHILDREN) or not view.can_see_children_here:
            raise PermissionDenied
        level_kind, level = (
            ("worker", worker) if worker else (("team", team) if team else ("authority", "authority"))
        )
        children = services.children_behind(
            user=request.user,
            authority=authority,
            indicator=indicator.id,
            year=year,
            level_kind=level_kind,
            level=level,
            part=part,
        )
    points = [
        charts.Point(presenters.year_label(r), float(r.value) if r.value is not None else None)
        for r in view.yearly
    ]
    lines = lines_for(authority, indicator.id, year)
    return render(
        request,
        "analytics/indicator_detail.html",
        {
            "lines": lines,
            "plan": plan,
            "indicator": indicator,
            "year": year,
            "service": service,
            "team": team,
            "worker": worker,
            "part": part,
            "yearly": presenters.result_rows(view.yearly, suppress=view.suppress),
            "breakdown": presenters.result_rows(view.breakdown, suppress=view.suppress),
            "breakdown_kind": view.breakdown_kind,
            "children": children,
            "can_see_children": can(request.user, authority.pk, Permission.VIEW_CHILDREN)
            and view.can_see_children_here,
            "chart": charts.line_chart(
                points,
                title=indicator.name,
                description=indicator.definition,
                unit="%" if indicator.unit.value in ("percent", "percentage") else "",
                references=reference_lines(lines),
            ),
            "board_view": view.board_view,
            "section": "data",
            "nav": "home",
        },
    )


def upload_detail(request: HttpRequest, plan_id: int, upload_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    if not can(request.user, plan.authority_id, Permission.VIEW_PROVISIONAL):
        raise PermissionDenied
    upload = selectors.uploads_of(plan.authority).filter(pk=upload_id).first()
    if upload is None:
        raise Http404("No such upload.")
    return render(
        request,
        "analytics/upload_detail.html",
        {
            "plan": plan,
            "upload": upload,
            "issues": services.validation_issues_of(plan.authority, upload),
            "section": "data",
            "nav": "home",
        },
    )

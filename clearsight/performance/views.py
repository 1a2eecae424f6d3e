"""Performance pages: the scorecard, a measure's page, figures and data releases."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from clearsight.benchmarks.presenters import reference_lines
from clearsight.benchmarks.selectors import benchmarks_token, lines_for
from clearsight.core.suppression import suppress_for
from clearsight.organisations.models import OrgUnit
from clearsight.organisations.roles import Permission
from clearsight.organisations.selectors import can, require
from clearsight.performance import caching, presenters, selectors, services
from clearsight.performance.exceptions import PerformanceError, UploadRejected, ValueRejected
from clearsight.performance.forms import CommentForm, ReasonForm, UploadForm, ValueForm
from clearsight.performance.models import Source
from clearsight.plans.selectors import plan_get


def _units(measure: Any) -> Any:
    return (
        OrgUnit.objects.filter(authority_id=measure.authority_id)
        .select_related("parent")
        .order_by("parent__name", "name")
    )


def scorecard(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)

    def build() -> str:
        measures = list(selectors.measures_of_plan(plan))
        values = selectors.effective_values(request.user, plan.authority_id, [m.pk for m in measures])
        board_view = suppress_for(request.user, plan.authority_id)
        rows = presenters.scorecard(measures, values, services.release_watermark, suppress=board_view)
        return render_to_string("performance/includes/scorecard_body.html", {
            "rows": rows,
            "graded": sum(1 for r in rows if r.latest),
            "board_view": board_view,
        }, request=request)

    body = caching.figures_page("scorecard", user=request.user, plan=plan, options={}, build=build)
    return render(request, "performance/scorecard.html",
                  {"plan": plan, "body": body, "nav": "home", "section": "scorecard"})


GRADES = ["Inadequate", "Requires Improvement", "Good", "Outstanding", "Improving", "No change", "Worsening",
          "Ungraded"]


def dashboard(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    filters = {
        "theme": request.GET.get("theme", ""),
        "grade_filter": request.GET.get("grade", ""),
        "source": request.GET.get("source", ""),
    }

    def build() -> str:
        measures = list(selectors.measures_of_plan(plan))
        values = selectors.effective_values(request.user, plan.authority_id, [m.pk for m in measures])
        rows = presenters.scorecard(measures, values, services.release_watermark,
                                    suppress=suppress_for(request.user, plan.authority_id))
        exceptions, groups = presenters.dashboard(rows, **filters)
        latest_release = (
            selectors.releases_for(request.user, plan.authority_id).exclude(status="superseded").first()
        )
        return render_to_string("performance/includes/dashboard_body.html", {
            "plan": plan,
            "exceptions": exceptions,
            "groups": groups,
            "filters": filters,
            "themes": sorted({label for r in rows for label in r.priorities}),
            "grades": GRADES,
            "sources": Source.choices,
            "watermark": services.release_watermark(latest_release) if latest_release else "",
            "latest_release": latest_release,
            "shown": sum(len(g.rows) for g in groups),
        }, request=request)

    body = caching.figures_page("dashboard", user=request.user, plan=plan, options=filters, build=build)
    return render(request, "performance/dashboard.html",
                  {"plan": plan, "body": body, "section": "dashboard", "nav": "home"})


def measure_detail(
    request: HttpRequest, measure_id: int, value_form: ValueForm | None = None, status: int = 200
) -> HttpResponse:
    measure = selectors.measure_get(request.user, measure_id)
    board_view = suppress_for(request.user, measure.authority_id)
    by = request.GET.get("by", "month")
    by = by if by in presenters.BY else "month"

    def build() -> str:
        values = selectors.effective_values(request.user, measure.authority_id, [measure.pk]).get(measure.pk, [])
        row = presenters.scorecard_row(measure, values, services.release_watermark, suppress=board_view)
        over = presenters.over_time(row, values, services.release_watermark, by, suppress=board_view)
        lines = (
            lines_for(measure.authority, measure.indicator, row.latest.value.period.collection_year)
            if measure.indicator and row.latest
            else {}
        )
        return render_to_string("performance/includes/measure_figures.html", {
            "measure": measure,
            "row": row,
            "over": over,
            "chart": presenters.measure_chart(over.row, reference_lines(lines) if lines else ()),
            "lines": lines,
            "analysis": presenters.measure_analysis(row),
            "board_view": board_view,
        }, request=request)

    # Benchmark lines are shared by every council: their own token joins the key when shown.
    benchmarks = benchmarks_token() if measure.indicator else ""
    figures = caching.figures_fragment("measure", user=request.user, authority_id=measure.authority_id,
                                       parts=(measure.pk, by, benchmarks), build=build)
    return render(
        request,
        "performance/measure_detail.html",
        {
            "measure": measure,
            "figures": figures,
            "comments": measure.comments.all()[:50],
            "comment_form": CommentForm(),
            "value_form": value_form or ValueForm(org_units=_units(measure),
                                                  initial={"loaded_at": timezone.now().isoformat()}),
            "can_enter": can(request.user, measure.authority_id, Permission.ENTER_VALUES),
            "nav": "home",
        },
        status=status,
    )


@require_POST
def value_add(request: HttpRequest, measure_id: int) -> HttpResponse:
    measure = selectors.measure_get(request.user, measure_id)
    require(request.user, measure.authority_id, Permission.ENTER_VALUES)  # before the form: 403, not errors
    form = ValueForm(request.POST, org_units=_units(measure))
    if form.is_valid():
        data = form.cleaned_data
        figure = services.FigureInput(
            measure,
            data["period"],
            data["numerator"],
            data["denominator"],
            data["value"],
            org_unit=data["unit"],
            commentary=data["commentary"],
        )
        try:
            services.value_record(user=request.user, figure=figure, loaded_at=data["loaded_at"])
        except ValueRejected as rejected:
            for field, message in rejected.errors.items():
                form.add_error(field if field in form.fields else None, message)
        except PerformanceError as error:
            form.add_error(None, str(error))
            form.data = form.data.copy()
            form.data["loaded_at"] = timezone.now().isoformat()  # they have now seen the newer figure
        else:
            messages.success(request, f"The figure for {data['period'].label} has been saved as provisional.")
            return redirect("measure-detail", measure_id=measure.pk)
    return measure_detail(request, measure_id, value_form=form, status=400)


@require_POST
def comment_add(request: HttpRequest, measure_id: int) -> HttpResponse:
    measure = selectors.measure_get(request.user, measure_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.measure_comment_add(user=request.user, measure=measure, text=form.cleaned_data["text"],
                                     period_key=form.cleaned_data["period_key"])
        messages.success(request, "Your comment has been added.")
    else:
        messages.error(request, "Enter your comment.")
    return redirect("measure-detail", measure_id=measure.pk)


def release_list(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    return render(
        request,
        "performance/release_list.html",
        {
            "plan": plan,
            "releases": selectors.releases_for(request.user, plan.authority_id),
            "nav": "home",
            "section": "releases",
        },
    )


def release_detail(request: HttpRequest, plan_id: int, release_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    release = selectors.release_get(request.user, release_id)
    if release.authority_id != plan.authority_id:
        raise PermissionDenied
    authority = release.authority_id
    board_view = suppress_for(request.user, authority)
    values = selectors.release_values(release)
    if board_view:
        values = list(values.filter(scope="authority"))  # no team or worker figures outside the council's staff
        for v in values:
            v.withheld = presenters.withheld_reason(v, v.measure.unit) is not None
    return render(
        request,
        "performance/release_detail.html",
        {
            "plan": plan,
            "release": release,
            "values": values,
            "board_view": board_view,
            "watermark": services.release_watermark(release),
            "fingerprint_ok": (services.release_fingerprint(release) == release.fingerprint)
            if release.fingerprint
            else None,
            "differences": [
                d for d in services.release_diff(release.supersedes, release)
                if not board_view or d.scope == "authority"
            ] if release.supersedes_id else [],
            "reason_form": ReasonForm(),
            "can": {
                "submit": can(request.user, authority, Permission.SUBMIT_RELEASE),
                "approve": can(request.user, authority, Permission.APPROVE_RELEASE),
                "publish": can(request.user, authority, Permission.PUBLISH_RELEASE),
            },
            "nav": "home",
        },
    )


_TRANSITIONS: dict[str, tuple[Any, str, bool]] = {
    "submit": (services.release_submit, "submitted for approval", False),
    "approve": (services.release_approve, "approved: its figures are now locked", False),
    "publish": (services.release_publish, "published to the board", False),
    "return": (services.release_return, "returned to draft", True),
    "correct": (services.release_correct, "reopened as a correction", True),
}


@require_POST
def release_transition(request: HttpRequest, plan_id: int, release_id: int, action: str) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    release = selectors.release_get(request.user, release_id)
    if action not in _TRANSITIONS or release.authority_id != plan.authority_id:
        raise PermissionDenied
    service, done, needs_reason = _TRANSITIONS[action]
    kwargs: dict[str, Any] = {"user": request.user, "release": release}
    if needs_reason:
        kwargs["reason"] = request.POST.get("reason", "")
    try:
        result = service(**kwargs)
    except PerformanceError as error:
        messages.error(request, str(error))
        return redirect("release-detail", plan_id=plan.pk, release_id=release.pk)
    messages.success(request, f"The {release.period.label} release has been {done}.")
    return redirect("release-detail", plan_id=plan.pk, release_id=result.pk)


def values_upload(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    if not can(request.user, plan.authority_id, Permission.ENTER_VALUES):
        raise PermissionDenied
    form, problems, status = UploadForm(), [], 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows = services.values_file_upload(
                    user=request.user, authority=plan.authority, data=upload.read(), filename=upload.name
                )
            except UploadRejected as rejected:
                problems, status = rejected.problems, 400
            else:
                messages.success(
                    request,
                    f"{len(rows)} figure{'s' if len(rows) != 1 else ''} saved as provisional "
                    f"from {upload.name}.",
                )
                return redirect("release-list", plan_id=plan.pk)
        else:
            status = 400
    measures = plan.measures.exclude(source="computed").exclude(key="").order_by("order")
    return render(
        request,
        "performance/values_upload.html",
        {
            "plan": plan,
            "form": form,
            "problems": problems,
            "measures": measures,
            "nav": "home",
        },
        status=status,
    )

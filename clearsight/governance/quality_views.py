"""Quality assurance, surveys, the evidence library and the self-evaluation draft. Each view:
authorise, select, call a service on POST, present, render."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from clearsight.engine.selfevaluation import render_docx
from clearsight.governance import presenters, rules, selectors, services
from clearsight.governance import quality_forms as f
from clearsight.governance.exceptions import GovernanceError
from clearsight.governance.selfevaluation import self_evaluation_build
from clearsight.governance.services.quality import AuditRejected, FindingInput, programme_domains
from clearsight.governance.views import _ctx, _save
from clearsight.organisations.roles import Permission
from clearsight.organisations.selectors import can
from clearsight.performance.exceptions import PerformanceError
from clearsight.performance.services import period_for
from clearsight.plans.selectors import plan_get


def _recordable(plan: Any, today: date) -> list[Any]:
    """Quarters audit measures can be recorded for: the six up to the latest audits, and today's."""
    quarters = selectors.audit_quarters(selectors.audit_anchor(plan.authority_id, today), 6)
    current = selectors.audit_quarters(today, 1)[0]
    return quarters if current in quarters else [*quarters, current]


def quality(request: HttpRequest, plan_id: int, forms: dict[str, Any] | None = None) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    forms = forms or {}
    today = timezone.localdate()
    quarters = selectors.audit_quarters(selectors.audit_anchor(plan.authority_id, today))
    domains = list(selectors.domains_for(plan.authority_id))
    # Board members and partners see published figures only: audit figures reach them on the
    # scorecard once their release is published, not live from the audits here.
    board_view = not can(request.user, plan.authority_id, Permission.VIEW_PROVISIONAL)
    return render(request, "governance/quality.html", _ctx(
        plan, request, "quality", programmes=selectors.programmes_for_plan(plan), quarters=quarters,
        audit_rows=[] if board_view else presenters.audit_table(
            domains, selectors.audit_figures(plan.authority_id, quarters), suppress_small=False),
        surveys=selectors.survey_results_for(plan)[:50], board_view=board_view,
        can_audit=rules.can_audit(request.user, plan.authority_id),
        programme_form=forms.get("programme") or f.ProgrammeForm(authority_id=plan.authority_id),
        measures_form=forms.get("measures") or f.AuditMeasuresForm(quarters=_recordable(plan, today)),
        survey_form=forms.get("survey") or f.SurveyForm(measures=selectors.survey_measures(plan)),
    ))


def domains(request: HttpRequest, plan_id: int, form: Any = None) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    rules.require_manage(request.user, plan.authority_id)
    if form is None:
        services.audit_domains_ensure(plan.authority)
    if request.method == "POST" and form is None:
        return _save(
            request, f.DomainForm(request.POST, plan=plan),
            lambda d: services.audit_domain_save(user=request.user, authority=plan.authority, **d),
            "The audit domain has been saved.", lambda _: redirect("audit-domains", plan.pk),
            lambda bound: domains(request, plan_id, bound),
        )
    return render(request, "governance/domains.html", _ctx(
        plan, request, "quality", domains=selectors.domains_for(plan.authority_id),
        form=form or f.DomainForm(plan=plan),
    ), status=400 if form is not None else 200)


@require_POST
def programme_create(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    rules.require_manage(request.user, plan.authority_id)
    return _save(
        request, f.ProgrammeForm(request.POST, authority_id=plan.authority_id),
        lambda d: services.audit_programme_create(
            user=request.user, authority=plan.authority, plan=plan, name=d["name"], kind=d["kind"], theme=d["theme"],
            start=d["on"], end=d["end"], sample_size=d["sample_size"], auditors=d["auditors"], domains=d["domains"]),
        "The audit programme has been added.", lambda p: redirect("audit-programme", plan.pk, p.pk),
        lambda form: quality(request, plan_id, {"programme": form}),
    )


@require_POST
def audit_measures_record(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    rules.require_manage(request.user, plan.authority_id)
    form = f.AuditMeasuresForm(request.POST, quarters=_recordable(plan, timezone.localdate()))

    def save(d: dict[str, Any]) -> Any:
        try:
            return services.audit_measures_record(user=request.user, authority=plan.authority, on=d["quarter"])
        except PerformanceError as error:
            raise GovernanceError(str(error)) from None

    def done(outcomes: Any) -> HttpResponse:
        recorded = [o for o in outcomes if o.value is not None]
        messages.info(request, f"{len(recorded)} audit measure figure{'s' if len(recorded) != 1 else ''} recorded "
                               f"in the draft release; {len(outcomes) - len(recorded)} had no graded audits.")
        return redirect("quality", plan.pk)

    return _save(request, form, save, "Audit measures computed from the case audits.", done,
                 lambda bound: quality(request, plan_id, {"measures": bound}))


@require_POST
def survey_record(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    rules.require_manage(request.user, plan.authority_id)

    def save(d: dict[str, Any]) -> Any:
        try:
            return services.survey_result_record(
                user=request.user, measure=d["measure"], period=period_for(d["measure"], d["on"]), survey=d["survey"],
                respondents=d["respondents"], positive=d["positive"], question=d["question"], notes=d["notes"])
        except PerformanceError as error:
            raise GovernanceError(str(error)) from None

    return _save(request, f.SurveyForm(request.POST, measures=selectors.survey_measures(plan)), save,
                 "The survey result has been recorded.", lambda _: redirect("quality", plan.pk),
                 lambda form: quality(request, plan_id, {"survey": form}))


def programme_detail(request: HttpRequest, plan_id: int, programme_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    programme = selectors.programme_get(plan, programme_id)
    can_audit = rules.can_audit(request.user, plan.authority_id)
    return render(request, "governance/programme_detail.html", _ctx(
        plan, request, "quality", programme=programme, can_audit=can_audit,
        audits=selectors.audits_of(programme) if can_audit else None,
        domains=programme_domains(programme),
    ))


def case_audit_new(request: HttpRequest, plan_id: int, programme_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    programme = selectors.programme_get(plan, programme_id)
    rules.require_audit(request.user, plan.authority_id)
    domains = programme_domains(programme)
    form = f.CaseAuditForm(request.POST or None, programme=programme, domains=domains)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        findings = [FindingInput("strength", line) for line in d["strengths"].splitlines() if line.strip()]
        findings += [FindingInput("development", line) for line in d["developments"].splitlines() if line.strip()]
        try:
            audit = services.case_audit_record(
                user=request.user, programme=programme, child=d["child"], audited_on=d["on"], grades=d["grades"],
                overall=d["overall_grade"], auditor=d["auditor"], team=d["team"], summary=d["summary"],
                findings=findings, complete=d["complete"])
        except AuditRejected as error:
            for field, message in error.errors.items():
                form.add_error(field if field in form.fields else ("on_day" if field == "audited_on" else None), message)
        except GovernanceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The audit of {audit.child} has been saved.")
            return redirect("case-audit", plan.pk, audit.pk)
    return render(request, "governance/case_audit_form.html", _ctx(
        plan, request, "quality", programme=programme, form=form,
    ), status=400 if request.method == "POST" else 200)


def case_audit_detail(request: HttpRequest, plan_id: int, audit_id: int, form: Any = None) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    audit = selectors.case_audit_get(plan, audit_id)
    rules.require_audit(request.user, plan.authority_id)
    return render(request, "governance/case_audit_detail.html", _ctx(
        plan, request, "quality", audit=audit,
        action_form=form or f.FindingActionForm(plan=plan, audit=audit),
    ), status=400 if form is not None else 200)


@require_POST
def finding_action(request: HttpRequest, plan_id: int, audit_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    audit = selectors.case_audit_get(plan, audit_id)
    rules.require_manage(request.user, plan.authority_id)
    return _save(
        request, f.FindingActionForm(request.POST, plan=plan, audit=audit),
        lambda d: services.audit_finding_to_action(user=request.user, finding=d["finding"], priority=d["priority"],
                                                   owner=d["owner"], due=d["on"]),
        "The finding is now an action in the plan.", lambda _: redirect("case-audit", plan.pk, audit.pk),
        lambda form: case_audit_detail(request, plan_id, audit_id, form),
    )


# Evidence -----------------------------------------------------------------------------------------

def evidence(request: HttpRequest, plan_id: int, form: Any = None) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    code = request.GET.get("priority", "")
    priority = plan.priorities.filter(code=code).first() if code else None
    return render(request, "governance/evidence.html", _ctx(
        plan, request, "evidence", items=selectors.evidence_for_plan(plan, priority=priority), priority=priority,
        priorities=plan.priorities.all(), form=form or f.EvidenceForm(plan=plan),
    ), status=400 if form is not None else 200)


@require_POST
def evidence_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    rules.require_manage(request.user, plan.authority_id)

    def save(d: dict[str, Any]) -> Any:
        tags = {"criteria": d["criteria"], "priorities": d["priorities"], "measures": d["measures"]}
        if d["file"]:
            return services.evidence_file_add(user=request.user, plan=plan, title=d["title"], data=d["file"].read(),
                                              filename=d["file"].name, description=d["description"], **tags)
        return services.evidence_link_add(user=request.user, plan=plan, title=d["title"], url=d["url"],
                                          description=d["description"], **tags)

    return _save(request, f.EvidenceForm(request.POST, request.FILES, plan=plan), save,
                 "The evidence has been added to the library.", lambda _: redirect("evidence", plan.pk),
                 lambda form: evidence(request, plan_id, form))


def evidence_download(request: HttpRequest, plan_id: int, item_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    item = selectors.evidence_get(plan, item_id)
    try:
        path = services.evidence_open(item)
    except GovernanceError as error:
        messages.error(request, str(error))
        return redirect("evidence", plan.pk)
    response = FileResponse(path.open("rb"), as_attachment=True, filename=item.filename,
                            content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Self-evaluation ----------------------------------------------------------------------------------

def self_evaluation(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    draft = self_evaluation_build(user=request.user, plan=plan, today=timezone.localdate())
    return render(request, "governance/self_evaluation.html", _ctx(plan, request, "self-evaluation", draft=draft))


def self_evaluation_docx(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get(request.user, plan_id)
    today = timezone.localdate()
    data = render_docx(self_evaluation_build(user=request.user, plan=plan, today=today))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    name = f"self-evaluation-{slugify(plan.authority.name)}-{today:%Y-%m-%d}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

"""Writes to quality assurance: domains, programmes, case audits and their findings, the audit
measures computed from the grades, and survey results. Figures go into the performance framework
through ``performance.services.value_record`` — the period's draft release, audited there — and
each audit figure keeps the list of audits behind it (``AuditMeasureFigure``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from clearsight.audit.services import audit_record
from clearsight.engine.audits import OVERALL, AuditRecord, DomainFigure, Grade, audit_measures
from clearsight.engine.periods import Period
from clearsight.governance import rules
from clearsight.governance.exceptions import GovernanceError
from clearsight.governance.models import (
    AuditDomain,
    AuditFinding,
    AuditGrade,
    AuditMeasureFigure,
    AuditProgramme,
    CaseAudit,
    SurveyResult,
)
from clearsight.governance.models.quality import PSEUDONYM
from clearsight.governance.services.common import _iso, _same_authority
from clearsight.organisations.models import Authority, OrgUnit, Person

# The domains most councils' case audit tools grade, in their usual order. Each authority can
# rename, add, retire and link them to its measures.
DEFAULT_DOMAINS = [
    ("assessment", "Quality of assessment"),
    ("assessment_and_risk", "Assessment and management of risk"),
    ("planning", "Quality of planning"),
    ("voice_of_the_child", "Voice of the child"),
    ("family_involvement", "Children, young people and families involved"),
    ("reviews", "Child involved in and benefits from reviews"),
    ("diversity", "Identity and diversity"),
    ("decision_making", "Decision making"),
    ("management_oversight", "Management oversight"),
    ("supervision_frequency", "Supervision meets the practice standard for frequency"),
    ("supervision_quality", "Supervision is good quality and reflective"),
    ("placement_quality", "Quality of placement"),
    ("independence", "Preparation for independence"),
    ("pathway_plans", "Pathway plan"),
]


def audit_domains_ensure(authority: Authority) -> list[AuditDomain]:
    """The authority's domains, creating the usual set the first time (so a new authority can
    start auditing at once, then configure them)."""
    if not AuditDomain.objects.filter(authority=authority).exists():
        AuditDomain.objects.bulk_create(
            AuditDomain(authority=authority, key=key, name=name, order=n) for n, (key, name) in enumerate(DEFAULT_DOMAINS, 1)
        )
    return list(AuditDomain.objects.filter(authority=authority))


@transaction.atomic
def audit_domain_save(*, user: Any, authority: Authority, key: str, name: str, measure: Any = None,
                      order: int | None = None, is_active: bool = True, guidance: str = "") -> AuditDomain:
    """Add or change a domain, and the audit measure its 'good or better' share feeds."""
    rules.require_manage(user, authority.pk)
    _same_authority(authority.pk, measure)
    if not name.strip():
        raise GovernanceError("Enter the domain's name.")
    domain = AuditDomain.objects.filter(authority=authority, key=key).first()
    before = None
    if domain is None:
        domain = AuditDomain(authority=authority, key=key)
    else:
        before = {"name": domain.name, "measure": domain.measure_id, "is_active": domain.is_active}
    domain.name, domain.measure, domain.is_active, domain.guidance = name.strip(), measure, is_active, guidance
    if order is not None:
        domain.order = order
    domain.save()
    audit_record(actor=user, verb="audit_domain.saved", obj=domain, authority=authority, before=before,
                 after={"name": domain.name, "measure": domain.measure_id, "is_active": domain.is_active})
    return domain


@transaction.atomic
def audit_programme_create(*, user: Any, authority: Authority, name: str, start: date, end: date,
                           kind: str = AuditProgramme.Kind.REGULAR, theme: str = "", plan: Any = None,
                           sample_size: int = 0, auditors: Iterable[Person] = (),
                           domains: Iterable[AuditDomain] = ()) -> AuditProgramme:
    rules.require_manage(user, authority.pk)
    auditors, domains = list(auditors), list(domains)
    _same_authority(authority.pk, plan, *auditors, *domains)
    if not name.strip():
        raise GovernanceError("Enter the programme's name.")
    if end < start:
        raise GovernanceError("The programme must end on or after the day it starts.")
    programme = AuditProgramme.objects.create(authority=authority, plan=plan, name=name.strip(), kind=kind,
                                              theme=theme.strip(), start=start, end=end, sample_size=sample_size)
    programme.auditors.set(auditors)
    programme.domains.set(domains)
    audit_record(actor=user, verb="audit_programme.created", obj=programme, authority=authority,
                 after={"name": programme.name, "kind": kind, "start": _iso(start), "end": _iso(end),
                        "auditors": [p.name for p in auditors], "domains": [d.key for d in domains]})
    return programme


def programme_domains(programme: AuditProgramme) -> list[AuditDomain]:
    """The domains a programme's audits grade: those chosen, else every active domain."""
    chosen = list(programme.domains.filter(is_active=True))
    return chosen or list(AuditDomain.objects.filter(authority_id=programme.authority_id, is_active=True))


@dataclass(frozen=True)
class FindingInput:
    kind: str
    text: str
    domain_key: str = ""


@transaction.atomic
def case_audit_record(*, user: Any, programme: AuditProgramme, child: str, audited_on: date,
                      grades: Mapping[str, Grade | None], overall: Grade | None, auditor: Person | None = None,
                      team: OrgUnit | None = None, summary: str = "", findings: Iterable[FindingInput] = (),
                      complete: bool = True) -> CaseAudit:
    """Record one case audit: a grade (or n/a) per domain of the programme, the overall judgement
    and findings. The child is named only by their Clearsight pseudonym. Refused whole, with
    messages naming each field, if anything is wrong."""
    authority_id = programme.authority_id
    rules.require_audit(user, authority_id)
    _same_authority(authority_id, auditor, team)
    domains = {d.key: d for d in programme_domains(programme)}
    errors: dict[str, str] = {}
    child = child.strip().upper()
    try:
        PSEUDONYM(child)
    except ValidationError as error:
        errors["child"] = error.messages[0]
    if not programme.start <= audited_on <= programme.end:
        errors["audited_on"] = (
            f"The audit date must be within the programme, {programme.start:%-d %B %Y} to {programme.end:%-d %B %Y}."
        )
    unknown = sorted(set(grades) - set(domains))
    if unknown:
        errors["grades"] = f"This programme does not grade {', '.join(unknown)}."
    if complete and overall is None:
        errors["overall"] = "Give the overall grade, or save the audit as in progress."
    findings = list(findings)
    for n, finding in enumerate(findings, 1):
        if finding.domain_key and finding.domain_key not in domains:
            errors[f"finding_{n}"] = f"Finding {n} names a domain this programme does not grade."
    if errors:
        raise AuditRejected(errors)
    audit = CaseAudit.objects.create(
        programme=programme, child=child, audited_on=audited_on, auditor=auditor, team=team,
        overall=overall.value if overall else "", summary=summary.strip(),
        status=CaseAudit.Status.COMPLETED if complete else CaseAudit.Status.DRAFT, recorded_by=user,
    )
    AuditGrade.objects.bulk_create(
        AuditGrade(audit=audit, domain=domain, grade=_grade_value(grades.get(key))) for key, domain in domains.items()
    )
    for finding in findings:
        if finding.text.strip():
            AuditFinding.objects.create(audit=audit, kind=finding.kind, text=finding.text.strip(),
                                        domain=domains.get(finding.domain_key))
    audit_record(actor=user, verb="case_audit.recorded", obj=audit, authority=programme.authority,
                 after={"child": child, "audited_on": _iso(audited_on), "overall": audit.overall,
                        "status": audit.status, "grades": {k: (g.value if g else None) for k, g in grades.items()}})
    return audit


def _grade_value(grade: Grade | None) -> str:
    return grade.value if grade is not None else ""


class AuditRejected(GovernanceError):
    """A case audit with problems, by field."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(" ".join(errors.values()))


@transaction.atomic
def audit_finding_to_action(*, user: Any, finding: AuditFinding, priority: Any, owner: Person, due: date) -> Any:
    """Turn an area for development into an action in the plan, owned and dated."""
    from clearsight.plans.services import action_create

    authority_id = finding.audit.programme.authority_id
    rules.require_manage(user, authority_id)
    _same_authority(authority_id, priority, owner)
    if finding.action_id:
        raise GovernanceError("This finding is already an action.")
    action = action_create(user=user, priority=priority, text=finding.text, lead=owner, due=due,
                           note=f"From the case audit of {finding.audit.child} on {finding.audit.audited_on:%-d %B %Y}")
    finding.action = action
    finding.save(update_fields=["action"])
    audit_record(actor=user, verb="audit_finding.made_action", obj=finding.audit, authority=action.plan.authority,
                 after={"finding": finding.text[:300], "action": action.ref})
    return action


# Audit measures ---------------------------------------------------------------------------------

def audit_records(authority_id: int, start: date, end: date) -> list[AuditRecord]:
    """Completed audits in the period, as the engine reads them (overall included)."""
    audits = (CaseAudit.objects.filter(programme__authority_id=authority_id, status=CaseAudit.Status.COMPLETED,
                                       audited_on__gte=start, audited_on__lte=end)
              .prefetch_related("grades__domain"))
    return [
        AuditRecord(a.pk, a.audited_on, {
            **{g.domain.key: (Grade(g.grade) if g.grade else None) for g in a.grades.all()},
            OVERALL: Grade(a.overall) if a.overall else None,
        })
        for a in audits
    ]


def domain_figures(authority_id: int, start: date, end: date) -> dict[str, DomainFigure]:
    """Every active domain's good-or-better share over the completed audits in the period."""
    keys = list(AuditDomain.objects.filter(authority_id=authority_id, is_active=True).values_list("key", flat=True))
    return audit_measures(audit_records(authority_id, start, end), [*keys, OVERALL], start, end)


@dataclass(frozen=True)
class AuditMeasureOutcome:
    domain: AuditDomain
    period: Period
    figure: DomainFigure
    value: Any  # the MeasureValue written, or None when no audit graded the domain


@transaction.atomic
def audit_measures_record(*, user: Any, authority: Authority, on: date) -> list[AuditMeasureOutcome]:
    """Compute each linked domain's audit measure for the measure's period containing ``on`` and
    record it in that period's draft release, traceable to the audits behind it.

    Run again after more audits are completed: the figure is replaced while the release is a
    draft. A locked release is refused by the performance services with a message saying why.
    """
    from clearsight.performance.services import FigureInput, period_for, value_record

    rules.require_manage(user, authority.pk)
    outcomes = []
    for domain in AuditDomain.objects.filter(authority=authority, is_active=True, measure__isnull=False
                                             ).select_related("measure"):
        measure = domain.measure
        assert measure is not None
        period = period_for(measure, on)
        figure = audit_measures(audit_records(authority.pk, period.start, period.end), [domain.key],
                                period.start, period.end)[domain.key]
        if figure.denominator == 0:
            outcomes.append(AuditMeasureOutcome(domain, period, figure, None))
            continue
        value = value_record(user=user, figure=FigureInput(
            measure, period, Decimal(figure.numerator), Decimal(figure.denominator), None,
            commentary=f"Computed from {figure.denominator} completed case audit"
                       f"{'s' if figure.denominator != 1 else ''} graded for '{domain.name}': "
                       f"{figure.numerator} good or outstanding.",
        ))
        source, _ = AuditMeasureFigure.objects.update_or_create(value=value, defaults={"domain": domain,
                                                                                       "computed_by": user})
        source.audits.set(figure.audit_ids)
        outcomes.append(AuditMeasureOutcome(domain, period, figure, value))
    audit_record(actor=user, verb="audit_measures.recorded", authority=authority,
                 after={"on": _iso(on), "figures": {o.domain.key: [o.figure.numerator, o.figure.denominator]
                                                    for o in outcomes if o.value is not None}})
    return outcomes


@transaction.atomic
def survey_result_record(*, user: Any, measure: Any, period: Period, survey: str, respondents: int, positive: int,
                         question: str = "", notes: str = "") -> SurveyResult:
    """Enter a survey's result; it becomes the survey measure's figure (positive ÷ respondents)
    in the period's draft release."""
    from clearsight.performance.services import FigureInput, value_record

    rules.require_manage(user, measure.authority_id)
    if measure.source != "survey":
        raise GovernanceError(f"'{measure.name[:80]}' is not a survey measure.")
    if not survey.strip():
        raise GovernanceError("Enter the survey's name.")
    if respondents <= 0:
        raise GovernanceError("Enter how many people answered (more than 0).")
    if not 0 <= positive <= respondents:
        raise GovernanceError(f"Positive answers must be between 0 and the {respondents} respondents.")
    value = value_record(user=user, figure=FigureInput(
        measure, period, Decimal(positive), Decimal(respondents), None,
        commentary=f"{survey.strip()}: {positive} of {respondents} respondents.",
    ))
    result = SurveyResult.objects.create(
        authority_id=measure.authority_id, survey=survey.strip(), question=question.strip(), measure=measure,
        period_type=period.type.value, period_start=period.start, period_end=period.end, respondents=respondents,
        positive=positive, notes=notes.strip(), value=value, entered_by=user,
    )
    audit_record(actor=user, verb="survey_result.recorded", obj=result, authority=result.authority,
                 after={"survey": result.survey, "period": period.key, "positive": positive,
                        "respondents": respondents})
    return result

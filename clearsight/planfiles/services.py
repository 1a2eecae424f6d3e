"""Importing a plan file into the database and exporting a plan back out.

An import is all or nothing: the file is read and validated by the engine, then every row is
written inside one transaction; any error rolls the whole import back. The original problems
report is kept on a PlanImport record so people can see what was flagged.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from clearsight.audit.services import audit_record
from clearsight.core.faults import fault_point
from clearsight.engine.plandates import DateKind, read_plan_date
from clearsight.engine.planfiles import document as doc
from clearsight.engine.problems import InputError, Problem, Severity
from clearsight.organisations.models import Authority, PartnerAgency, Person
from clearsight.performance.models import Measure, MeasurePlacement, MeasureValue
from clearsight.performance.services import figures_changed
from clearsight.planfiles.models import PlanImport
from clearsight.plans.changes import plan_changed
from clearsight.plans.models import (
    Action,
    ActionLead,
    ActionUpdate,
    Ambition,
    DueDateChange,
    EvidenceSource,
    InspectionRecommendation,
    Plan,
    Principle,
    Priority,
    Sprint,
    SuccessCriterion,
)

FORMATS = ("seed-text", "json", "yaml", "xlsx")


class ImportRefused(Exception):
    """The file cannot be imported; ``problems`` says why (every error, not just the first)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems if p.severity is Severity.ERROR))


@dataclass
class ImportResult:
    document: doc.PlanDocument
    problems: list[Problem]
    file_format: str
    sha256: str
    counts: dict[str, int] = field(default_factory=dict)
    plan: Plan | None = None
    record: PlanImport | None = None
    dry_run: bool = False


def plan_file_read(data: bytes, filename: str) -> tuple[doc.PlanDocument, list[Problem], str]:
    """Read a plan file of any supported format. Raises ImportRefused with every error found."""
    from clearsight.engine.planfiles import seedtext, structured, xlsx

    suffix = Path(filename).suffix.lower()
    try:
        if suffix == ".xlsx":
            import io

            document, problems = xlsx.read_workbook(io.BytesIO(data), filename=filename)
            return document, problems, "xlsx"
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportRefused(
                [Problem(Severity.ERROR, "encoding", f"The file is not UTF-8 text (byte {exc.start}). "
                         "Save it as UTF-8 and try again.", file=filename)]
            ) from None
        if suffix == ".json":
            document, problems = structured.loads_json(text, filename)
            return document, problems, "json"
        if suffix in (".yaml", ".yml"):
            document, problems = structured.loads_yaml(text, filename)
            return document, problems, "yaml"
        if seedtext.detect_layout(text) is None:
            raise ImportRefused(
                [Problem(Severity.ERROR, "unknown_format",
                         "This file is not a plan Clearsight can read. Use the JSON, YAML or Excel "
                         "template format (docs/plan-format.md), or the text of a Word action plan.",
                         file=filename)]
            )
        document, problems = seedtext.read_seed_text(text, filename=filename)
        return document, problems, "seed-text"
    except InputError as exc:
        raise ImportRefused(exc.problems) from None


def count_document(document: doc.PlanDocument) -> dict[str, int]:
    actions = document.actions()
    return {
        "priorities": len(document.priorities),
        "actions": len(actions),
        "success_criteria": sum(len(p.success_criteria) for p in document.priorities),
        "ambitions": sum(len(p.good_looks_like) for p in document.priorities),
        "updates": sum(len(a.updates) for a in actions),
        "measures": len(document.measures),
        "recommendations": len(document.recommendations),
        "sprints": len(document.sprints),
    }


class _DryRunRollback(Exception):
    pass


def plan_import(
    *,
    user: Any,
    authority: Authority,
    data: bytes,
    filename: str,
    dry_run: bool = False,
    replace: bool = False,
) -> ImportResult:
    """Import a plan file for ``authority``. A dry run does everything, then rolls back.

    ``user`` None is the system (the CLI, run by whoever runs the server); a signed-in user needs
    the import permission in the authority."""
    if getattr(user, "is_authenticated", False):
        from clearsight.organisations.roles import Permission
        from clearsight.organisations.selectors import require

        require(user, authority.pk, Permission.IMPORT_PLAN)
    document, problems, file_format = plan_file_read(data, filename)
    result = ImportResult(
        document=document, problems=problems, file_format=file_format,
        sha256=hashlib.sha256(data).hexdigest(), counts=count_document(document), dry_run=dry_run,
    )
    try:
        with transaction.atomic():
            existing = Plan.objects.filter(
                authority=authority, title=document.title, period_label=document.period_label
            ).first()
            if existing is not None and not replace:
                raise ImportRefused(
                    [Problem(Severity.ERROR, "plan_exists",
                             f"{authority.name} already has the plan '{existing}'. Import with --replace "
                             "to replace it (its history goes with it), or change the title.",
                             file=filename)]
                )
            if existing is not None and MeasureValue.objects.filter(measure__plan=existing).exists():
                raise ImportRefused(
                    [Problem(Severity.ERROR, "plan_has_figures",
                             f"'{existing}' cannot be replaced: figures have been recorded against its measures, "
                             "and figures are never deleted. Import the new version under a different title or "
                             "period, or edit the plan in Clearsight.", file=filename)]
                )
            if existing is not None:
                audit_record(actor=user, verb="plan.replaced", obj=existing, authority=authority,
                             note=f"Replaced by import of {filename}")
                existing.delete()
            plan = _write_plan(authority, document, problems, filename)
            plan_changed([plan.pk])  # its rows were bulk-written, which sends no signals
            record = PlanImport.objects.create(
                authority=authority, plan=plan, filename=filename[:300], file_format=file_format,
                sha256=result.sha256, imported_by=user if getattr(user, "is_authenticated", False) else None,
                imported_by_name=str(user or "System")[:200], counts=result.counts,
                problems=[p.as_dict() for p in problems],
            )
            audit_record(actor=user, verb="plan.imported", obj=plan, authority=authority,
                         after={"file": filename, "format": file_format, "sha256": result.sha256, **result.counts})
            result.plan, result.record = plan, record
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        result.plan = result.record = None
    return result


def _error(message: str, ref: str = "", code: str = "import_conflict") -> ImportRefused:
    return ImportRefused([Problem(Severity.ERROR, code, message, ref=ref)])


def _write_plan(
    authority: Authority, document: doc.PlanDocument, problems: list[Problem], filename: str
) -> Plan:
    plan = Plan.objects.create(
        authority=authority, title=document.title, period_label=document.period_label,
        period_start=document.period_start, period_end=document.period_end,
        status=document.status or Plan.Status.ACTIVE, foreword=document.foreword,
    )
    Principle.objects.bulk_create(
        Principle(plan=plan, order=i, title=p.title, text=p.text) for i, p in enumerate(document.principles, 1)
    )
    sprints = {
        s.number: Sprint.objects.create(
            plan=plan, number=s.number, start_date=s.start, weeks=s.weeks,
            closed_at=timezone.now() if s.closed else None,
        )
        for s in document.sprints
    }

    def sprint(number: int | None) -> Sprint | None:
        if number is None:
            return None
        if number not in sprints:
            sprints[number] = Sprint.objects.create(plan=plan, number=number)
        return sprints[number]

    people = _Directory(authority)
    actions_by_ref: dict[str, Action] = {}
    priorities: dict[str, Priority] = {}
    for p_order, p in enumerate(document.priorities, 1):
        priority = Priority.objects.create(
            plan=plan, order=p_order, code=p.code, kind=p.kind.value, title=p.title, why=p.why
        )
        priorities[p.code] = priority
        Ambition.objects.bulk_create(
            Ambition(priority=priority, order=i, text=t) for i, t in enumerate(p.good_looks_like, 1)
        )
        criteria = {
            c.number: SuccessCriterion.objects.create(priority=priority, number=c.number, text=c.text)
            for c in p.success_criteria
        }
        EvidenceSource.objects.bulk_create(
            EvidenceSource(priority=priority, order=i, kind=e.kind.value, text=e.text)
            for i, e in enumerate(p.evidence_sources, 1)
        )
        for a_order, a in enumerate(p.actions, 1):
            if a.ref in actions_by_ref:
                raise _error(f"Action ref {a.ref} appears twice in the plan; refs must be unique.", a.ref)
            if a.success_criterion is not None and a.success_criterion not in criteria:
                raise _error(
                    f"Action {a.ref} names success criterion {a.success_criterion}, which priority "
                    f"{p.code} does not have.", a.ref,
                )
            actions_by_ref[a.ref] = _write_action(
                plan, priority, a, a_order, criteria, sprint, people
            )
        fault_point("plan_import.half_written")  # a test kills the process here, rows half written
    if document.measures:
        figures_changed(authority.pk)
    for m_order, m in enumerate(document.measures, 1):
        measure = Measure.objects.create(
            authority=authority, plan=plan, order=m_order, name=m.name, what_it_shows=m.what_it_shows,
            requires_improvement_text=m.requires_improvement, good_text=m.good,
            outstanding_text=m.outstanding,
        )
        for order, code in enumerate(m.priority_codes, 1):
            if code not in priorities:
                raise _error(f"Measure '{m.name[:60]}' is placed under priority {code}, which the plan lacks.")
            MeasurePlacement.objects.create(measure=measure, priority=priorities[code], order=order)
    for r in document.recommendations:
        recommendation = InspectionRecommendation.objects.create(
            plan=plan, number=r.number, text=r.text, progress=r.progress, further_work=r.further_work,
            status=r.status.value,
        )
        missing = [ref for ref in r.action_refs if ref not in actions_by_ref]
        if missing:
            raise _error(f"Recommendation {r.number} links to actions the plan lacks: {', '.join(missing)}.")
        recommendation.actions.set([actions_by_ref[ref] for ref in r.action_refs])
    return plan


def _write_action(
    plan: Plan,
    priority: Priority,
    a: doc.Action,
    order: int,
    criteria: dict[int, SuccessCriterion],
    sprint: Any,
    people: _Directory,
) -> Action:
    due = read_plan_date(a.due_text)
    review = read_plan_date(a.review_text)
    action = Action.objects.create(
        plan=plan, priority=priority, order=order, ref=a.ref, text=a.text, lead_text=a.lead_text,
        success_criterion=criteria.get(a.success_criterion) if a.success_criterion is not None else None,
        due_text=a.due_text, due_kind=due.kind.value, due_date=due.value,
        original_due_text=a.original_due_text,
        review_text=a.review_text, review_kind=review.kind.value, review_date=review.value,
        status=a.status.value, rag_override=a.rag_override, rag_override_reason=a.rag_override_reason,
        sprint=sprint(due.sprint) if due.kind is DateKind.SPRINT else None,
        planned_sprint=sprint(a.planned_sprint), carried_over=a.carried_over,
    )
    ActionLead.objects.bulk_create(
        ActionLead(
            action=action, order=i, role=lead.role,
            person=people.person(lead.name, lead.role) if lead.name else None,
            agency=people.agency(lead.agency) if lead.agency else None,
        )
        for i, lead in enumerate(a.leads, 1)
    )
    ActionUpdate.objects.bulk_create(
        ActionUpdate(
            action=action, on=u.on, author_name=u.author, commentary=u.commentary,
            status_from=u.status_from, status_to=u.status_to, evidence_url=u.evidence_url, imported=True,
        )
        for u in a.updates
    )
    DueDateChange.objects.bulk_create(
        DueDateChange(action=action, from_text=c.from_text, to_text=c.to_text, reason=c.reason, on=c.on,
                      by_name=c.by)
        for c in a.due_changes
    )
    return action


class _Directory:
    """Finds or creates the people and agencies a plan names, once each."""

    def __init__(self, authority: Authority):
        self.authority = authority
        self._people: dict[str, Person] = {}
        self._agencies: dict[str, PartnerAgency] = {}

    def person(self, name: str, role: str) -> Person:
        key = name.strip().lower()
        if key not in self._people:
            person = Person.objects.filter(authority=self.authority, name__iexact=name.strip()).first()
            if person is None:
                person = Person.objects.create(authority=self.authority, name=name.strip(), job_title=role)
            self._people[key] = person
        return self._people[key]

    def agency(self, name: str) -> PartnerAgency:
        key = name.strip().lower()
        if key not in self._agencies:
            agency = PartnerAgency.objects.filter(authority=self.authority, name__iexact=name.strip()).first()
            if agency is None:
                agency = PartnerAgency.objects.create(authority=self.authority, name=name.strip())
            self._agencies[key] = agency
        return self._agencies[key]


def plan_export(plan: Plan) -> doc.PlanDocument:
    """The plan as a document: what import wrote, read back, so export → import → export is identical."""
    priorities = list(
        plan.priorities.prefetch_related("ambitions", "success_criteria", "evidence_sources")
    )
    actions = list(
        plan.actions.select_related("success_criterion", "planned_sprint")
        .prefetch_related("leads__person", "leads__agency", "updates", "due_changes")
        .order_by("priority__order", "order")
    )
    by_priority: dict[int, list[doc.Action]] = {}
    for action in actions:
        by_priority.setdefault(action.priority_id, []).append(_export_action(action))
    measures = list(plan.measures.prefetch_related("placements__priority").order_by("order"))
    return doc.PlanDocument(
        title=plan.title, period_label=plan.period_label, period_start=plan.period_start,
        period_end=plan.period_end, status=plan.status, foreword=plan.foreword,
        principles=[doc.Principle(p.title, p.text) for p in plan.principles.all()],
        priorities=[
            doc.Priority(
                code=p.code, title=p.title, kind=doc.PriorityKind(p.kind), why=p.why,
                good_looks_like=[a.text for a in p.ambitions.all()],
                success_criteria=[doc.SuccessCriterion(c.number, c.text) for c in p.success_criteria.all()],
                evidence_sources=[doc.EvidenceSource(doc.EvidenceKind(e.kind), e.text) for e in p.evidence_sources.all()],
                actions=by_priority.get(p.pk, []),
            )
            for p in priorities
        ],
        measures=[
            doc.MeasureRow(
                name=m.name, what_it_shows=m.what_it_shows, requires_improvement=m.requires_improvement_text,
                good=m.good_text, outstanding=m.outstanding_text,
                priority_codes=[pl.priority.code for pl in m.placements.all()],
            )
            for m in measures
        ],
        recommendations=[
            doc.InspectionRecommendation(
                number=r.number, text=r.text, progress=r.progress, further_work=r.further_work,
                status=doc.RecommendationStatus(r.status),
                action_refs=[a.ref for a in sorted(r.actions.all(), key=lambda a: (a.priority.order, a.order))],
            )
            for r in plan.recommendations.prefetch_related("actions__priority")
        ],
        sprints=[
            doc.Sprint(number=s.number, start=s.start_date, weeks=s.weeks, closed=s.is_closed)
            for s in plan.sprints.all()
        ],
    )


def _export_action(action: Action) -> doc.Action:
    return doc.Action(
        ref=action.ref, text=action.text, lead_text=action.lead_text,
        leads=[
            doc.Lead(name=lead.person.name if lead.person else "", role=lead.role,
                     agency=lead.agency.name if lead.agency else "")
            for lead in action.leads.all()
        ],
        due_text=action.due_text, original_due_text=action.original_due_text, review_text=action.review_text,
        status=doc.ActionStatus(action.status), rag_override=action.rag_override,
        rag_override_reason=action.rag_override_reason,
        success_criterion=action.success_criterion.number if action.success_criterion else None,
        planned_sprint=action.planned_sprint.number if action.planned_sprint else None,
        carried_over=action.carried_over,
        updates=[
            doc.Update(commentary=u.commentary, on=u.on, author=u.author_name, status_from=u.status_from,
                       status_to=u.status_to, evidence_url=u.evidence_url)
            for u in sorted(action.updates.all(), key=lambda u: (u.on is not None, u.on or u.created_at.date(), u.pk))
        ],
        due_changes=[
            doc.DueChange(from_text=c.from_text, to_text=c.to_text, reason=c.reason, on=c.on, by=c.by_name)
            for c in action.due_changes.all()
        ],
    )

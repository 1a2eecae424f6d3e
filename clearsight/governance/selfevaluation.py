"""Build the self-evaluation draft for a plan from what Clearsight holds: per priority, its
measures' latest figures, the case-audit figures and findings for the domains feeding its
measures, the sources behind them, and the open actions. Rendering is the engine's
(``engine.selfevaluation.render_docx``)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from clearsight.engine.audits import audit_measures
from clearsight.engine.selfevaluation import (
    ActionLine,
    AuditLine,
    MeasureLine,
    PrioritySection,
    SelfEvaluation,
)
from clearsight.governance import rules, selectors
from clearsight.governance.models import AuditFinding, CaseAudit
from clearsight.governance.services.quality import audit_records

CLOSED = ("completed", "withdrawn")


def _measure_lines(rows: list[Any]) -> list[MeasureLine]:
    lines = []
    for row in rows:
        latest = row.latest
        if latest is None:
            lines.append(MeasureLine(row.measure.name, "No figures yet"))
            continue
        lines.append(MeasureLine(
            row.measure.name, f"{latest.formatted} ({latest.label}), {latest.grade.value}",
            row.change.words if row.change.direction != "none" else "", latest.provisional,
        ))
    return lines


def self_evaluation_build(*, user: Any, plan: Any, today: date) -> SelfEvaluation:
    """The draft, as the user may see it (provisional figures marked)."""
    from clearsight.performance.presenters import scorecard
    from clearsight.performance.selectors import effective_values, measures_of_plan
    from clearsight.performance.services import release_watermark
    from clearsight.plans.selectors import plan_actions

    rules.require_self_evaluation(user, plan.authority_id)
    measures = list(measures_of_plan(plan))
    values = effective_values(user, plan.authority_id, [m.pk for m in measures])
    rows_by_priority: dict[int, list[Any]] = defaultdict(list)
    for row in scorecard(measures, values, release_watermark):
        for placement in row.measure.placements.all():
            rows_by_priority[placement.priority_id].append(row)
    # Case audits: the last two full quarters before today's, and this one so far.
    anchor = selectors.audit_anchor(plan.authority_id, today)
    start = selectors.audit_quarters(anchor, 3)[0].start
    records = audit_records(plan.authority_id, start, anchor)
    domains = list(selectors.domains_for(plan.authority_id).filter(is_active=True, measure__isnull=False))
    figures = audit_measures(records, [d.key for d in domains], start, anchor)
    findings = list(AuditFinding.objects.filter(audit__programme__authority_id=plan.authority_id,
                                                audit__audited_on__gte=start, audit__status=CaseAudit.Status.COMPLETED,
                                                domain__in=domains).select_related("domain").order_by("-audit__audited_on"))
    evidence = list(selectors.evidence_for_plan(plan))
    actions = [a for a in plan_actions(plan) if a.status not in CLOSED]
    sections = []
    for priority in plan.priorities.prefetch_related("ambitions", "evidence_sources", "success_criteria"):
        rows = rows_by_priority.get(priority.pk, [])
        measure_ids = {r.measure.pk for r in rows}
        mine = [d for d in domains if d.measure_id in measure_ids]
        audit_lines = [
            AuditLine(d.name, f"{figures[d.key].numerator} of {figures[d.key].denominator} audited cases good or "
                              f"better ({figures[d.key].percentage:.0f}%) since {start:%-d %B %Y}")
            for d in mine if figures[d.key].denominator
        ]
        finding_lines = [f"{f.get_kind_display()} ({f.domain.name if f.domain else 'audit'}): {f.text}"
                         for f in findings if f.domain in mine][:6]
        tagged = [e for e in evidence if priority in e.priorities.all()
                  or any(c.priority_id == priority.pk for c in e.success_criteria.all())
                  or any(m.pk in measure_ids for m in e.measures.all())]
        sources = [f"{s.get_kind_display()}: {s.text}" for s in priority.evidence_sources.all()]
        if rows:
            sources.append(f"The performance framework: {len(rows)} measures, from the approved data releases"
                           " (figures marked provisional are not yet approved)")
        if audit_lines:
            sources.append(f"Case audits: {len({i for d in mine for i in figures[d.key].audit_ids})} completed "
                           f"since {start:%-d %B %Y}, graded by the quality assurance team")
        sources += [f"Evidence library: {e.title}{f' ({e.evidence_date:%B %Y})' if e.evidence_date else ''}"
                    for e in tagged]
        sections.append(PrioritySection(
            heading=f"{priority.label} {priority.title}",
            ambitions=tuple(a.text for a in priority.ambitions.all()),
            measures=tuple(_measure_lines(rows)),
            audits=tuple(audit_lines),
            findings=tuple(finding_lines),
            sources=tuple(sources),
            actions=tuple(ActionLine(a.ref, a.text[:300], a.lead_text, a.due_text, a.get_status_display())
                          for a in actions if a.priority_id == priority.pk),
        ))
    return SelfEvaluation(
        authority=plan.authority.name, plan=str(plan), prepared_on=today, prepared_by=user.display_name,
        sections=tuple(sections),
    )

"""The children and young people's version of the plan: a draft from the plan, edits, approval.

The draft is a starting point a person rewrites: one short section per priority, saying what
the priority is about, what we want, and two or three things we will do, with the plan's words
swapped for everyday ones (the Plain English Campaign's A to Z of alternative words). The editor
shows each section's reading age (``engine.reports.readability``) against a target of 11.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from clearsight.audit.services import audit_record
from clearsight.engine.reports.document import Paragraph, Report, ReportKind, Section, Sheet, Table
from clearsight.engine.reports.readability import TARGET_READING_AGE, reading_age
from clearsight.engine.steps import split_steps
from clearsight.plans.models import Plan, Priority
from clearsight.reports import rules
from clearsight.reports.exceptions import EditConflict, ReportError
from clearsight.reports.models import YoungPeoplePlan, YoungPeopleSection
from clearsight.reports.presenters import section_readability

PLAIN_WORDS = [
    (r"\bin order to\b", "to"),
    (r"\bprior to\b", "before"),
    (r"\bwith regard to\b", "about"),
    (r"\bensure that\b", "make sure"),
    (r"\bensure\b", "make sure"),
    (r"\bensuring\b", "making sure"),
    (r"\bfacilitate\b", "help"),
    (r"\butilise\b", "use"),
    (r"\bcommence\b", "start"),
    (r"\bimplement\b", "start"),
    (r"\bimplementation of\b", "starting"),
    (r"\bimplementation\b", "start"),
    (r"\bestablish\b", "set up"),
    (r"\benhance\b", "improve"),
    (r"\bmonitor\b", "check"),
    (r"\bpractitioners\b", "workers"),
    (r"\bpractitioner\b", "worker"),
    (r"\bfrontline\b", ""),
    (r"\blooked after children\b", "children in care"),
    (r"\bLAC\b", "children in care"),
    (r"\bcare leavers\b", "young people leaving care"),
    (r"\bin a timely (manner|way)\b", "quickly"),
    (r"\ba timely\b", "a quick"),
    (r"\btimely\b", "on time"),
    (r"\bconsistently\b", "always"),
    (r"\brobust\b", "strong"),
    (r"\bstakeholders\b", "people involved"),
    (r"\bmulti-agency\b", "joined-up"),
    (r"\bpartners\b", "the services we work with"),
    (r"\b(the )?voice of the child\b", "what children tell us"),
    (r"\bvoice of child\b", "what children tell us"),
    (r"\bCYP\b", "children and young people"),
    (r"\bcommissioning\b", "buying services"),
    (r"\boutcomes\b", "lives"),
    (r"\bsufficient\b", "enough"),
    (r"\bappropriate\b", "right"),
    (r"\bcommence\b", "start"),
    (r"\bobjectives\b", "aims"),
    (r"\bidentify\b", "find"),
]
MAX_WORDS = 18


def plain(text: str) -> str:
    """The plan's words swapped for everyday ones, codes and brackets removed, one short sentence."""
    text = re.sub(r"\([^)]*\)", "", text)
    text = re.sub(r"^\s*(\d+[.)]\s*|[•\-]\s*)", "", text)
    for pattern, replacement in PLAIN_WORDS:
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    sentence = re.split(r"(?<=[.;:])\s", " ".join(text.split()))[0].rstrip(".;: ,")
    words = sentence.split()
    if len(words) > MAX_WORDS:
        sentence = " ".join(words[:MAX_WORDS]).rstrip(",;") + "…"
    return sentence[:1].upper() + sentence[1:] if sentence else ""


def _item(text: str) -> str:
    return f"- {text}" + ("" if text.endswith(("…", ".", "!", "?")) else ".")


def draft_section(priority: Priority) -> tuple[str, str]:
    """A heading and a few short lines for one priority: a first draft for a person to rewrite."""
    heading = plain(priority.title) or priority.title
    wants = [plain(c.text) for c in priority.success_criteria.all()[:3]] or [
        plain(a.text) for a in priority.ambitions.all()[:3]
    ]
    doing = []
    for action in priority.actions.order_by("order")[:2]:
        intro, steps = split_steps(action.text)
        doing.append(plain(steps[0] if steps and not intro else intro or action.text))
    lines = [f"This part of our plan is called \u2018{heading}\u2019."]
    if wants:
        lines.append("We want:")
        lines += [_item(w) for w in wants if w]
    if doing:
        lines.append("What we will do:")
        lines += [_item(d) for d in doing if d]
    lines.append("We will check how we are doing and tell you what has changed.")
    return heading, "\n".join(lines)


@transaction.atomic
def young_people_draft_generate(*, user: Any, plan: Plan) -> YoungPeoplePlan:
    """Make the first draft from the plan. Refuses if one exists: it would overwrite people's edits."""
    if not rules.can_edit_young_people(user, plan):
        raise ReportError("Only the performance team can write the children and young people's version.")
    if YoungPeoplePlan.objects.filter(plan=plan).exists():
        raise ReportError("A children and young people's version already exists. Edit it instead.")
    young = YoungPeoplePlan.objects.create(
        plan=plan,
        title=f"Our plan for children and young people in {plan.authority.name}",
        introduction=(
            f"This is our plan to make things better for children and young people in "
            f"{plan.authority.name}. It says what we want to change and what we will do. "
            "You helped us write it, and we will keep listening to you."
        ),
    )
    priorities = plan.priorities.prefetch_related("success_criteria", "ambitions").order_by("order")
    for order, priority in enumerate(priorities, start=1):
        heading, text = draft_section(priority)
        YoungPeopleSection.objects.create(
            young_plan=young,
            priority=priority,
            order=order,
            heading=heading[:200],
            text=text,
            updated_by=user if getattr(user, "pk", None) else None,
        )
    audit_record(
        actor=user,
        verb="young_people.drafted",
        obj=young,
        authority=plan.authority,
        after={"sections": young.sections.count()},
    )
    return young


def _back_to_draft(young: YoungPeoplePlan) -> dict[str, Any]:
    """An edit after approval returns the version to draft: children read only what was approved."""
    changes: dict[str, Any] = {"version": young.version + 1}
    if young.status == YoungPeoplePlan.Status.APPROVED:
        changes.update(status=YoungPeoplePlan.Status.DRAFT, approved_by=None, approved_at=None)
    return changes


@transaction.atomic
def young_people_section_update(
    *, user: Any, section: YoungPeopleSection, heading: str, text: str, version: int
) -> YoungPeopleSection:
    """Save an edited section, if nobody else saved it since it was loaded (else ``EditConflict``)."""
    young = YoungPeoplePlan.objects.select_for_update().get(pk=section.young_plan_id)
    if not rules.can_edit_young_people(user, young.plan):
        raise ReportError("Only the performance team can edit the children and young people's version.")
    current = YoungPeopleSection.objects.select_for_update().get(pk=section.pk)
    if current.version != version:
        raise EditConflict(
            "Someone else saved this section while you were editing it. Their version is shown "
            "below; copy in your changes and save again."
        )
    before = {"heading": current.heading, "text": current.text, "status": young.status}
    current.heading, current.text, current.version = heading.strip(), text.strip(), current.version + 1
    current.updated_by = user if getattr(user, "pk", None) else None
    current.save()
    YoungPeoplePlan.objects.filter(pk=young.pk).update(**_back_to_draft(young))
    after = {
        "heading": current.heading,
        "text": current.text,
        "reading_age": section_readability(current.heading, current.text).reading_age,
        "status": YoungPeoplePlan.Status.DRAFT,
    }
    audit_record(
        actor=user,
        verb="young_people.section_updated",
        obj=current,
        authority=young.plan.authority,
        before=before,
        after=after,
    )
    return current


@transaction.atomic
def young_people_approve(*, user: Any, young: YoungPeoplePlan, version: int) -> YoungPeoplePlan:
    locked = (
        YoungPeoplePlan.objects.select_for_update().select_related("plan", "plan__authority").get(pk=young.pk)
    )
    if not rules.can_approve_young_people(user, locked.plan):
        raise ReportError(
            "Only a performance lead or an approver can approve the children and young people's version."
        )
    if locked.version != version:
        raise EditConflict("The version changed while you were reading it. Read it again before approving.")
    if locked.status == YoungPeoplePlan.Status.APPROVED:
        raise ReportError("This version is already approved.")
    locked.status, locked.approved_by, locked.approved_at = (
        YoungPeoplePlan.Status.APPROVED,
        user,
        timezone.now(),
    )
    locked.version += 1
    locked.save()
    overall = overall_readability(locked)
    audit_record(
        actor=user,
        verb="young_people.approved",
        obj=locked,
        authority=locked.plan.authority,
        before={"status": "draft"},
        after={"status": "approved", "reading_age": overall.reading_age},
    )
    return locked


def overall_readability(young: YoungPeoplePlan) -> Any:
    return reading_age(
        " ".join([young.introduction, *(f"{s.heading}. {s.text}" for s in young.sections.all())])
    )


def _as_paragraphs(text: str) -> list[Any]:
    from clearsight.engine.reports.document import Bullets

    blocks: list[Any] = []
    bullets: list[str] = []
    for line in (x.strip() for x in text.splitlines()):
        if line.startswith(("- ", "• ")):
            bullets.append(line[2:])
            continue
        if bullets:
            blocks.append(Bullets(tuple(bullets)))
            bullets = []
        if line:
            blocks.append(Paragraph(line))
    if bullets:
        blocks.append(Bullets(tuple(bullets)))
    return blocks


def young_people_build(plan: Plan, meeting_date: date, *, user: Any = None, progress: Any = None) -> Report:
    """The children and young people's version as a report: the approved text, or the draft marked Draft."""
    young = (
        YoungPeoplePlan.objects.filter(plan=plan)
        .select_related("approved_by")
        .prefetch_related("sections")
        .first()
    )
    if young is None:
        raise ReportError(
            "There is no children and young people's version of this plan yet. "
            "Generate a draft from the plan first."
        )
    if progress:
        progress("Reading the children and young people's version", 1, 2)
    approved = young.status == YoungPeoplePlan.Status.APPROVED and young.approved_at is not None
    watermark = (
        f"Approved by {young.approved_by.display_name if young.approved_by else 'the council'} on "
        f"{timezone.localtime(young.approved_at):%-d %B %Y}"
        if approved
        else "Draft: not yet approved, not for sharing"
    )
    report = Report(
        kind=ReportKind.YOUNG_PEOPLE,
        title=young.title,
        authority=plan.authority.name,
        plan_title=str(plan),
        meeting_date=meeting_date,
        watermark=watermark,
        provisional=not approved,
        stamp="DRAFT",
        audience="For children and young people",
        cover=[("From", f"{plan.authority.name} Council"), ("Plan", str(plan))],
    )
    intro = Section("About this plan")
    intro.blocks.extend(_as_paragraphs(young.introduction))
    report.sections.append(intro)
    rows = []
    for section in young.sections.all():
        part = Section(section.heading)
        part.blocks.extend(_as_paragraphs(section.text))
        report.sections.append(part)
        rows.append((section.heading, section.text, section_readability(section.heading, section.text).reading_age))
    overall = overall_readability(young)
    if not approved:  # the editors' copy says how readable it is; the children's copy does not need to
        check = Section("Reading age check")
        check.add(Paragraph(f"Target: a reading age of {TARGET_READING_AGE} or below. {overall.verdict}"))
        check.add(
            Table(
                caption="Reading age of each section",
                header=("Section", "Reading age", "On target"),
                rows=tuple(
                    (
                        h,
                        f"{a:.1f}" if a is not None else "–",  # as the editor shows it
                        "Yes" if a is not None and a <= TARGET_READING_AGE else "No",
                    )
                    for h, _t, a in rows
                ),
                numeric=frozenset({1}),
            )
        )
        report.sections.append(check)
    report.sheets = [Sheet("Sections", ("Section", "Text", "Reading age"), tuple(rows))]
    report.number_anchors()
    if progress:
        progress("Report ready to draw", 2, 2)
    return report

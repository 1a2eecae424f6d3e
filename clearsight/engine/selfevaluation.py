"""The self-evaluation draft: for each priority, Ofsted's three questions — what do we know about
the quality and impact of practice, how do we know it, what will we do next — as a data object,
and a Word renderer (real headings and lists, so the team can edit it into their annual
self-evaluation). Built from the plan, its measures, audits, surveys, evidence and actions by
``governance.selfevaluation``; this module knows nothing of Django."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

QUESTIONS = (
    "What do we know about the quality and impact of social work practice?",
    "How do we know it?",
    "What are we going to do next?",
)


@dataclass(frozen=True)
class MeasureLine:
    name: str
    latest: str  # "72.0% (Q2 2026-27), Good", or "No figures yet"
    change: str = ""  # "up 3.0 points on the previous period"
    provisional: bool = False


@dataclass(frozen=True)
class AuditLine:
    domain: str
    figure: str  # "7 of 10 audited cases good or better (70%) in Q1 2026-27", or suppressed text


@dataclass(frozen=True)
class ActionLine:
    ref: str
    text: str
    lead: str
    due: str
    status: str


@dataclass(frozen=True)
class PrioritySection:
    heading: str
    ambitions: tuple[str, ...] = ()
    measures: tuple[MeasureLine, ...] = ()
    audits: tuple[AuditLine, ...] = ()
    findings: tuple[str, ...] = ()  # strengths and areas for development from audits
    sources: tuple[str, ...] = ()
    actions: tuple[ActionLine, ...] = ()


@dataclass(frozen=True)
class SelfEvaluation:
    authority: str
    plan: str
    prepared_on: date
    prepared_by: str
    sections: tuple[PrioritySection, ...]
    notes: tuple[str, ...] = field(default=())


def render_docx(evaluation: SelfEvaluation) -> bytes:
    """A Word document: a title, a note on how it was made, then per priority a Heading 1 and the
    three questions as Heading 2 with bullets beneath. Returns the .docx bytes."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = f"Self-evaluation draft: {evaluation.plan}"
    document.core_properties.author = evaluation.prepared_by
    document.add_heading(f"{evaluation.authority}: self-evaluation draft", level=0)
    intro = document.add_paragraph()
    intro.add_run(f"{evaluation.plan}. Prepared from Clearsight on {evaluation.prepared_on:%-d %B %Y} by "
                  f"{evaluation.prepared_by}. ").italic = True
    intro.add_run("A draft to edit: check every statement, add the story behind the figures, and remove "
                  "anything that could identify a child before sharing it.")
    for note in evaluation.notes:
        document.add_paragraph(note, style="List Bullet")

    def bullets(lines: list[str], empty: str) -> None:
        for line in lines or [empty]:
            document.add_paragraph(line, style="List Bullet")

    for section in evaluation.sections:
        document.add_heading(section.heading, level=1)
        if section.ambitions:
            paragraph = document.add_paragraph()
            paragraph.add_run("What good looks like: ").bold = True
            paragraph.add_run("; ".join(section.ambitions))
        document.add_heading(QUESTIONS[0], level=2)
        know = [f"{m.name}: {m.latest}{'; ' + m.change if m.change else ''}{' (provisional)' if m.provisional else ''}"
                for m in section.measures]
        know += [f"Case audits, {a.domain}: {a.figure}" for a in section.audits]
        know += list(section.findings)
        bullets(know, "No measures or audit findings are recorded for this priority yet.")
        document.add_heading(QUESTIONS[1], level=2)
        bullets(list(section.sources), "No sources recorded yet.")
        document.add_heading(QUESTIONS[2], level=2)
        bullets([f"{a.ref} {a.text} (lead: {a.lead or 'not named'}; due {a.due or 'not set'}; {a.status})"
                 for a in section.actions], "No open actions.")
    normal = document.styles["Normal"]
    normal.font.size = Pt(11)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

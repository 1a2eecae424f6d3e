"""The self-evaluation Word export, opened with python-docx: real headings, the three questions
per priority, and the lines under each."""

from __future__ import annotations

import io
from datetime import date

from docx import Document

from clearsight.engine.selfevaluation import (
    QUESTIONS,
    ActionLine,
    AuditLine,
    MeasureLine,
    PrioritySection,
    SelfEvaluation,
    render_docx,
)


def test_each_priority_gets_a_heading_and_the_three_questions() -> None:
    evaluation = SelfEvaluation(
        authority="Sefton", plan="Improvement Action Plan 2026-27", prepared_on=date(2026, 11, 24),
        prepared_by="Sarah Hodgson",
        sections=(
            PrioritySection(
                heading="1.1 Assessment and Planning", ambitions=("Assessments are timely",),
                measures=(MeasureLine("Assessments in 45 days", "81.0% (Oct 2026), Good", "up 2.0 points"),),
                audits=(AuditLine("Quality of assessment", "7 of 10 audited cases good or better (70%)"),),
                findings=("Strength: the child's lived experience is clear",),
                sources=("Monthly case audits (10 cases)",),
                actions=(ActionLine("1.1.1", "Train managers", "Vicky Buchanan", "31/12/2026", "In progress"),),
            ),
            PrioritySection(heading="2 Management oversight"),
        ),
    )
    document = Document(io.BytesIO(render_docx(evaluation)))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == ("Title", "Sefton: self-evaluation draft")
    assert ("Heading 1", "1.1 Assessment and Planning") in headings
    assert ("Heading 1", "2 Management oversight") in headings
    assert [text for style, text in headings if style == "Heading 2"] == list(QUESTIONS) * 2
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "Assessments in 45 days: 81.0% (Oct 2026), Good; up 2.0 points" in bullets
    assert "Case audits, Quality of assessment: 7 of 10 audited cases good or better (70%)" in bullets
    assert "1.1.1 Train managers (lead: Vicky Buchanan; due 31/12/2026; In progress)" in bullets
    assert "No open actions." in bullets  # the empty priority says so rather than leaving a gap
    assert document.core_properties.title == "Self-evaluation draft: Improvement Action Plan 2026-27"

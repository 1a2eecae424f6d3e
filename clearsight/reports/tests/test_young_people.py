"""The children and young people's version: drafted from the plan, edited with locking, approved."""

from __future__ import annotations

import io

import pytest
from docx import Document

from clearsight.audit.models import AuditEvent
from clearsight.conftest import make_user
from clearsight.engine.reports.document import Format, ReportKind
from clearsight.reports import young_people as yp
from clearsight.reports.builders import ReportRequest
from clearsight.reports.exceptions import EditConflict, ReportError
from clearsight.reports.models import YoungPeoplePlan
from clearsight.reports.services import report_generate
from clearsight.reports.tests.conftest import MEETING


def test_plain_swaps_plan_words_for_everyday_ones_and_keeps_it_short():
    assert yp.plain("Ensure practitioners utilise the voice of the child in order to improve outcomes") == (
        "Make sure workers use what children tell us to improve lives"
    )
    long = yp.plain(" ".join(["word"] * 40))
    assert len(long.split()) == yp.MAX_WORDS and long.endswith("…")


def test_a_draft_has_a_section_per_priority_and_is_audited(plan, lead):
    young = yp.young_people_draft_generate(user=lead, plan=plan)
    section = young.sections.get()
    assert section.heading == "Assessment and Planning"
    assert "What we will do:\n- Train managers." in section.text
    assert young.status == "draft"
    assert AuditEvent.objects.filter(verb="young_people.drafted", actor=lead).exists()
    with pytest.raises(ReportError, match="already exists"):
        yp.young_people_draft_generate(user=lead, plan=plan)


def test_only_the_performance_team_may_draft(plan, viewer):
    with pytest.raises(ReportError, match="Only the performance team"):
        yp.young_people_draft_generate(user=viewer, plan=plan)
    assert not YoungPeoplePlan.objects.exists()


def test_an_edit_on_a_stale_version_is_refused_and_nothing_changes(plan, lead):
    section = yp.young_people_draft_generate(user=lead, plan=plan).sections.get()
    yp.young_people_section_update(
        user=lead, section=section, heading="Getting help quickly", text="We will see you quickly.", version=1
    )
    with pytest.raises(EditConflict, match="Someone else saved this section"):
        yp.young_people_section_update(user=lead, section=section, heading="Mine", text="Mine.", version=1)
    section.refresh_from_db()
    assert (section.heading, section.version) == ("Getting help quickly", 2)
    event = AuditEvent.objects.get(verb="young_people.section_updated")
    assert (
        event.before["heading"] == "Assessment and Planning"
        and event.after["heading"] == "Getting help quickly"
    )


def test_an_approver_approves_and_a_later_edit_returns_it_to_draft(plan, lead, sefton):
    approver = make_user("approver@sefton.example", sefton, "approver")
    young = yp.young_people_draft_generate(user=lead, plan=plan)
    young = yp.young_people_approve(user=approver, young=young, version=young.version)
    assert young.status == "approved" and young.approved_by == approver
    assert AuditEvent.objects.get(verb="young_people.approved").after["status"] == "approved"
    section = young.sections.get()
    yp.young_people_section_update(user=lead, section=section, heading="New", text="New words.", version=1)
    young.refresh_from_db()
    assert young.status == "draft" and young.approved_by is None


def test_a_viewer_cannot_approve(plan, lead, viewer):
    young = yp.young_people_draft_generate(user=lead, plan=plan)
    with pytest.raises(ReportError, match="performance lead or an approver"):
        yp.young_people_approve(user=viewer, young=young, version=young.version)


def test_the_draft_document_is_marked_draft_and_shows_reading_ages(plan, lead):
    yp.young_people_draft_generate(user=lead, plan=plan)
    generated = report_generate(
        user=lead, fmt=Format.DOCX, request=ReportRequest(ReportKind.YOUNG_PEOPLE, plan, MEETING, user=lead)
    )
    document = Document(io.BytesIO(generated.content))
    assert document.sections[0].header.paragraphs[0].text == "Draft: not yet approved, not for sharing"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Contents", "About this plan", "Assessment and Planning", "Reading age check"]


def test_board_members_cannot_download_an_unapproved_version(plan, lead, board):
    from django.core.exceptions import PermissionDenied

    yp.young_people_draft_generate(user=lead, plan=plan)
    with pytest.raises(PermissionDenied, match="not been approved"):
        report_generate(
            user=board,
            fmt=Format.PDF,
            request=ReportRequest(ReportKind.YOUNG_PEOPLE, plan, MEETING, user=board),
        )


def test_the_draft_and_the_editor_give_a_section_the_same_reading_age(plan, lead):
    from clearsight.reports.presenters import section_checks

    young = yp.young_people_draft_generate(user=lead, plan=plan)
    generated = report_generate(
        user=lead, fmt=Format.DOCX, request=ReportRequest(ReportKind.YOUNG_PEOPLE, plan, MEETING, user=lead)
    )
    table = next(t for t in Document(io.BytesIO(generated.content)).tables
                 if t.rows[0].cells[0].text == "Section" and t.rows[0].cells[1].text == "Reading age")
    in_document = {row.cells[0].text: row.cells[1].text for row in table.rows[1:]}
    in_editor = {c.section.heading: f"{c.readability.reading_age:.1f}" for c in section_checks(list(young.sections.all()))}
    assert in_document == in_editor and in_document

"""Quality assurance, evidence and self-evaluation pages: who reads, who edits, other
authorities, files stored safely, and the Word draft opened with python-docx."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from clearsight.engine.audits import Grade


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def case_audit(lead, programme):
    from clearsight.governance import services
    from clearsight.governance.services.quality import FindingInput

    return services.case_audit_record(
        user=lead, programme=programme, child="C-00000000AB", audited_on=date(2026, 5, 1),
        grades={"assessment": Grade.GOOD}, overall=Grade.GOOD,
        findings=[FindingInput("development", "Record the child's wishes")])


@pytest.fixture
def link(lead, plan):
    from clearsight.governance import services

    return services.evidence_link_add(user=lead, plan=plan, title="Practice week report",
                                      url="https://intranet.example/practice-week", priorities=plan.priorities.all())


def test_readers_see_quality_and_evidence_but_not_case_audits(viewer, plan, programme, case_audit, link):
    client = client_for(viewer)
    for url in [reverse("quality", args=[plan.pk]), reverse("audit-programme", args=[plan.pk, programme.pk]),
                reverse("evidence", args=[plan.pk])]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "C-00000000AB" not in response.content.decode(), url
    assert client.get(reverse("case-audit", args=[plan.pk, case_audit.pk])).status_code == 403
    assert client.get(reverse("case-audit-new", args=[plan.pk, programme.pk])).status_code == 403
    assert client.get(reverse("self-evaluation", args=[plan.pk])).status_code == 200
    assert client.get(reverse("self-evaluation-docx", args=[plan.pk])).status_code == 200


def test_board_members_cannot_read_the_self_evaluation_draft(board, plan):
    client = client_for(board)
    assert client.get(reverse("self-evaluation", args=[plan.pk])).status_code == 403
    assert client.get(reverse("self-evaluation-docx", args=[plan.pk])).status_code == 403


@pytest.mark.parametrize("persona", ["lead", "manager"])
def test_auditors_see_case_audits(request, persona, plan, programme, case_audit):
    client = client_for(request.getfixturevalue(persona))
    assert "C-00000000AB" in client.get(reverse("audit-programme", args=[plan.pk, programme.pk])).content.decode()
    assert client.get(reverse("case-audit", args=[plan.pk, case_audit.pk])).status_code == 200
    assert client.get(reverse("case-audit-new", args=[plan.pk, programme.pk])).status_code == 200


def test_other_authorities_get_404_everywhere(outsider, plan, programme, case_audit, link):
    client = client_for(outsider)
    for url in [reverse("quality", args=[plan.pk]), reverse("audit-programme", args=[plan.pk, programme.pk]),
                reverse("case-audit", args=[plan.pk, case_audit.pk]), reverse("evidence", args=[plan.pk]),
                reverse("self-evaluation", args=[plan.pk]), reverse("self-evaluation-docx", args=[plan.pk])]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("evidence-add", args=[plan.pk]), {"title": "x", "url": "https://x.example"}
                       ).status_code == 404


def test_every_page_needs_sign_in(plan, programme, case_audit, link):
    for url in [reverse("quality", args=[plan.pk]), reverse("case-audit", args=[plan.pk, case_audit.pk]),
                reverse("evidence", args=[plan.pk]), reverse("self-evaluation-docx", args=[plan.pk])]:
        assert client_for().get(url)["Location"].startswith("/sign-in/"), url


def test_board_members_see_audit_figures_only_once_published_on_the_scorecard(board, lead, plan, programme,
                                                                              case_audit):
    page = client_for(board).get(reverse("quality", args=[plan.pk])).content.decode()
    assert "once their month's data release is approved and published" in page
    assert "1 of 1" not in page and "100%" not in page
    assert "1 of 1" in client_for(lead).get(reverse("quality", args=[plan.pk])).content.decode()


def test_small_audit_counts_can_be_suppressed_by_the_presenter():
    from clearsight.engine.audits import DomainFigure
    from clearsight.governance.presenters import audit_cell

    assert audit_cell(DomainFigure("a", 3, 4), suppress_small=True).text == "Fewer than 5 audits: not shown"
    assert audit_cell(DomainFigure("a", 3, 4), suppress_small=False).percentage == "75%"
    assert audit_cell(DomainFigure("a", 0, 0), suppress_small=False).text == "No audits graded this"


def test_an_auditor_records_an_audit_through_the_form(manager, plan, programme):
    from clearsight.governance.models import CaseAudit

    response = client_for(manager).post(reverse("case-audit-new", args=[plan.pk, programme.pk]), {
        "child": "C-0123456789", "on_day": "2", "on_month": "6", "on_year": "2026",
        "grade_assessment": "good", "grade_planning": "inadequate", "grade_pathway_plans": "n/a",
        "overall": "requires_improvement", "strengths": "Good analysis\n", "developments": "Plan drift\nNo chronology",
        "complete": "yes"})
    assert response.status_code == 302
    made = CaseAudit.objects.get()
    assert made.overall == "requires_improvement" and made.findings.count() == 3
    assert {g.domain.key: g.grade for g in made.grades.all()}["pathway_plans"] == ""


def test_a_bad_audit_form_names_each_problem_and_saves_nothing(lead, plan, programme):
    from clearsight.governance.models import CaseAudit

    response = client_for(lead).post(reverse("case-audit-new", args=[plan.pk, programme.pk]), {
        "child": "Jane Smith", "on_day": "2", "on_month": "6", "on_year": "2025", "complete": "yes"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Grade quality of assessment, or choose Not applicable." in page
    assert "pseudonymised ID as Clearsight shows it" in page
    assert "within the programme" in page
    assert not CaseAudit.objects.exists()


def test_the_lead_records_audit_measures_and_a_survey_through_the_pages(lead, plan, programme, case_audit,
                                                                         survey_measure, audit_measure):
    from clearsight.performance.models import MeasureValue

    client = client_for(lead)
    assert client.post(reverse("audit-measures-record", args=[plan.pk]), {"quarter": "2026-06-30"}).status_code == 302
    figure = MeasureValue.objects.get(measure=audit_measure)
    assert (figure.numerator, figure.denominator, figure.period_start) == (1, 1, date(2026, 4, 1))
    assert client.post(reverse("audit-measures-record", args=[plan.pk]), {"quarter": "2019-06-30"}).status_code == 400
    response = client.post(reverse("survey-record", args=[plan.pk]), {
        "measure": survey_measure.pk, "survey": "Supervision survey", "respondents": "40", "positive": "30",
        "on_day": "31", "on_month": "3", "on_year": "2027"})
    assert response.status_code == 302
    assert MeasureValue.objects.filter(measure=survey_measure).get().value == 75


def test_evidence_files_are_checked_kept_by_checksum_and_downloaded_by_readers(lead, viewer, plan, settings):
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    from clearsight.governance.models import EvidenceItem

    client = client_for(lead)
    refused = client.post(reverse("evidence-add", args=[plan.pk]), {
        "title": "Fake", "file": SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf")})
    assert refused.status_code == 400 and "not a real PDF" in refused.content.decode()
    assert not EvidenceItem.objects.exists()
    pdf = b"%PDF-1.7\n% audit report\n"
    response = client.post(reverse("evidence-add", args=[plan.pk]), {
        "title": "Audit report", "file": SimpleUploadedFile("../../Audit report.pdf", pdf),
        "priorities": [plan.priorities.get().pk]})
    assert response.status_code == 302
    item = EvidenceItem.objects.get()
    assert item.filename == "Audit report.pdf" and item.stored_path.startswith("evidence/E08000014/")
    assert (Path(settings.MEDIA_ROOT) / item.stored_path).read_bytes() == pdf
    download = client_for(viewer).get(reverse("evidence-download", args=[plan.pk, item.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == pdf
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    filtered = client.get(reverse("evidence", args=[plan.pk]) + "?priority=1.1").content.decode()
    assert "Audit report" in filtered


def test_evidence_needs_a_file_or_a_link_not_both(lead, plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    both = client_for(lead).post(reverse("evidence-add", args=[plan.pk]), {
        "title": "x", "url": "https://x.example", "file": SimpleUploadedFile("a.txt", b"hello")})
    assert both.status_code == 400 and "one, not both" in both.content.decode()
    viewer_post = client_for(lead)
    assert viewer_post.post(reverse("evidence-add", args=[plan.pk]), {"title": "x"}).status_code == 400


def test_readers_cannot_add_evidence(viewer, board, plan):
    for user in (viewer, board):
        assert client_for(user).post(reverse("evidence-add", args=[plan.pk]),
                                     {"title": "x", "url": "https://x.example"}).status_code == 403


def test_the_self_evaluation_downloads_as_a_word_document_with_the_three_questions(
    lead, plan, programme, case_audit, link, audit_measure
):
    from docx import Document

    from clearsight.engine.selfevaluation import QUESTIONS

    page = client_for(lead).get(reverse("self-evaluation", args=[plan.pk]))
    assert page.status_code == 200 and "Download the draft (Word)" in page.content.decode()
    response = client_for(lead).get(reverse("self-evaluation-docx", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="self-evaluation-sefton-')
    document = Document(io.BytesIO(response.content))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "1.1 Assessment and Planning") in headings
    assert [t for s, t in headings if s == "Heading 2"] == list(QUESTIONS)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Evidence library: Practice week report" in text
    assert "1.1.1 Train managers" in text and "1.1.3 Peer review" not in text  # completed actions are done
    assert audit_measure.name in text


def test_a_lead_configures_a_domain_and_links_it_to_an_audit_measure(lead, viewer, plan, audit_measure):
    from clearsight.governance.models import AuditDomain

    url = reverse("audit-domains", args=[plan.pk])
    assert client_for(viewer).get(url).status_code == 403
    assert client_for(lead).get(url).status_code == 200  # creates the usual domains on first use
    assert AuditDomain.objects.filter(authority=plan.authority).count() == 14
    response = client_for(lead).post(url, {"key": "voice_of_the_child", "name": "Voice of the child is heard",
                                           "measure": audit_measure.pk, "is_active": "yes"})
    assert response.status_code == 302
    domain = AuditDomain.objects.get(authority=plan.authority, key="voice_of_the_child")
    assert domain.name == "Voice of the child is heard" and domain.measure == audit_measure
    bad = client_for(lead).post(url, {"key": "Bad key!", "name": "", "is_active": "yes"})
    assert bad.status_code == 400 and "Enter the domain&#x27;s name." in bad.content.decode()


def test_a_programme_ending_before_it_starts_keeps_both_dates_and_says_so_by_the_end_date(lead, plan):
    from clearsight.governance.models import AuditProgramme

    response = client_for(lead).post(reverse("audit-programme-create", args=[plan.pk]), {
        "name": "Neglect audit", "kind": "themed", "sample_size": 10,
        "on_day": 1, "on_month": 6, "on_year": 2026, "end_day": 31, "end_month": 3, "end_year": 2026,
    })
    body = response.content.decode()
    assert response.status_code == 400 and not AuditProgramme.objects.filter(name="Neglect audit").exists()
    end_box = body[body.index('name="end_day"') - 400:body.index('name="end_year"') + 200]
    assert 'value="31"' in end_box and 'value="2026"' in end_box and 'govuk-input--error' in end_box
    error = body.index("The end date must be on or after the start date.", body.index("End date</legend>"))
    assert error < body.index('name="end_day"')  # beside the end date, not only in the summary

"""Report pages through the HTTP client: who may ask, the progress page, audited downloads."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from clearsight.audit.models import AuditEvent
from clearsight.reports import young_people as yp
from clearsight.reports.models import ReportRun


@pytest.fixture(autouse=True)
def _draw_in_the_request(settings):
    settings.CLEARSIGHT_REPORTS_IN_BACKGROUND = False


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def ask(user, plan, **fields):
    data = {"kind": "board-pack", "format": "xlsx", "on_day": 15, "on_month": 2, "on_year": 2027, **fields}
    return client_for(user).post(reverse("report-start", args=[plan.pk]), data)


def test_report_pages_need_sign_in_and_hide_other_authorities(plan, pack, outsider, lead):
    run = ReportRun.objects.get(pk=ask(lead, plan).url.rstrip("/").split("/")[-1])
    pages = [
        reverse("report-start", args=[plan.pk]),
        reverse("report-run", args=[run.pk]),
        reverse("report-download", args=[run.pk]),
        reverse("young-people", args=[plan.pk]),
    ]
    for url in pages:
        assert client_for().get(url).status_code == 302
        assert client_for(outsider).get(url).status_code == 404


def test_the_plan_page_offers_the_download(plan, viewer):
    body = client_for(viewer).get(reverse("plan-overview", args=[plan.pk])).content.decode()
    assert reverse("report-start", args=[plan.pk]) in body and "Download a board pack or report" in body


def test_a_board_member_downloads_a_pack_of_published_figures_and_the_download_is_audited(plan, pack, board):
    response = ask(board, plan)
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("report-run", args=[run.pk])
    page = client_for(board).get(response.url).content.decode()
    assert "Your report is ready" in page and "Approved release Sefton December 2026" in page
    download = client_for(board).get(reverse("report-download", args=[run.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="sefton-board-pack-2027-02-15.xlsx"'
    about = load_workbook(io.BytesIO(download.content))["About"]
    assert any(
        "Approved release Sefton December 2026" in str(c.value) for row in about.iter_rows() for c in row
    )
    event = AuditEvent.objects.get(verb="report.downloaded")
    assert event.actor == board and event.after["filename"] == "sefton-board-pack-2027-02-15.xlsx"


def test_someone_elses_run_is_not_found(plan, pack, lead, viewer):
    ask(lead, plan)
    run = ReportRun.objects.get()
    assert client_for(viewer).get(reverse("report-run", args=[run.pk])).status_code == 404
    assert client_for(viewer).get(reverse("report-download", args=[run.pk])).status_code == 404


def test_a_bad_date_is_refused_with_a_message(plan, pack, lead):
    response = ask(lead, plan, on_day=31, on_month=2)
    assert response.status_code == 400
    assert "The meeting date must be a real date." in response.content.decode()
    assert not ReportRun.objects.exists()


def test_a_waiting_run_refreshes_itself_and_says_how_far_it_has_got(plan, lead):
    run = ReportRun.objects.create(
        plan=plan,
        kind="board-pack",
        format="pdf",
        meeting_date="2027-02-15",
        requested_by=lead,
        status="running",
        step=3,
        steps=7,
        step_text="Exceptions",
    )
    body = client_for(lead).get(reverse("report-run", args=[run.pk])).content.decode()
    assert "reports/run.js" in body and 'http-equiv="refresh"' not in body  # no timed refresh (WCAG 2.2.1)
    assert "Generating your report" in body and "Step 3 of 7: Exceptions" in body
    status = client_for(lead).get(reverse("report-run-status", args=[run.pk])).json()
    assert status == {
        "status": "running",
        "step": 3,
        "steps": 7,
        "step_text": "Exceptions",
        "percent": 42,
        "finished": False,
    }


def test_a_failed_run_says_why(plan, pack, lead, settings):
    run = ReportRun.objects.create(
        plan=plan, kind="partner", format="pdf", meeting_date="2027-02-15", requested_by=lead
    )
    from clearsight.reports.services import report_run_execute

    report_run_execute(run.pk)
    run.refresh_from_db()
    assert run.status == "failed" and run.error == "Choose the partner agency the report is for."
    body = client_for(lead).get(reverse("report-run", args=[run.pk])).content.decode()
    assert "The report could not be made" in body and "Choose the partner agency" in body


def test_the_editor_shows_the_reading_age_and_saves_with_locking(plan, lead):
    young = yp.young_people_draft_generate(user=lead, plan=plan)
    section = young.sections.get()
    url = reverse("young-people-section", args=[plan.pk, section.pk])
    page = client_for(lead).get(url).content.decode()
    assert "Reading age about" in page
    response = client_for(lead).post(
        url,
        {
            "heading": "Help when you need it",
            "version": 1,
            "text": "We will help you fast. We will listen to you.",
        },
    )
    assert response.status_code == 302
    stale = client_for(lead).post(url, {"heading": "Old", "text": "Old text.", "version": 1})
    assert stale.status_code == 400 and "Someone else saved this section" in stale.content.decode()
    overview = client_for(lead).get(reverse("young-people", args=[plan.pk])).content.decode()
    assert "Help when you need it" in overview and "On target" in overview


def test_viewers_cannot_edit_or_see_the_draft(plan, lead, viewer):
    young = yp.young_people_draft_generate(user=lead, plan=plan)
    section = young.sections.get()
    assert (
        client_for(viewer).get(reverse("young-people-section", args=[plan.pk, section.pk])).status_code == 404
    )
    page = client_for(viewer).get(reverse("young-people", args=[plan.pk])).content.decode()
    assert "has not been approved yet" in page and section.heading not in page


def test_a_scrutiny_report_from_an_unpublished_release_is_refused_at_the_field(plan, pack, lead):
    from clearsight.performance.models import DataRelease

    draft = DataRelease.objects.filter(authority=plan.authority).exclude(status="published").first()
    response = ask(lead, plan, kind="scrutiny", release=draft.pk)
    body = response.content.decode()
    assert response.status_code == 400 and not ReportRun.objects.exists()
    assert "Scrutiny and partner reports use published figures only" in body
    assert ask(lead, plan, kind="board-pack", release=draft.pk).status_code == 302  # the team's own pack may

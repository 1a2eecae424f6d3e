"""A run started from the web is drawn in a thread, its progress saved as it goes."""

from __future__ import annotations

import time
from datetime import date

import pytest

from clearsight.engine.reports.document import Format, ReportKind
from clearsight.reports.models import ReportRun
from clearsight.reports.services import report_run_start


@pytest.mark.django_db(transaction=True)
def test_a_run_in_the_background_finishes_with_its_file(plan, lead, settings):
    settings.CLEARSIGHT_REPORTS_IN_BACKGROUND = True
    run = report_run_start(
        user=lead, plan=plan, kind=ReportKind.BOARD_PACK, fmt=Format.XLSX, meeting_date=date(2027, 2, 15)
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.is_finished:
            break
        time.sleep(0.2)
    assert run.status == ReportRun.Status.DONE, run.error
    assert run.filename == "sefton-board-pack-2027-02-15.xlsx" and bytes(run.content)[:2] == b"PK"
    assert run.watermark.startswith("Provisional") and run.percent == 100


def test_files_are_kept_for_a_day_then_cleared_when_the_next_report_is_asked_for(plan, lead, settings, db):
    from datetime import timedelta

    from django.utils import timezone

    from clearsight.reports.exceptions import ReportError
    from clearsight.reports.services import report_run_download

    settings.CLEARSIGHT_REPORTS_IN_BACKGROUND = False
    old = report_run_start(user=lead, plan=plan, kind=ReportKind.BOARD_PACK, fmt=Format.XLSX,
                           meeting_date=date(2027, 2, 15))
    assert report_run_download(user=lead, run=old)[0][:2] == b"PK"
    ReportRun.objects.filter(pk=old.pk).update(requested_at=timezone.now() - timedelta(days=1, minutes=1))
    old.refresh_from_db()
    with pytest.raises(ReportError, match="more than a day old"):
        report_run_download(user=lead, run=old)
    report_run_start(user=lead, plan=plan, kind=ReportKind.BOARD_PACK, fmt=Format.DOCX, meeting_date=date(2027, 2, 15))
    old.refresh_from_db()
    assert old.content is None and ReportRun.objects.exclude(content=None).count() == 1

"""Writes for reports: generating a report (audited), running it in the background for the web,
and recording each download.

A run's progress is saved as it goes, so the page that waits for it can say how far it has got.
The web starts the run in a thread (``CLEARSIGHT_REPORTS_IN_BACKGROUND``, on by default); tests
and the command line draw it in the same thread. A run that dies part-way is marked failed with
the reason, never left "running".
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import OperationalError, close_old_connections, transaction
from django.utils import timezone
from django.utils.text import slugify

from clearsight.audit.services import audit_download, audit_record
from clearsight.engine.reports.document import Format, Report, ReportKind
from clearsight.organisations.roles import Permission
from clearsight.organisations.selectors import can
from clearsight.plans.models import Plan
from clearsight.reports import rules
from clearsight.reports.builders import Progress, ReportRequest, report_build
from clearsight.reports.exceptions import ReportError
from clearsight.reports.models import ReportRun
from clearsight.reports.renderers import render
from clearsight.reports.young_people import young_people_build

log = logging.getLogger(__name__)
KEEP_RUNS_FOR = timedelta(days=1)


@dataclass
class Generated:
    report: Report
    content: bytes
    filename: str
    seconds: float
    build_seconds: float
    render_seconds: float


def _quiet(_text: str, _step: int, _steps: int) -> None:
    return None


def report_filename(plan: Plan, kind: ReportKind, meeting_date: date, fmt: Format, agency: str = "") -> str:
    parts = [
        slugify(plan.authority.name),
        kind.value,
        slugify(agency) if agency else "",
        meeting_date.isoformat(),
    ]
    return "-".join(p for p in parts if p) + f".{fmt.value}"


def report_object(request: ReportRequest, progress: Progress = _quiet) -> Report:
    rules.require_report(request.user, request.plan, request.kind)
    if request.kind is ReportKind.YOUNG_PEOPLE:
        return young_people_build(request.plan, request.meeting_date, user=request.user, progress=progress)
    return report_build(request, progress)


def report_generate(
    *, user: Any, request: ReportRequest, fmt: Format, progress: Progress = _quiet, note: str = ""
) -> Generated:
    """Build and draw a report, and record in the audit log that it was made and by whom."""
    started = time.perf_counter()
    report = report_object(request, progress)
    built = time.perf_counter()
    progress(f"Drawing the {fmt.value.upper()}", 0, 0)
    content = render(report, fmt)
    done = time.perf_counter()
    agency = report.title.removeprefix("Partner report: ") if request.kind is ReportKind.PARTNER else ""
    filename = report_filename(request.plan, request.kind, request.meeting_date, fmt, agency)
    audit_record(
        actor=user,
        verb="report.generated",
        obj=request.plan,
        authority=request.plan.authority,
        after={
            "kind": request.kind.value,
            "format": fmt.value,
            "meeting_date": request.meeting_date.isoformat(),
            "watermark": report.watermark,
            "filename": filename,
            "bytes": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
        },
        note=note,
    )
    return Generated(report, content, filename, done - started, built - started, done - built)


# --- runs for the web --------------------------------------------------------------------------


def report_run_start(
    *,
    user: Any,
    plan: Plan,
    kind: ReportKind,
    fmt: Format,
    meeting_date: date,
    release_id: int | None = None,
    since: date | None = None,
    agency_id: int | None = None,
) -> ReportRun:
    """Check the request, record it, and start drawing it (in a thread unless configured not to)."""
    rules.require_report(user, plan, kind)
    report_runs_prune()  # files are kept for a day: clear older ones whenever someone asks for a new one
    with transaction.atomic():
        run = ReportRun.objects.create(
            plan=plan,
            kind=kind.value,
            format=fmt.value,
            meeting_date=meeting_date,
            since=since,
            release_id=release_id,
            agency_id=agency_id,
            requested_by=user,
        )
        audit_record(
            actor=user,
            verb="report.requested",
            obj=run,
            authority=plan.authority,
            after={"kind": kind.value, "format": fmt.value, "meeting_date": meeting_date.isoformat()},
        )
    if getattr(settings, "CLEARSIGHT_REPORTS_IN_BACKGROUND", True):
        transaction.on_commit(lambda: _start_thread(run.pk))
    else:
        report_run_execute(run.pk)
        run.refresh_from_db()
    return run


def _start_thread(run_id: int) -> None:
    thread = threading.Thread(
        target=_execute_in_thread, args=(run_id,), name=f"report-run-{run_id}", daemon=True
    )
    thread.start()


def _execute_in_thread(run_id: int) -> None:
    try:
        report_run_execute(run_id)
    finally:
        close_old_connections()


def _save_run(run_id: int, *, required: bool = True, **fields: Any) -> None:
    """Update a run's row from the drawing thread, waiting out a moment's lock: SQLite lets one
    writer in at a time, and the progress page reads the same row. A progress line that still
    cannot be saved is skipped (``required=False``): it must not fail the report."""
    for attempt in range(5):
        try:
            ReportRun.objects.filter(pk=run_id).update(**fields)
            return
        except OperationalError:
            if attempt == 4:
                if required:
                    raise
                log.warning("Report run %s: progress not saved (database busy)", run_id)
                return
            time.sleep(0.05 * 2**attempt)


def report_run_execute(run_id: int) -> None:
    """Draw a run's report, saving progress as it goes; mark it failed (with the reason) on error."""
    run = ReportRun.objects.select_related("plan", "plan__authority", "requested_by").get(pk=run_id)
    if run.status != ReportRun.Status.QUEUED:
        return
    _save_run(run.pk, status=ReportRun.Status.RUNNING, step_text="Starting")

    def progress(text: str, step: int, steps: int) -> None:
        fields: dict[str, Any] = {"step_text": text[:200]}
        if steps:
            fields.update(step=step, steps=steps + 1)  # the last step is drawing the file
        _save_run(run.pk, required=False, **fields)

    request = ReportRequest(
        kind=ReportKind(run.kind),
        plan=run.plan,
        meeting_date=run.meeting_date,
        user=run.requested_by,
        release_id=run.release_id,
        since=run.since,
        agency_id=run.agency_id,
    )
    try:
        generated = report_generate(
            user=run.requested_by,
            request=request,
            fmt=Format(run.format),
            progress=progress,
            note=f"Report run {run.pk}",
        )
    except ReportError as error:
        _save_run(run.pk, status=ReportRun.Status.FAILED, error=str(error), finished_at=timezone.now())
        return
    except Exception as error:  # a failed render must not leave the page waiting for ever
        log.exception("Report run %s failed", run.pk)
        _save_run(
            run.pk,
            status=ReportRun.Status.FAILED,
            finished_at=timezone.now(),
            error=f"The report could not be drawn ({type(error).__name__}). The performance team has the details.",
        )
        return
    _save_run(
        run.pk,
        status=ReportRun.Status.DONE,
        content=generated.content,
        filename=generated.filename,
        watermark=generated.report.watermark[:300],
        seconds=round(generated.seconds, 2),
        finished_at=timezone.now(),
        step=1,
        steps=1,
        step_text="Ready",
    )


def report_run_download(*, user: Any, run: ReportRun) -> tuple[bytes, str, str]:
    """The file of a finished run, with its name and type; the download is audited."""
    if run.status != ReportRun.Status.DONE:
        raise ReportError("This report is not ready yet.")
    if run.content is not None and run.requested_at < timezone.now() - KEEP_RUNS_FOR:
        report_runs_prune()
        run.content = None
    if run.content is None:
        raise ReportError("This file is more than a day old and has been cleared. Generate the report again.")
    if not can(user, run.plan.authority_id, Permission.VIEW_PLAN):
        raise ReportError("You no longer have access to this plan.")
    audit_download(
        user=user, authority=run.plan.authority, report=ReportKind(run.kind).label, file_format=run.format,
        obj=run.plan, filename=run.filename,
        detail={"run": run.pk, "meeting_date": run.meeting_date.isoformat(), "watermark": run.watermark,
                "bytes": len(run.content)},
    )
    return bytes(run.content), run.filename, Format(run.format).content_type


def report_runs_prune(*, now: Any = None) -> int:
    """Forget the files of runs older than a day (the audit log keeps the record)."""
    cutoff = (now or timezone.now()) - KEEP_RUNS_FOR
    return ReportRun.objects.filter(requested_at__lt=cutoff).exclude(content=None).update(content=None)

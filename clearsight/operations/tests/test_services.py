"""Upload retention: kept files older than the setting go; records, rows and results stay; audited."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from clearsight.analytics.models import DataUpload
from clearsight.audit.models import AuditEvent
from clearsight.operations.services import uploads_purge


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


def _upload(authority, media: Path, name: str, days_old: int) -> DataUpload:
    relative = f"child-data/{authority.ons_code}/ab/{name}.csv"
    (media / relative).parent.mkdir(parents=True, exist_ok=True)
    (media / relative).write_text("CHILD,DOB\n")
    upload = DataUpload.objects.create(authority=authority, kind="903", collection_year=2018, filename=f"{name}.csv",
                                       sha256=name.ljust(64, "0"), size=10, rows=1, stored_file=relative)
    DataUpload.objects.filter(pk=upload.pk).update(uploaded_at=timezone.now() - timedelta(days=days_old))
    return upload


def test_it_deletes_files_past_retention_and_keeps_their_records(sefton, media, settings,
                                                                 django_capture_on_commit_callbacks):
    settings.CLEARSIGHT_UPLOAD_RETENTION_DAYS = 30
    old, recent = _upload(sefton, media, "old", 45), _upload(sefton, media, "recent", 5)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = uploads_purge(actor=None, now=timezone.now())
    assert [u.pk for u in outcome.purged] == [old.pk]
    assert not (media / old.stored_file).exists() and (media / recent.stored_file).exists()
    old.refresh_from_db()
    assert old.file_purged_at is not None and old.rows == 1  # the record stays
    event = AuditEvent.objects.get(verb="uploads.purged")
    assert event.after == {"retention_days": 30, "files": ["old.csv"], "upload_ids": [old.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        assert uploads_purge(actor=None, now=timezone.now()).purged == []  # not counted twice


def test_a_dry_run_lists_and_deletes_nothing(sefton, media, capsys):
    old = _upload(sefton, media, "old", 400)
    call_command("purge-uploads", "--dry-run", "--days", "365")
    out = capsys.readouterr().out
    assert "Would delete 1 upload file(s) older than 365 days" in out and "old.csv" in out
    assert (media / old.stored_file).exists() and not AuditEvent.objects.filter(verb="uploads.purged").exists()


def test_zero_days_keeps_everything(sefton, media, settings):
    settings.CLEARSIGHT_UPLOAD_RETENTION_DAYS = 0
    _upload(sefton, media, "ancient", 4000)
    assert uploads_purge(actor=None, now=timezone.now()).purged == []


def test_a_file_no_record_names_goes_after_a_day(sefton, media, django_capture_on_commit_callbacks):
    import os
    import time

    stray = media / "child-data" / sefton.ons_code / "cd" / "stray.csv"
    stray.parent.mkdir(parents=True)
    stray.write_text("x")
    fresh = stray.with_name("fresh.csv")
    fresh.write_text("x")
    os.utime(stray, (time.time() - 2 * 86400,) * 2)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = uploads_purge(actor=None, now=timezone.now())
    assert outcome.orphans == [stray] and not stray.exists() and fresh.exists()

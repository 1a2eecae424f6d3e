"""Each authority's child-level data lives in one DuckDB file under CLEARSIGHT_ANALYTICS_DIR.

Writes are copy-on-write, and the database decides which copy is current. A load copies the
current file to a new one, loads into the new file, and then — inside the same database
transaction as the upload records — points the authority's ``AnalyticsStore`` row at it. The
database commit is the one moment the load takes effect, for the rows in Django and the
child-level rows alike: a load that fails or is killed (even by SIGKILL) at any point before the
commit leaves the database pointing at the previous file, which nothing ever modifies.

Superseded and abandoned files are kept for CLEARSIGHT_STORE_GRACE_SECONDS (readers that opened
them just before the switch, and a backup that read the pointer, can still finish) and removed by
the next load of that authority.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
from django.conf import settings
from django.db import transaction

from clearsight.core.faults import fault_point
from clearsight.engine.childdata.schema import create_schema
from clearsight.organisations.models import Authority


def store_dir() -> Path:
    path = Path(settings.CLEARSIGHT_ANALYTICS_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _legacy_path(authority: Authority) -> Path:
    """Where stores lived before the database pointed at them (still read if nothing else is)."""
    return store_dir() / f"{authority.ons_code}.duckdb"


def store_path(authority: Authority) -> Path:
    """The file holding the authority's current child-level rows (it may not exist yet)."""
    from clearsight.analytics.models import AnalyticsStore

    name = AnalyticsStore.objects.filter(authority=authority).values_list("filename", flat=True).first()
    return store_dir() / name if name else _legacy_path(authority)


def store_version(authority: Authority) -> str:
    """A fingerprint of the store's contents (its uploads), to tell which data results came from."""
    path = store_path(authority)
    if not path.exists():
        return ""
    with read_store(authority) as con:
        ids = [row[0] for row in con.execute("SELECT upload_id FROM uploads ORDER BY upload_id").fetchall()]
    return hashlib.sha256("\n".join(ids).encode()).hexdigest()


@contextmanager
def read_store(authority: Authority) -> Iterator[Any]:
    """A read-only connection to the current store (an empty in-memory one if nothing is loaded)."""
    con = None
    for _ in range(3):  # a load may switch files between reading the pointer and opening the file
        path = store_path(authority)
        if not path.exists():
            break
        try:
            con = duckdb.connect(str(path), read_only=True)
            break
        except duckdb.IOException:
            if path.exists():
                raise
    if con is None:
        con = duckdb.connect()
        create_schema(con)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def write_store(authority: Authority) -> Iterator[Any]:
    """A connection to a new copy of the store, which becomes current when the caller's database
    transaction commits. Must be used inside ``transaction.atomic()``; loads of one authority
    queue behind each other (the pointer row is locked), so none overwrites another's rows."""
    from clearsight.analytics.models import AnalyticsStore

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("write_store must be used inside transaction.atomic(): the commit switches the store.")
    AnalyticsStore.objects.get_or_create(authority=authority, defaults={"filename": ""})
    pointer = AnalyticsStore.objects.select_for_update().get(authority=authority)
    current = store_dir() / pointer.filename if pointer.filename else _legacy_path(authority)
    _remove_stale(authority, keep={current})
    working = store_dir() / f"{authority.ons_code}.{uuid.uuid4().hex[:16]}.duckdb"
    if current.exists():
        shutil.copyfile(current, working)
    con = duckdb.connect(str(working))
    try:
        create_schema(con)
        yield con
        con.execute("CHECKPOINT")
        con.close()
        _fsync(working)
        pointer.filename = working.name
        pointer.save(update_fields=["filename", "replaced_at"])
        fault_point("store.switched_before_commit")
        if current.exists():
            os.utime(current)  # superseded now: the grace period starts from here
    except BaseException:
        con.close()
        working.unlink(missing_ok=True)
        raise


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _remove_stale(authority: Authority, *, keep: set[Path]) -> None:
    """Delete this authority's superseded or abandoned store files once their grace period is over."""
    grace = getattr(settings, "CLEARSIGHT_STORE_GRACE_SECONDS", 3600)
    cutoff = time.time() - grace
    for path in store_dir().glob(f"{authority.ons_code}.*duckdb*"):
        if any(path.name.startswith(kept.name) for kept in keep):  # the file, or its .wal
            continue
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            continue

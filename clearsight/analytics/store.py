"""Each authority's child-level data lives in one DuckDB file under CLEARSIGHT_DATA_DIR/analytics/.

Writes are copy-on-write: a load copies the current file, loads into the copy, and only when
everything has succeeded replaces the current file in one atomic rename. Readers (the web app)
open the current file read-only, so they never see a half-finished load, and a load that dies
part-way (even by SIGKILL) leaves the previous store exactly as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
from django.conf import settings

from clearsight.engine.childdata.schema import create_schema
from clearsight.organisations.models import Authority


def store_dir() -> Path:
    path = Path(settings.CLEARSIGHT_ANALYTICS_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_path(authority: Authority) -> Path:
    return store_dir() / f"{authority.ons_code}.duckdb"


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
    path = store_path(authority)
    if not path.exists():
        con = duckdb.connect()
        create_schema(con)
    else:
        con = duckdb.connect(str(path), read_only=True)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def write_store(authority: Authority) -> Iterator[Any]:
    """A connection to a private copy of the store; it replaces the store only if the block succeeds."""
    path = store_path(authority)
    working = path.with_suffix(f".loading-{os.getpid()}.duckdb")
    working.unlink(missing_ok=True)
    if path.exists():
        shutil.copyfile(path, working)
    con = duckdb.connect(str(working))
    try:
        create_schema(con)
        yield con
        con.execute("CHECKPOINT")
        con.close()
        os.replace(working, path)  # atomic on POSIX: readers see the old file or the new, never half
    except BaseException:
        con.close()
        working.unlink(missing_ok=True)
        raise

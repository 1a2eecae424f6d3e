"""`clearsight backup PATH` and `clearsight restore PATH`: one archive holding a consistent
snapshot of the database, every authority's analytics store and the kept upload files.

Consistency without stopping the server: the database snapshot is taken first (SQLite's online
backup API; on PostgreSQL pg_dump inside an exported REPEATABLE READ snapshot) and the same
snapshot says which store file each authority's rows are in and which upload files exist. Store
files are never modified once written (a load writes a new file and switches the pointer in its
transaction; a superseded file stays for CLEARSIGHT_STORE_GRACE_SECONDS), so copying the files the
snapshot names gives exactly the state the snapshot saw.

The archive is a gzipped tar: ``manifest.json`` first (format, engine, migrations, and the size
and SHA-256 of every other member), then ``database.sqlite3`` or ``database.pgdump``,
``analytics/…`` and ``uploads/…``. A restore checks all of it before touching anything.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from clearsight.engine.childdata.load import file_sha256

FORMAT = "clearsight-backup"
FORMAT_VERSION = 1


class BackupError(Exception):
    """The backup could not be made or the archive cannot be restored; the message says why."""


@dataclass
class Manifest:
    engine: str
    created_at: str
    clearsight_version: str
    migrations: list[list[str]]
    stores: dict[str, str]  # ONS code -> file name under analytics/
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # member -> {sha256, size}

    def as_json(self) -> bytes:
        return json.dumps({"format": FORMAT, "format_version": FORMAT_VERSION, "engine": self.engine,
                           "created_at": self.created_at, "clearsight_version": self.clearsight_version,
                           "migrations": self.migrations, "stores": self.stores, "files": self.files},
                          indent=2, sort_keys=True).encode()


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


# Making a backup ---------------------------------------------------------------------------------


def backup_create(*, path: Path) -> Manifest:
    """Write a backup archive to ``path`` (atomically: a half-written archive never has the name)."""
    from clearsight import __version__

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".clearsight-backup-") as work:
        stage = Path(work)
        if _engine() == "sqlite":
            database, snapshot = _sqlite_snapshot(stage)
        else:
            database, snapshot = _postgres_snapshot(stage)
        manifest = Manifest(engine=_engine(), created_at=timezone.now().isoformat(), clearsight_version=__version__,
                            migrations=snapshot["migrations"], stores={})
        members: list[tuple[str, Path]] = [(database.name, database)]
        analytics = Path(settings.CLEARSIGHT_ANALYTICS_DIR)
        for code, filename in sorted(snapshot["stores"].items()):
            source = analytics / filename
            if not source.exists():
                raise BackupError(f"The analytics store {filename} for {code} named by the database is missing; "
                                  "run the backup again (a load may have just finished).")
            manifest.stores[code] = filename
            members.append((f"analytics/{filename}", source))
        media = Path(settings.MEDIA_ROOT)
        for relative in sorted(snapshot["uploads"]):
            source = media / relative
            if source.is_file():
                members.append((f"uploads/{relative}", source))
        for name, source in members:
            manifest.files[name] = {"sha256": file_sha256(source), "size": source.stat().st_size}
        partial = stage / (path.name + ".partial")  # same folder as path: the rename below is atomic
        partial.touch(mode=0o600)  # it holds children's records: readable by the service account only
        with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
            data = manifest.as_json()
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime = len(data), int(time.time())
            archive.addfile(info, io.BytesIO(data))
            for name, source in members:
                archive.add(source, arcname=name, recursive=False)
        os.replace(partial, path)
    from clearsight.audit.services import audit_record

    audit_record(actor=None, verb="backup.created", after={
        "archive": path.name, "stores": len(manifest.stores), "files": len(manifest.files)})
    return manifest


def _applied_migrations(rows: list[tuple[str, str]]) -> list[list[str]]:
    return sorted([app, name] for app, name in rows)


def _sqlite_snapshot(stage: Path) -> tuple[Path, dict[str, Any]]:
    target = stage / "database.sqlite3"
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)  # the online backup API: a consistent copy
    finally:
        destination.close()
    snapshot = sqlite3.connect(target)
    try:
        return target, _read_snapshot(lambda sql: snapshot.execute(sql).fetchall())
    finally:
        snapshot.close()


def _read_snapshot(query: Any) -> dict[str, Any]:
    stores = dict(query("SELECT a.ons_code, s.filename FROM analytics_analyticsstore s JOIN organisations_authority a "
                        "ON a.id = s.authority_id WHERE s.filename <> ''"))
    analytics = Path(settings.CLEARSIGHT_ANALYTICS_DIR)
    for (code,) in query("SELECT ons_code FROM organisations_authority"):
        if code not in stores and (analytics / f"{code}.duckdb").exists():
            stores[code] = f"{code}.duckdb"  # a store from before the database pointed at stores
    uploads = [row[0] for row in query("SELECT stored_file FROM analytics_dataupload WHERE stored_file <> '' "
                                       "AND file_purged_at IS NULL")]
    return {"stores": stores, "uploads": uploads,
            "migrations": _applied_migrations(query("SELECT app, name FROM django_migrations"))}


def _pg_command(name: str) -> str:
    """The path of pg_dump/psql/pg_restore, refusing one older than the server (it would fail or lose data)."""
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed. Install the PostgreSQL client tools of the server's version "
                          "(on Debian: apt-get install postgresql-client).")
    output = subprocess.run([found, "--version"], capture_output=True, text=True, check=True).stdout
    tool_major = int(output.split()[-1].split(".")[0])
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        server_major = int(cursor.fetchone()[0]) // 10000
    if tool_major < server_major:
        raise BackupError(f"{name} is version {tool_major} but the server is PostgreSQL {server_major}: install "
                          f"the version {server_major} client tools.")
    return found


def _pg_env_args() -> tuple[dict[str, str], list[str]]:
    db = connections["default"].settings_dict
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return env, args + ["-d", str(db["NAME"])]


def _postgres_snapshot(stage: Path) -> tuple[Path, dict[str, Any]]:
    import psycopg

    pg_dump = _pg_command("pg_dump")
    target = stage / "database.pgdump"
    env, args = _pg_env_args()
    db = connections["default"].settings_dict
    conninfo = {"dbname": db["NAME"], "user": db.get("USER") or None, "password": db.get("PASSWORD") or None,
                "host": db.get("HOST") or None, "port": db.get("PORT") or None}
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}) as snap:
        snap.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot_id = snap.execute("SELECT pg_export_snapshot()").fetchone()[0]
        done = subprocess.run([pg_dump, "-Fc", "--no-owner", "--no-privileges", f"--snapshot={snapshot_id}",
                               "-f", str(target), *args], env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise BackupError(f"pg_dump failed: {done.stderr.strip()[:500]}")
        read = _read_snapshot(lambda sql: snap.execute(sql).fetchall())
        snap.execute("COMMIT")
    return target, read


# Restoring -----------------------------------------------------------------------------------------


def backup_verify(*, path: Path, into: Path) -> Manifest:
    """Check the archive and unpack it into ``into``; raises BackupError naming what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file.")
    try:
        with tarfile.open(path, "r:gz") as archive:
            first = archive.next()
            if first is None or first.name != "manifest.json":
                raise BackupError(f"{path.name} is not a Clearsight backup: it does not start with manifest.json.")
            manifest = _manifest(archive.extractfile(first).read(), path.name)  # type: ignore[union-attr]
            seen: set[str] = set()
            for member in archive:
                if member is first:
                    continue
                expected = manifest.files.get(member.name)
                if expected is None or not member.isfile() or not _safe_name(member.name):
                    raise BackupError(f"{path.name}: the archive holds {member.name!r}, which its manifest does "
                                      "not list; refused.")
                target = into / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with archive.extractfile(member) as source, target.open("wb") as out:  # type: ignore[union-attr]
                    for block in iter(lambda: source.read(1024 * 1024), b""):
                        digest.update(block)
                        out.write(block)
                if digest.hexdigest() != expected["sha256"] or target.stat().st_size != expected["size"]:
                    raise BackupError(f"{path.name}: {member.name} does not match its checksum: the archive is "
                                      "damaged; refused, nothing was changed.")
                seen.add(member.name)
    except (tarfile.TarError, EOFError, OSError, ValueError) as error:
        raise BackupError(f"{path.name} cannot be read ({error}): the archive is damaged or not a Clearsight "
                          "backup; refused, nothing was changed.") from None
    missing = sorted(set(manifest.files) - seen)
    if missing:
        raise BackupError(f"{path.name} is incomplete: {', '.join(missing[:5])} missing; refused, nothing was changed.")
    return manifest


def _safe_name(name: str) -> bool:
    pure = PurePosixPath(name)
    return not pure.is_absolute() and ".." not in pure.parts and pure.parts[0] in (
        "database.sqlite3", "database.pgdump", "analytics", "uploads")


def _manifest(data: bytes, filename: str) -> Manifest:
    try:
        raw = json.loads(data)
        if raw.get("format") != FORMAT:
            raise BackupError(f"{filename} is not a Clearsight backup.")
        if raw.get("format_version") != FORMAT_VERSION:
            raise BackupError(f"{filename} is backup format {raw.get('format_version')}; this Clearsight reads "
                              f"format {FORMAT_VERSION}.")
        return Manifest(engine=raw["engine"], created_at=raw["created_at"],
                        clearsight_version=raw["clearsight_version"], migrations=raw["migrations"],
                        stores=raw["stores"], files=raw["files"])
    except (ValueError, KeyError, TypeError, AttributeError):
        raise BackupError(f"{filename}: its manifest cannot be read; the archive is damaged.") from None


def _check_matches(manifest: Manifest, filename: str) -> None:
    if manifest.engine != _engine():
        raise BackupError(f"{filename} is a backup of a {manifest.engine} database, but this server uses "
                          f"{_engine()}; refused, nothing was changed.")
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    newer = [f"{app}.{name}" for app, name in manifest.migrations if (app, name) not in known]
    if newer:
        raise BackupError(f"{filename} was made by a newer Clearsight (it has migrations {', '.join(newer[:3])} this "
                          "version lacks). Upgrade Clearsight, then restore; nothing was changed.")


def backup_restore(*, path: Path, actor: Any = None) -> Manifest:
    """Replace the database, the analytics stores and the kept upload files with the archive's.

    Everything is checked and unpacked first; a damaged or mismatched archive changes nothing.
    Stop the web server and scheduled jobs first (docs/operations.md)."""
    from clearsight.audit.services import audit_record

    path = Path(path)
    data_dir = Path(settings.CLEARSIGHT_ANALYTICS_DIR).parent
    data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=data_dir, prefix=".clearsight-restore-") as work:
        stage = Path(work)
        manifest = backup_verify(path=path, into=stage)
        _check_matches(manifest, path.name)
        swapped: list[tuple[Path, Path]] = []
        try:
            _swap_folders(stage, swapped)  # inside the try: a failure half-way is swapped back too
            if manifest.engine == "sqlite":
                _sqlite_restore(stage / "database.sqlite3")
            else:
                _postgres_restore(stage / "database.pgdump")
        except BaseException:
            _swap_back(swapped)
            raise
        for _, previous in swapped:
            shutil.rmtree(previous, ignore_errors=True)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)  # an older backup is brought up to date
    audit_record(actor=actor, verb="backup.restored", after={
        "archive": path.name, "created_at": manifest.created_at, "stores": len(manifest.stores),
        "files": len(manifest.files)})
    return manifest


def _swap_folders(stage: Path, swapped: list[tuple[Path, Path]]) -> None:
    """Put the unpacked analytics and uploads folders in place, noting each (live, previous) pair in
    ``swapped`` as soon as the live folder has been moved aside, so ``_swap_back`` can undo a part."""
    stamp = f"pre-restore-{os.getpid()}-{int(time.time())}"
    for name, live in (("analytics", Path(settings.CLEARSIGHT_ANALYTICS_DIR)), ("uploads", Path(settings.MEDIA_ROOT))):
        staged = stage / name
        staged.mkdir(exist_ok=True)
        previous = live.with_name(f".{live.name}.{stamp}")
        if live.exists():
            os.rename(live, previous)
        else:
            previous.mkdir()
        swapped.append((live, previous))
        os.rename(staged, live)


def _swap_back(swapped: list[tuple[Path, Path]]) -> None:
    for live, previous in swapped:
        shutil.rmtree(live, ignore_errors=True)
        os.rename(previous, live)


def _sqlite_restore(source: Path) -> None:
    """Copy the archived database into the live one with the backup API: one step, WAL-safe."""
    connection.ensure_connection()
    archived = sqlite3.connect(source)
    try:
        archived.backup(connection.connection)
    finally:
        archived.close()
    connection.close()


def _postgres_restore(source: Path) -> None:
    """Replay the dump in one transaction that first empties the schema: all of it, or none."""
    pg_restore, psql = _pg_command("pg_restore"), _pg_command("psql")
    env, args = _pg_env_args()
    script = subprocess.run([pg_restore, "--no-owner", "--no-privileges", "-f", "-", str(source)],
                            env=env, capture_output=True)
    if script.returncode != 0:
        raise BackupError(f"pg_restore could not read the dump: {script.stderr.decode()[:500]}")
    connections.close_all()
    sql = b"DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n" + script.stdout
    done = subprocess.run([psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", "-", *args],
                          input=sql, env=env, capture_output=True)
    if done.returncode != 0:
        raise BackupError(f"The database restore failed and was rolled back: {done.stderr.decode()[:500]}")

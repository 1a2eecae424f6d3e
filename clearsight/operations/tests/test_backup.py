"""`clearsight backup` then `clearsight restore` gives back exactly the state backed up — database,
analytics store and kept upload files — and a damaged or mismatched archive is refused with a
clear message and changes nothing. Runs on SQLite, and on PostgreSQL when the suite does."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest

from clearsight.operations.tests.conftest import SEED, Instance


@pytest.fixture
def with_data(instance: Instance, child_files: tuple[Path, Path]) -> Instance:
    instance.run("load-data", str(child_files[0]), "--authority", "E08000014", "--no-validate")
    return instance


def _without_audit(state: dict) -> dict:
    return {k: v for k, v in state.items() if k != "audit_auditevent"}


def test_a_backup_restores_the_database_store_and_files_exactly(with_data, child_files, tmp_path):
    before = with_data.state()
    archive = tmp_path / "backup.tar.gz"
    made = with_data.run("backup", str(archive))
    assert "1 analytics store(s)" in made.stdout and archive.is_file()

    with_data.run("load-data", str(child_files[1]), "--authority", "E08000014", "--no-validate")
    with_data.run("import-plan", str(SEED), "--authority", "E08000014", "--replace")
    changed = with_data.state()
    assert changed["analytics_dataupload"] > before["analytics_dataupload"] and changed["store"] != before["store"]

    restored = with_data.run("restore", str(archive))
    assert "Restored the backup" in restored.stdout
    after = with_data.state()
    assert _without_audit(after) == _without_audit(before)
    assert after["audit_auditevent"] == before["audit_auditevent"] + 1  # the restore itself, audited
    assert all(present for _, present in after["upload_files"])
    # and the restored instance works: loading the second set again succeeds
    with_data.run("load-data", str(child_files[1]), "--authority", "E08000014", "--no-validate")


def test_a_backup_of_an_instance_without_child_data_restores(instance, tmp_path):
    before = instance.state()
    archive = tmp_path / "empty.tar.gz"
    instance.run("backup", str(archive))
    instance.run("import-plan", str(SEED), "--authority", "E08000014", "--replace")
    instance.run("restore", str(archive))
    assert _without_audit(instance.state()) == _without_audit(before)


def _rewrite(source: Path, target: Path, change) -> None:
    """Copy an archive member by member, letting ``change(name, data)`` alter any member's bytes."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old:
            data = old.extractfile(member).read()
            data = change(member.name, data)
            if data is None:
                continue
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))


@pytest.fixture
def archive(with_data, tmp_path) -> Path:
    path = tmp_path / "good.tar.gz"
    with_data.run("backup", str(path))
    return path


def _manifest_with(**changes):
    def change(name, data):
        if name != "manifest.json":
            return data
        return json.dumps({**json.loads(data), **changes}).encode()
    return change


def _flip_store_byte(name, data):
    if name.startswith("analytics/"):
        return data[:1000] + bytes([data[1000] ^ 0xFF]) + data[1001:]
    return data


CASES = {
    "truncated": (lambda good, bad: bad.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2]),
                  "cannot be read"),
    "not a backup": (lambda good, bad: bad.write_bytes(b"hello, this is not a tar file"), "cannot be read"),
    "member altered": (lambda good, bad: _rewrite(good, bad, _flip_store_byte), "does not match its checksum"),
    "member missing": (lambda good, bad: _rewrite(good, bad, lambda n, d: None if n.startswith("uploads/") else d),
                       "incomplete"),
    "other engine": (lambda good, bad: _rewrite(good, bad, _manifest_with(engine="oracle")),
                     "backup of a oracle database"),
    "newer version": (lambda good, bad: _rewrite(good, bad, _manifest_with(
        migrations=[["analytics", "9999_from_the_future"]])), "made by a newer Clearsight"),
    "unlisted member": (lambda good, bad: _rewrite(good, bad, _manifest_with(files={})), "does not list"),
}


def test_a_damaged_or_mismatched_archive_is_refused_and_nothing_changes(with_data, archive, tmp_path):
    with_data.run("import-plan", str(SEED), "--authority", "E08000014", "--replace")  # a state unlike the backup's
    before = with_data.state()
    for case, (make, message) in CASES.items():  # one instance for all: a refusal changes nothing
        bad = tmp_path / f"bad-{case.replace(' ', '-')}.tar.gz"
        make(archive, bad)
        refused = with_data.run("restore", str(bad), check=False)
        assert refused.returncode == 1 and message in refused.stderr, (case, refused.stderr)
        assert with_data.state() == before, case
    assert not list(with_data.root.glob(".clearsight-restore-*"))  # nothing left behind either


def test_a_backup_is_readable_by_its_owner_only_and_audited(instance, tmp_path):
    archive = tmp_path / "private.tar.gz"
    before = instance.state()["audit_auditevent"]
    instance.run("backup", str(archive))
    assert archive.stat().st_mode & 0o777 == 0o600
    assert instance.state()["audit_auditevent"] == before + 1
    assert not list(tmp_path.glob("*.partial"))

"""A real Clearsight instance on disk, driven through the `clearsight` command in subprocesses.

Each test gets its own data folder and database: a SQLite file, or, when the suite runs on
PostgreSQL (DATABASE_URL=postgres://…/NAME), a database NAME_ops_<worker>_<n> copied from a
migrated template. Nothing here mocks the database, the store or the process."""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[3]
CLI = [sys.executable, "-m", "clearsight.cli"]
SEED = REPO / "clearsight" / "demo" / "seeds" / "sefton-improvement-action-plan-2017-18.txt"
_counter = itertools.count()


def _postgres_base() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _admin(url: str) -> Any:
    import psycopg

    base, _, _ = url.rpartition("/")
    return psycopg.connect(base + "/postgres", autocommit=True)


@dataclass
class Instance:
    root: Path
    env: dict[str, str]
    database_url: str

    def run(self, *args: str, check: bool = True, extra_env: dict[str, str] | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([*CLI, *args], env={**self.env, **(extra_env or {})}, capture_output=True, text=True,
                              timeout=timeout, cwd=REPO)
        if check and done.returncode != 0:
            raise AssertionError(f"clearsight {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done

    def start(self, *args: str, extra_env: dict[str, str]) -> subprocess.Popen[str]:
        return subprocess.Popen([*CLI, *args], env={**self.env, **extra_env}, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, cwd=REPO)

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.database_url.startswith("sqlite"):
            con = sqlite3.connect(self.root / "clearsight.sqlite3")
            try:
                return con.execute(sql).fetchall()
            finally:
                con.close()
        import psycopg

        with psycopg.connect(self.database_url) as con:
            return con.execute(sql).fetchall()

    TABLES = ("plans_plan", "plans_action", "plans_actionupdate", "performance_measure", "analytics_dataupload",
              "analytics_indicatorresult", "analytics_analyticsstore", "benchmarks_benchmarkvalue",
              "audit_auditevent", "planfiles_planimport")

    def state(self) -> dict[str, Any]:
        """What a crash must not change: row counts and contents' fingerprints in both stores."""
        found: dict[str, Any] = {t: self.query(f"SELECT count(*) FROM {t}")[0][0] for t in self.TABLES}
        found["actions"] = sorted(self.query("SELECT ref, text, version, status FROM plans_action"))
        found["uploads"] = sorted(self.query("SELECT sha256, rows FROM analytics_dataupload"))
        found["store"] = self.store_state()
        # The kept copies the database names, each present. (A load killed before its commit can leave
        # a copy no record names; nothing reads it, and purge-uploads deletes it after a day.)
        named = sorted(r[0] for r in self.query("SELECT stored_file FROM analytics_dataupload WHERE stored_file <> ''"))
        found["upload_files"] = [(name, (self.root / "uploads" / name).is_file()) for name in named]
        return found

    def store_state(self) -> dict[str, int]:
        pointer = self.query("SELECT filename FROM analytics_analyticsstore WHERE filename <> ''")
        if not pointer:
            return {}
        con = duckdb.connect(str(self.root / "analytics" / pointer[0][0]), read_only=True)
        try:
            tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
            return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}
        finally:
            con.close()


def _env(root: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLEARSIGHT_", "DJANGO_", "PYTEST_"))}
    env.update({"CLEARSIGHT_DATA_DIR": str(root), "DATABASE_URL": database_url,
                "DJANGO_SETTINGS_MODULE": "clearsight.config.settings.dev", "CLEARSIGHT_DEMO_CHILDREN": "0",
                "PYTHONPATH": str(REPO)})
    return env


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A migrated instance with Sefton and its 2017 plan, copied for each test."""
    root = tmp_path_factory.mktemp("template")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    base = _postgres_base()
    url = f"{base}_ops_{worker}_tmpl" if base else f"sqlite:///{root / 'clearsight.sqlite3'}"
    if base:
        with _admin(base) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{url.rpartition("/")[2]}"')
            admin.execute(f'CREATE DATABASE "{url.rpartition("/")[2]}"')
    instance = Instance(root, _env(root, url), url)
    instance.run("migrate", "-v0")
    instance.run("shell", "-c", "from clearsight.organisations.models import Authority; "
                 "Authority.objects.create(name='Sefton', ons_code='E08000014', dfe_number='343')")
    instance.run("import-plan", str(SEED), "--authority", "E08000014")
    yield root, url
    if base:
        with _admin(base) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{url.rpartition("/")[2]}" WITH (FORCE)')


@pytest.fixture
def instance(template: tuple[Path, str], tmp_path: Path) -> Iterator[Instance]:
    source, template_url = template
    root = tmp_path / "instance"
    shutil.copytree(source, root)
    base = _postgres_base()
    if base:
        name = f"{template_url.rpartition('/')[2][:-5]}_{next(_counter)}"
        with _admin(base) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_url.rpartition("/")[2]}"')
        url = f"{base.rpartition('/')[0]}/{name}"
    else:
        url = f"sqlite:///{root / 'clearsight.sqlite3'}"
    yield Instance(root, _env(root, url), url)
    if base:
        with _admin(base) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def child_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two sets of synthetic child-level files for Sefton (different children, so both load)."""
    from clearsight.engine.synth import SynthConfig, generate
    from clearsight.engine.synth.authorities import find_authority

    first, second = tmp_path_factory.mktemp("synth-a"), tmp_path_factory.mktemp("synth-b")
    generate(SynthConfig(find_authority("343"), children=300, years=1, seed=3, last_year=2017), first)
    generate(SynthConfig(find_authority("343"), children=300, years=1, seed=5, last_year=2018), second)
    return first, second

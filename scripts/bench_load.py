#!/usr/bin/env python3
"""Load benchmark: concurrent writers and readers against Clearsight served by gunicorn on PostgreSQL.

    .venv/bin/python scripts/bench_load.py [--writers 20] [--readers 20] [--seconds 60]
        [--database-url postgres://postgres@127.0.0.1:5432/cs_data_load] [--port 8121] [--children 2000]

It builds a fresh demo database (CLEARSIGHT_DEMO_CHILDREN children per council), adds one signed-in
user per writer (role: lead), serves the app with gunicorn on 127.0.0.1, then for --seconds:

- each writer opens an action's page, reads the CSRF token and the action's version, and posts
  the real progress-update form with a unique text; a refusal because someone else saved first
  (optimistic locking) is counted as a conflict and retried with a fresh page, as a person would;
- each reader loads the plan's dashboard.

Afterwards it counts the updates in the database and compares them with the posts the server
accepted: an accepted post missing from the database is lost, one present twice is duplicated.
It prints requests, errors, p50/p95 latencies and the lost/duplicated counts, and exits 1 if any
error, lost or duplicated update was seen. Traffic goes to 127.0.0.1 only and stops by itself.
This is a benchmark, not a timed test: it is run by `BENCH_ONLY=load scripts/bench.sh`.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PASSWORD = "bench-load-password-2026"
RUN = time.strftime("%Y%m%dT%H%M%S")  # marks this run's updates, so a reused database counts only these
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
CONFLICT = "was changed by someone else after you opened it"  # EditConflict's message


def log(message: str) -> None:
    print(message, flush=True)


def clearsight(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([str(BIN / "clearsight"), *args], env=env, capture_output=True, text=True, cwd=REPO)
    if done.returncode != 0:
        sys.exit(f"clearsight {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def recreate_database(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(base + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


SETUP = """
from clearsight.organisations.models import Authority, Membership, User
from clearsight.plans.models import Plan
sefton = Authority.objects.get(ons_code="E08000014")
for n in range({writers}):
    user = User.objects.create_user(f"writer{{n:02d}}@bench.example", "{password}", full_name=f"Writer {{n:02d}}")
    Membership.objects.create(user=user, authority=sefton, role="lead")
plan = Plan.objects.filter(authority=sefton).order_by("-id").first()
refs = list(plan.actions.order_by("order", "id").values_list("ref", flat=True)[:{actions}])
print("PLAN", plan.pk)
print("REFS", " ".join(refs))
"""


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.counts: Counter[str] = Counter()
        self.errors: list[str] = []
        self.accepted: list[str] = []

    def timed(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latency[kind].append(seconds)
            self.counts[kind] += 1

    def error(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


def sign_in(base: str, email: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/sign-in/", timeout=30)
    token = CSRF.search(page.text).group(1)  # type: ignore[union-attr]
    done = session.post(f"{base}/sign-in/", data={"username": email, "password": PASSWORD,
                                                  "csrfmiddlewaretoken": token},
                        headers={"Referer": f"{base}/sign-in/"}, allow_redirects=False, timeout=30)
    if done.status_code != 302:
        raise RuntimeError(f"sign-in as {email} failed: HTTP {done.status_code}")
    return session


def writer(base: str, number: int, plan: int, refs: list[str], stop: float, stats: Stats) -> None:
    session = sign_in(base, f"writer{number:02d}@bench.example")
    rng = random.Random(number)
    sequence = 0
    while time.monotonic() < stop:
        ref = rng.choice(refs)
        url = f"{base}/plans/{plan}/actions/{ref}/"
        sequence += 1
        text = f"bench-load {RUN} w{number:02d} #{sequence}: progress on {ref}"
        for attempt in range(20):
            if attempt:  # after a conflict, pause as a person re-reading the page would (jittered, growing)
                time.sleep(rng.uniform(0, min(0.5, 0.01 * 2 ** attempt)))
            started = time.monotonic()
            page = session.get(url, timeout=60)
            stats.timed("GET action", time.monotonic() - started)
            if page.status_code != 200:
                stats.error(f"GET {url}: HTTP {page.status_code}")
                break
            token, version = CSRF.search(page.text), VERSION.search(page.text)
            if not token or not version:
                stats.error(f"GET {url}: no form on the page")
                break
            today = time.localtime()
            started = time.monotonic()
            done = session.post(f"{url}updates/", data={
                "csrfmiddlewaretoken": token.group(1), "version": version.group(1), "commentary": text,
                "on_day": today.tm_mday, "on_month": today.tm_mon, "on_year": today.tm_year, "status": "",
                "evidence_url": ""}, headers={"Referer": url}, allow_redirects=False, timeout=60)
            stats.timed("POST update", time.monotonic() - started)
            if done.status_code == 302:
                with stats.lock:
                    stats.accepted.append(text)
                break
            if done.status_code == 400 and CONFLICT in done.text:
                with stats.lock:
                    stats.counts["conflicts (retried)"] += 1
                continue
            stats.error(f"POST {url}updates/: HTTP {done.status_code}")
            break
        else:
            stats.error(f"{text}: still conflicting after 20 tries")


def reader(base: str, number: int, plan: int, stop: float, stats: Stats) -> None:
    session = sign_in(base, f"writer{number % 20:02d}@bench.example")
    while time.monotonic() < stop:
        started = time.monotonic()
        page = session.get(f"{base}/plans/{plan}/dashboard/", timeout=60)
        stats.timed("GET dashboard", time.monotonic() - started)
        if page.status_code != 200:
            stats.error(f"GET dashboard: HTTP {page.status_code}")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))] if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cs_data_load"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_LOAD_PORT", "8121")))
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--actions", type=int, default=8, help="Writers share this many actions (so they collide).")
    parser.add_argument("--children", type=int, default=2000, help="CLEARSIGHT_DEMO_CHILDREN for the demo.")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes (4 threads each).")
    parser.add_argument("--reuse", action="store_true",
                        help="Reuse the database and data folder a previous run built (skips the demo build).")
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("This benchmark runs on PostgreSQL: give --database-url postgres://…")

    data_dir = Path(tempfile.gettempdir()) / f"clearsight-bench-load-{args.database_url.rpartition('/')[2]}"
    env = {**os.environ, "DATABASE_URL": args.database_url, "CLEARSIGHT_DATA_DIR": str(data_dir),
           "DJANGO_SETTINGS_MODULE": "clearsight.config.settings.dev",
           "CLEARSIGHT_DEMO_CHILDREN": str(args.children), "DATABASE_CONN_MAX_AGE": "60",
           "DJANGO_DEBUG": "false"}  # as in production, and as bench_web serves: no per-query logging
    what = "Reusing the demo" if args.reuse and (data_dir / "refs.txt").exists() else "Building the demo"
    log(f"{what} on {args.database_url.rpartition('@')[2]} ({args.children} children per council when built)…")
    started = time.monotonic()
    setup = SETUP.format(writers=max(args.writers, 20), password=PASSWORD, actions=args.actions)
    if args.reuse and (data_dir / "refs.txt").exists():
        clearsight(env, "migrate", "-v0")  # the code may have moved on since the build
        out = (data_dir / "refs.txt").read_text()
    else:
        shutil.rmtree(data_dir, ignore_errors=True)
        data_dir.mkdir(parents=True)
        recreate_database(args.database_url)
        clearsight(env, "migrate", "-v0")
        clearsight(env, "load-demo")
        out = clearsight(env, "shell", "-c", setup)
        (data_dir / "refs.txt").write_text(out)
    plan = int(re.search(r"PLAN (\d+)", out).group(1))  # type: ignore[union-attr]
    refs = re.search(r"REFS (.+)", out).group(1).split()  # type: ignore[union-attr]
    log(f"  built in {time.monotonic() - started:.0f} s; plan {plan}, writers share actions {', '.join(refs)}")

    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "clearsight.config.wsgi", "--bind", f"127.0.0.1:{args.port}",
         "--workers", str(args.workers), "--threads", "4", "--worker-class", "gthread", "--timeout", "120",
         "--log-level", "warning"], env=env, cwd=REPO)
    try:
        for _ in range(300):
            try:
                requests.get(f"{base}/sign-in/", timeout=2)
                break
            except requests.RequestException:  # still booting
                time.sleep(0.5)
        else:
            sys.exit("gunicorn did not start")
        probe = sign_in(base, "writer00@bench.example")
        check_conflict_message(probe, base, plan, refs[0])
        log(f"Running {args.writers} writers and {args.readers} readers for {args.seconds:.0f} s…")
        stats = Stats()
        stop = time.monotonic() + args.seconds
        threads = [threading.Thread(target=guard(writer, stats), args=(base, n, plan, refs, stop, stats))
                   for n in range(args.writers)]
        threads += [threading.Thread(target=guard(reader, stats), args=(base, n, plan, stop, stats))
                    for n in range(args.readers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 300)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)

    rows = clearsight(env, "shell", "-c", (
        "from clearsight.plans.models import ActionUpdate\n"
        f"for t in ActionUpdate.objects.filter(commentary__startswith='bench-load {RUN} ').values_list('commentary', "
        "flat=True): print('ROW', t)"))
    in_db = Counter(line[4:] for line in rows.splitlines() if line.startswith("ROW "))
    accepted = Counter(stats.accepted)
    lost = sum(1 for text in accepted if text not in in_db)
    duplicated = sum(n - 1 for n in in_db.values() if n > 1) + sum(n - 1 for n in accepted.values() if n > 1)
    unexpected = sum(1 for text in in_db if text not in accepted)
    total = sum(stats.counts[k] for k in stats.latency)
    log("")
    log(f"requests: {total} in {args.seconds:.0f} s ({total / args.seconds:.1f}/s); errors: {len(stats.errors)}")
    for kind in sorted(stats.latency):
        values = stats.latency[kind]
        log(f"  {kind:<14} {len(values):>6}  p50 {percentile(values, 0.5) * 1000:7.1f} ms  "
            f"p95 {percentile(values, 0.95) * 1000:7.1f} ms  max {max(values) * 1000:7.1f} ms")
    log(f"  optimistic-lock conflicts, retried: {stats.counts['conflicts (retried)']}")
    log(f"updates accepted: {len(stats.accepted)}; in the database: {sum(in_db.values())}; lost: {lost}; "
        f"duplicated: {duplicated}; in the database but not accepted: {unexpected}")
    for message in stats.errors[:20]:
        log(f"  error: {message}")
    return 1 if stats.errors or lost or duplicated or unexpected else 0


def guard(function, stats: Stats):  # type: ignore[no-untyped-def]
    def run(*args):  # type: ignore[no-untyped-def]
        try:
            function(*args)
        except Exception as error:  # a crashed thread is an error, never silence
            stats.error(f"{function.__name__}: {type(error).__name__}: {error}")
    return run


def check_conflict_message(session: requests.Session, base: str, plan: int, ref: str) -> None:
    """Post with a stale version once, so the benchmark knows the server's conflict page when it sees it."""
    url = f"{base}/plans/{plan}/actions/{ref}/"
    page = session.get(url, timeout=30)
    token = CSRF.search(page.text).group(1)  # type: ignore[union-attr]
    done = session.post(f"{url}updates/", data={"csrfmiddlewaretoken": token, "version": "0", "commentary": "stale",
                                                "on_day": 1, "on_month": 1, "on_year": 2026},
                        headers={"Referer": url}, allow_redirects=False, timeout=30)
    if done.status_code != 400 or CONFLICT not in done.text:
        sys.exit(f"A stale post should be refused with a conflict message containing {CONFLICT!r}; got HTTP "
                 f"{done.status_code}. Update CONFLICT in this script.")


if __name__ == "__main__":
    sys.exit(main())

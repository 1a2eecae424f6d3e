"""Web load test: signed-in users hammering the dashboard pages of a running server.

    .venv/bin/python scripts/bench_web.py [--users 20] [--duration 20] [--keep DIR] [--profile]

A script that prints figures, not a timed test: a missed target prints MISS and does not fail the
run; it exits non-zero only when something crashes (set-up, server start, sign-in).

What it does:

1. Builds its own demo database in a temporary CLEARSIGHT_DATA_DIR (``clearsight migrate`` then
   ``clearsight load-demo``: both demo authorities, six years of monthly synthetic data each;
   about a minute), with ``clearsight.config.settings.dev``.
2. Serves it on 127.0.0.1 with gunicorn (3 workers x 4 threads) when ``.venv/bin/gunicorn`` exists,
   otherwise with Django's threaded ``runserver --noreload`` (one process: under the GIL it uses
   about one core). The output says which.
3. Signs in N users (the demo users, reused round-robin: N sessions, each its own session cookie)
   by POSTing the sign-in form with its CSRF token.
4. For each page, N threads each holding its own keep-alive ``http.client`` connection and session
   issue GETs back-to-back for DURATION seconds, half the sessions on each authority's plan; every
   latency is request sent -> body read. The load generator runs on the same machine and its CPU
   is shown ("client CPU"): on a 2-core machine it takes a share of what the server could use.
5. Prints page, requests, errors, p50/p95/p99 ms, requests/s, server/client CPU and the ratio of
   each page's p95 to the trivial page's p95, then PASS/MISS against p95 < 300 ms.

The trivial page is ``GET /sign-in/`` with a session cookie: the sign-in view redirects a signed-in
user home (302), so it measures the floor of the stack (server, middleware, session and user
lookup) without a page's queries or template.

--profile then also runs every page once per authority through Django's test client in a separate
process, with the queries captured: query count, SQL time, wall time and the top functions by
cumulative time (cProfile), to show where a slow page spends its time.

Bounded: every page runs for DURATION seconds and at most --max-requests requests; the server is
stopped and the temporary directory removed at the end (unless --keep) even on failure. Only
127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
SETTINGS = "clearsight.config.settings.dev"
HOST = "127.0.0.1"
P95_TARGET_MS = 300.0
DEMO_PASSWORD = "clearsight-demo"
DEMO_ROLES = ["lead", "approver", "manager", "owner", "board", "viewer", "administrator"]

# Run in a Django process over the bench database: the ids of the pages to load.
DISCOVER = r"""
import json
import django
django.setup()
from django.db.models import Count
from clearsight.plans.models import Plan
from clearsight.performance.models import Measure
out = []
for plan in Plan.objects.select_related("authority").order_by("authority__name", "pk"):
    if any(p["authority"] == plan.authority.name for p in out):
        continue
    measures = Measure.objects.filter(plan=plan).annotate(n=Count("values")).order_by("-n", "pk")
    computed = measures.filter(source="computed").first()
    other = measures.exclude(source="computed").first()
    out.append({
        "authority": plan.authority.name, "plan": plan.pk,
        "computed_measure": computed.pk if computed else None,
        "computed_values": computed.n if computed else 0,
        "computed_key": computed.indicator if computed else "",
        "other_measure": other.pk if other else None,
        "other_values": other.n if other else 0,
        "other_source": other.source if other else "",
    })
print("BENCH-JSON " + json.dumps(out))
"""

# Run in a Django process over the bench database (--profile): queries and time per page.
PROFILE = r"""
import cProfile, io, json, pstats, sys, time
import django
django.setup()
from django.conf import settings
settings.ALLOWED_HOSTS = ["*"]
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
pages = json.loads(sys.argv[1])
email = sys.argv[2]
client = Client()
assert client.login(username=email, password="clearsight-demo") or client.login(email=email, password="clearsight-demo")
for name, url in pages:
    client.get(url)  # warm
    with CaptureQueriesContext(connection) as ctx:
        t0 = time.perf_counter()
        response = client.get(url)
        wall = time.perf_counter() - t0
    queries = list(ctx.captured_queries)  # now: the next request resets connection.queries
    sql = sum(float(q["time"]) for q in queries)
    shapes = {}
    for q in queries:
        shape = q["sql"].split(" WHERE ")[0][:110]
        shapes[shape] = shapes.get(shape, 0) + 1
    prof = cProfile.Profile()
    prof.enable()
    client.get(url)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(r"clearsight/(?!config)", 14)
    print(f"\n--- {name}  {url}  status {response.status_code}  {len(response.content)/1024:.0f} KiB")
    stats = pstats.Stats(prof)
    render = sum(v[3] for k, v in stats.stats.items()
                 if k[0].endswith("django/template/backends/django.py") and k[2] == "render")
    print(f"    wall {wall*1000:.0f} ms (one request, test client, no server), {len(queries)} queries,"
          f" SQL {sql*1000:.0f} ms (DEBUG timer); under cProfile: template render {render*1000:.0f} ms")
    slow = max(queries, key=lambda q: float(q["time"]), default=None)
    if slow is not None:
        print(f"    slowest query {float(slow['time'])*1000:.0f} ms: {slow['sql'][:60]} ... FROM{slow['sql'].split(' FROM', 1)[-1][:140]}")
    top = sorted(shapes.items(), key=lambda kv: -kv[1])[:4]
    for shape, n in top:
        print(f"    {n:>4} x {shape}")
    lines = [l for l in buf.getvalue().splitlines() if l.strip() and ("clearsight/" in l or "cumtime" in l)]
    for l in lines[:11]:
        print("    " + l.rstrip()[:170])
"""


def log(msg: str) -> None:
    print(msg, flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def bench_env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {"CLEARSIGHT_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": SETTINGS, "PYTHONUNBUFFERED": "1"}
    )
    env.pop("DATABASE_URL", None)  # always the bench's own SQLite file
    return env


def run_checked(cmd: list[str], env: dict[str, str], timeout: float, what: str) -> str:
    t0 = time.monotonic()
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f"bench_web: {what} failed (exit {proc.returncode})")
    log(f"    {what}: {time.monotonic() - t0:.0f} s")
    return proc.stdout


# ---------------------------------------------------------------------------------------------
# HTTP client


class Session:
    """One signed-in user on one keep-alive connection."""

    def __init__(self, port: int, email: str):
        self.port = port
        self.email = email
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)

    def _store(self, response: http.client.HTTPResponse) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for key, morsel in jar.items():
                self.cookies[key] = morsel.value

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        headers = {"Host": f"{HOST}:{self.port}", "User-Agent": "clearsight-bench-web"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection: reconnect once.
                self.conn.close()
                if attempt == 2:
                    raise
        self._store(response)
        return response.status, data

    def sign_in(self) -> None:
        status, html = self.request("GET", "/sign-in/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if status != 200 or not match:
            raise SystemExit(f"bench_web: GET /sign-in/ answered {status} without a CSRF token")
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": match.group(1).decode(),
                "username": self.email,
                "password": DEMO_PASSWORD,
            }
        )
        status, _ = self.request("POST", "/sign-in/", body)
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"bench_web: signing in {self.email} answered {status} (no session cookie)")


@dataclass
class PageResult:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    elapsed: float = 0.0
    server_cpu: float = 0.0
    client_cpu: float = 0.0
    note: str = ""

    def pct(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))  # nearest rank
        return ordered[index] * 1000


def proc_cpu_seconds(pids: list[int]) -> float:
    """utime + stime of these processes and their reaped children, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(x) for x in fields[11:15]) / tick  # utime stime cutime cstime
    return total


def server_pids(root_pid: int) -> list[int]:
    pids = [root_pid]
    try:
        children = Path(f"/proc/{root_pid}/task/{root_pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    return pids


def load_page(
    name: str,
    urls_for: list[str],
    sessions: list[Session],
    ok: set[int],
    duration: float,
    max_requests: int,
    server_pid: int,
) -> PageResult:
    """len(sessions) threads, each GETting its own URL back-to-back on its own connection."""
    result = PageResult(name)
    lock = threading.Lock()
    stop_at = [0.0]
    count = [0]
    start = threading.Barrier(len(sessions) + 1)

    def worker(session: Session, url: str) -> None:
        lat: list[float] = []
        errs: dict[str, int] = {}
        start.wait()
        while time.monotonic() < stop_at[0]:
            with lock:
                if count[0] >= max_requests:
                    break
                count[0] += 1
            t0 = time.perf_counter()
            try:
                status, _ = session.request("GET", url)
            except Exception as error:  # noqa: BLE001 - counted, reported
                kind = type(error).__name__
                errs[kind] = errs.get(kind, 0) + 1
                session.conn.close()
                continue
            elapsed = time.perf_counter() - t0
            if status in ok:
                lat.append(elapsed)
            else:
                errs[str(status)] = errs.get(str(status), 0) + 1
        with lock:
            result.latencies += lat
            for k, v in errs.items():
                result.error_kinds[k] = result.error_kinds.get(k, 0) + v
                result.errors += v

    threads = [
        threading.Thread(target=worker, args=(s, u), daemon=True)
        for s, u in zip(sessions, urls_for, strict=True)
    ]
    for t in threads:
        t.start()
    pids = server_pids(server_pid)
    cpu0, client0 = proc_cpu_seconds(pids), time.process_time()
    t0 = time.monotonic()
    stop_at[0] = t0 + duration
    start.wait()
    for t in threads:
        t.join(timeout=duration + 60)
    result.elapsed = time.monotonic() - t0
    result.server_cpu = proc_cpu_seconds(pids) - cpu0
    result.client_cpu = time.process_time() - client0
    return result


# ---------------------------------------------------------------------------------------------


def start_server(env: dict[str, str], port: int, log_path: Path) -> tuple[subprocess.Popen, str]:
    env = {**env, "DJANGO_DEBUG": "false"}  # as in production: no per-query logging, no template debug
    gunicorn = VENV_BIN / "gunicorn"
    if gunicorn.exists():
        cmd = [
            str(gunicorn),
            "clearsight.config.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            "3",
            "--threads",
            "4",
            "--keep-alive",
            "30",
            "--access-logfile",
            "-",
        ]
        label = "gunicorn, 3 workers x 4 threads (gthread)"
    else:
        cmd = [str(VENV_BIN / "python"), "-m", "django", "runserver", "--noreload", f"{HOST}:{port}"]
        label = (
            "Django runserver --noreload (threaded, ONE process: GIL-bound, about one core; "
            "gunicorn is not installed in .venv)"
        )
    logf = open(log_path, "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=logf, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.stderr.write(log_path.read_text()[-3000:])
            raise SystemExit("bench_web: the server exited on start")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/sign-in/")
            if conn.getresponse().status == 200:
                conn.close()
                return proc, label
        except OSError:
            time.sleep(0.3)
    raise SystemExit("bench_web: the server did not answer within 60 s")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)  # its own session: the server and its workers only
        proc.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20, help="concurrent signed-in sessions (default 20)")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load per page (default 20)")
    parser.add_argument("--max-requests", type=int, default=20_000, help="cap per page (default 20000)")
    parser.add_argument("--keep", metavar="DIR", help="build the demo in DIR and keep it (reused if there)")
    parser.add_argument("--profile", action="store_true", help="also profile each page (queries, time)")
    parser.add_argument("--only", help="comma-separated page names to load (default: all)")
    args = parser.parse_args()
    if not (1 <= args.users <= 100 and 1 <= args.duration <= 300):
        parser.error("--users must be 1-100 and --duration 1-300")

    data_dir = (
        Path(args.keep).resolve() if args.keep else Path(tempfile.mkdtemp(prefix="clearsight-bench-web-"))
    )
    data_dir.mkdir(parents=True, exist_ok=True)
    env = bench_env(data_dir)
    server: subprocess.Popen | None = None
    try:
        log(
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
            f"data in {data_dir}"
        )
        clearsight = str(VENV_BIN / "clearsight")
        if (data_dir / "clearsight.sqlite3").exists() and args.keep:
            log("    reusing the demo database already in --keep DIR")
        else:
            run_checked([clearsight, "migrate", "--no-input"], env, 600, "migrate")
            run_checked(
                [clearsight, "load-demo"], env, 1200, "load-demo (six years of monthly data x 2 authorities)"
            )
        out = run_checked([str(VENV_BIN / "python"), "-c", DISCOVER], env, 120, "discover ids")
        targets = json.loads(out.split("BENCH-JSON ", 1)[1])
        for t in targets:
            log(
                f"    {t['authority']}: plan {t['plan']}; computed measure {t['computed_measure']} "
                f"({t['computed_key']}, {t['computed_values']} values); {t['other_source']} measure "
                f"{t['other_measure']} ({t['other_values']} values)"
            )

        pages: list[tuple[str, str, set[int]]] = [
            ("trivial (GET /sign-in/ -> 302)", "/sign-in/", {302}),
            ("plan overview", "/plans/{plan}/", {200}),
            ("dashboard", "/plans/{plan}/dashboard/", {200}),
            ("scorecard", "/plans/{plan}/scorecard/", {200}),
            ("measure (computed)", "/measures/{computed_measure}/", {200}),
            ("measure (other)", "/measures/{other_measure}/", {200}),
            ("indicator assessments_45wd", "/plans/{plan}/indicators/assessments_45wd/", {200}),
        ]
        all_pages = list(pages)
        if args.only:
            wanted = {w.strip() for w in args.only.split(",")}
            pages = [
                p
                for p in pages
                if p[0] in wanted or p[0].split(" ")[0] in wanted or p[0].startswith("trivial")
            ]

        port = free_port()
        server, label = start_server(env, port, data_dir / "server.log")
        log(f"Server: {label} on {HOST}:{port} (settings {SETTINGS}, DEBUG off, SQLite)")

        emails = [f"{DEMO_ROLES[i % len(DEMO_ROLES)]}@demo.example" for i in range(args.users)]
        sessions = [Session(port, email) for email in emails]
        for s in sessions:
            s.sign_in()
        log(
            f"Signed in {len(sessions)} sessions ({len(set(emails))} demo users, round-robin); "
            f"{args.duration:.0f} s of load per page; sessions alternate between the authorities' plans"
        )

        results: list[PageResult] = []
        for name, template, ok in pages:
            urls = [template.format(**targets[i % len(targets)]) for i in range(len(sessions))]
            if "None" in "".join(urls):
                r = PageResult(name, note="skipped: no such measure in the demo")
                results.append(r)
                log(f"  {name}: {r.note}")
                continue
            # Warm-up and access check: every session fetches its URL once.
            statuses = [s.request("GET", u)[0] for s, u in zip(sessions, urls, strict=True)]
            refused = sorted(
                {f"{s.email}:{st}" for s, st in zip(sessions, statuses, strict=True) if st not in ok}
            )
            if all(st not in ok for st in statuses):
                r = PageResult(name, note=f"skipped: answers {sorted(set(statuses))} (not built yet?)")
                results.append(r)
                log(f"  {name}: {r.note}")
                continue
            usable = [i for i, st in enumerate(statuses) if st in ok]
            # A session its user may not see the page with borrows the cookies of one that may.
            load_sessions = []
            for i, s in enumerate(sessions):
                if i in usable:
                    load_sessions.append(s)
                else:
                    stand_in = Session(port, sessions[usable[i % len(usable)]].email)
                    stand_in.cookies = dict(sessions[usable[i % len(usable)]].cookies)
                    load_sessions.append(stand_in)
            r = load_page(name, urls, load_sessions, ok, args.duration, args.max_requests, server.pid)
            if refused:
                r.note = "refused to " + ", ".join(refused) + " (their load ran on another user's session)"
            results.append(r)
            log(f"  {name}: {len(r.latencies)} ok, {r.errors} errors, p95 {r.pct(95):.0f} ms")
            if server.poll() is not None:
                raise SystemExit("bench_web: the server died under load; see server.log")

        print_table(results, label, args)
        if args.profile:
            stop_server(server)
            server = None
            profile_pages = [
                (name, t.format(**targets[0]))
                for name, t, ok in all_pages
                if 200 in ok and "None" not in t.format(**targets[0])
            ]
            profile_pages += [
                (name + " [" + targets[1]["authority"] + "]", t.format(**targets[1]))
                for name, t, ok in all_pages
                if 200 in ok and len(targets) > 1 and "None" not in t.format(**targets[1])
            ]
            log(
                "\nProfile: one request per page through Django's test client (same database, lead@demo.example)"
            )
            proc = subprocess.run(
                [str(VENV_BIN / "python"), "-c", PROFILE, json.dumps(profile_pages), "lead@demo.example"],
                env=env,
                cwd=ROOT,
                text=True,
                timeout=900,
            )
            if proc.returncode != 0:
                raise SystemExit("bench_web: profiling failed")
    finally:
        if server is not None:
            stop_server(server)
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


def print_table(results: list[PageResult], label: str, args: argparse.Namespace) -> None:
    trivial = results[0].pct(95) if results and results[0].latencies else float("nan")
    print()
    print(f"Web pages under load: {args.users} signed-in sessions, {args.duration:.0f} s per page; {label}")
    head = (
        f"{'page':<30} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'req/s':>6} "
        f"{'srv CPU':>7} {'cli CPU':>7} {'p95/trivial':>11}  target"
    )
    print(head)
    print("-" * len(head))
    misses = 0
    for r in results:
        if not r.latencies:
            print(f"{r.name:<30} {'-':>8}  {r.note}")
            continue
        n = len(r.latencies)
        cores = f"{r.server_cpu / r.elapsed:.2f}", f"{r.client_cpu / r.elapsed:.2f}"
        p95 = r.pct(95)
        is_trivial = r is results[0]
        verdict = "" if is_trivial else ("PASS" if p95 < P95_TARGET_MS and r.errors == 0 else "MISS")
        if verdict == "MISS":
            misses += 1
            over = f" (+{p95 - P95_TARGET_MS:.0f} ms)" if p95 >= P95_TARGET_MS else ""
            verdict += over + (f" ({r.errors} errors)" if r.errors else "")
        print(
            f"{r.name:<30} {n + r.errors:>8} {r.errors:>6} {r.pct(50):>7.0f} {p95:>7.0f} {r.pct(99):>7.0f} "
            f"{n / r.elapsed:>6.1f} {cores[0]:>7} {cores[1]:>7} {p95 / trivial:>10.1f}x  {verdict}"
        )
        if r.error_kinds:
            print(f"{'':<30}   errors: {r.error_kinds}")
        if r.note:
            print(f"{'':<30}   {r.note}")
    print(
        f"\nTarget: p95 < {P95_TARGET_MS:.0f} ms with {args.users} concurrent signed-in users. "
        f"{'All pages PASS.' if not misses else f'{misses} page(s) MISS.'}"
    )
    print("CPU columns: cores used on average by the server and by this load generator (same machine).")


if __name__ == "__main__":
    sys.exit(main())

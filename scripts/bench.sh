#!/usr/bin/env bash
# Clearsight's benchmarks (`make bench`): scripts that PRINT figures (wall time, peak memory, rows
# per second) and check them against the targets, printing PASS or MISS. They are not timed tests:
# a missed target does not fail the run; a benchmark that crashes does.
#
#   make bench                          # every bench, child data at council and national scale
#   BENCH_SCALE=council make bench      # child data at council scale only (about a minute and a half)
#   BENCH_KEEP=/tmp/bench make bench    # keep the generated files and DuckDB stores there
#   BENCH_ONLY=childdata make bench     # one bench by name (default: all): childdata, web, load, reports
#
# Run on a quiet machine: the child-data bench flags a stage when other processes used more than
# 10% of the CPU while it ran. Figures from the last full run: docs/benchmarks-results.md.
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PY:-.venv/bin/python}"
BENCH_SCALE="${BENCH_SCALE:-both}"   # council | national | both
BENCH_ONLY="${BENCH_ONLY:-all}"
BENCH_KEEP="${BENCH_KEEP:-}"

wants() { [ "$BENCH_ONLY" = all ] || [ "$BENCH_ONLY" = "$1" ]; }
banner() { printf '\n==> bench: %s\n' "$1"; }

# ---------------------------------------------------------------------------------------------
# 1. Child data: synth, ingest, compute (authority, team, worker), bare DuckDB scan, CIN parsing
#    against the DfE validator's reader. Each stage in a fresh process, for its own peak RSS.
if wants childdata; then
    banner "child data (scale: $BENCH_SCALE)"
    keep=()
    [ -n "$BENCH_KEEP" ] && keep=(--keep "$BENCH_KEEP")
    "$PY" scripts/bench_childdata.py --scale "$BENCH_SCALE" "${keep[@]}"
fi

# ---------------------------------------------------------------------------------------------
# 2. Web: 20 signed-in users load the dashboard, scorecard, measure and drill-down pages of a
#    running server (gunicorn) with six years of monthly data for both demo authorities.
if wants web; then
    banner "web load test"
    web_keep=()
    [ -n "$BENCH_KEEP" ] && web_keep=(--keep "$BENCH_KEEP/web")
    "$PY" scripts/bench_web.py "${web_keep[@]}"
fi

# ---------------------------------------------------------------------------------------------
# 3. Load: on PostgreSQL (BENCH_LOAD_DATABASE_URL, default cs_data_load on 127.0.0.1, rebuilt),
#    20 writers post action updates through the real form (CSRF, optimistic-lock conflicts retried)
#    while 20 readers load the dashboard, for 60 s; then the updates in the database are counted
#    against the accepted posts. Unlike the others this one FAILS on any error, lost or duplicated
#    update. BENCH_LOAD_ARGS passes options, e.g. "--seconds 30 --children 2000 --reuse".
if wants load; then
    banner "load: concurrent writers and readers on PostgreSQL"
    # shellcheck disable=SC2086
    "$PY" scripts/bench_load.py ${BENCH_LOAD_ARGS:-}
fi

# ---------------------------------------------------------------------------------------------
# 4. Reports: the time to build and draw a board pack in each format (PDF, Word, Excel) for both
#    demo authorities (Wirral's plan has the most actions), on a demo database of its own in a
#    temporary folder ($BENCH_KEEP/reports, reused, when BENCH_KEEP is set): never the developer's var/.
if wants reports; then
    banner "reports (board pack: PDF, Word, Excel)"
    if [ -n "$BENCH_KEEP" ]; then
        reports_dir="$BENCH_KEEP/reports"
        mkdir -p "$reports_dir"
    else
        reports_dir="$(mktemp -d -t clearsight-bench-reports-XXXXXX)"
        trap 'rm -rf "$reports_dir"' EXIT
    fi
    (
        export CLEARSIGHT_DATA_DIR="$reports_dir" DJANGO_SETTINGS_MODULE=clearsight.config.settings.dev
        if [ ! -f "$reports_dir/.demo-loaded" ]; then
            echo "Loading the demo into $reports_dir (about half a minute)"
            .venv/bin/clearsight migrate --no-input -v 0
            .venv/bin/clearsight load-demo > "$reports_dir/load-demo.log" 2>&1
            touch "$reports_dir/.demo-loaded"
        fi
        "$PY" scripts/bench_reports.py
    )
fi

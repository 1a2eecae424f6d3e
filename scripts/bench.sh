#!/usr/bin/env bash
# Benchmarks. Each prints its own table; BENCH_ONLY=<name> runs one of them, e.g.
#   BENCH_ONLY=reports bash scripts/bench.sh
# Needs the demo loaded (`make setup`).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
only=${BENCH_ONLY:-}

run() {  # run NAME COMMAND...
	local name=$1
	shift
	if [[ -z "$only" || "$only" == "$name" ]]; then
		echo "==> bench: $name"
		"$@"
	fi
}

run reports "$PY" scripts/bench_reports.py "$@"

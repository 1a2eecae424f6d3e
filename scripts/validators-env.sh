#!/usr/bin/env bash
# Create (or bring up to date) .venv-validators: the DfE validation rule packs from Data to Insight,
# csc-validator-be-903 and csc-validator-be-cin, in an environment of their own. They pin pandas<2
# and numpy<1.25 (Python 3.11 at most) and change global logging when imported, so Clearsight runs
# them in a subprocess with this environment's python (clearsight/engine/childdata/validation.py).
#
# Idempotent: a stamp file records the SHA-256 of requirements/validators.lock; when it matches,
# the script does nothing. Every version is pinned, with hashes, in the lock file.
#
#   bash scripts/validators-env.sh            # create or update
#   VALIDATORS_VENV=/elsewhere bash scripts/validators-env.sh
#   PYTHON=/usr/bin/python3.11 bash scripts/validators-env.sh
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${VALIDATORS_VENV:-.venv-validators}"
PYTHON="${PYTHON:-python3.11}"
LOCK=requirements/validators.lock
STAMP="$VENV/.validators-installed"

want="$(sha256sum "$LOCK" | cut -d' ' -f1)"
if [ -x "$VENV/bin/python" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
    echo "$VENV is up to date with $LOCK."
    exit 0
fi

command -v "$PYTHON" >/dev/null || {
    echo "$PYTHON is needed to create $VENV (the validators need Python 3.11 or older)." >&2
    exit 1
}
version="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
case "$version" in
    3.9|3.10|3.11) ;;
    *) echo "$PYTHON is Python $version; the validators need 3.9-3.11 (numpy<1.25)." >&2; exit 1 ;;
esac

started=$SECONDS
if [ ! -x "$VENV/bin/python" ]; then
    echo "Creating $VENV with $PYTHON ($version)"
    "$PYTHON" -m venv "$VENV"
fi

echo "Installing $LOCK into $VENV"
# uv (from the project's .venv) is much faster; pip with --require-hashes is the fallback.
UV="${UV:-.venv/bin/uv}"
if [ -x "$UV" ]; then
    "$UV" pip sync --quiet --python "$VENV/bin/python" --require-hashes "$LOCK"
else
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
        --require-hashes -r "$LOCK"
fi

# Both wheels ship a top-level rpc_main.py (their web front end's entry point); we never import it.
"$VENV/bin/python" - <<'PY'
import importlib.metadata as md
for name in ("csc-validator-be-903", "csc-validator-be-cin", "pandas", "numpy"):
    print(f"  {name} {md.version(name)}")
PY
echo "$want" > "$STAMP"
echo "$VENV ready in $((SECONDS - started))s."

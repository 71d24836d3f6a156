#!/usr/bin/env bash
# Set up and run the service on port 3012 with embedded defaults (no MongoDB, Redis or cloud).
# The embedded document store is single-process and not thread-safe: one gunicorn worker, one thread.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements/production.txt
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-dinov3site.settings.local}"
.venv/bin/python manage.py migrate --noinput >/dev/null
.venv/bin/python manage.py startup_report
exec .venv/bin/gunicorn dinov3site.wsgi --bind "${API_HOST:-127.0.0.1}:${API_PORT:-3012}" \
  --workers 1 --threads 1 --timeout "${GUNICORN_TIMEOUT:-600}" --access-logfile - --log-level info

"""manage.py startup_report: say at start what runs where (store, cache, queue, storage, auth, model)."""
import os

from django.conf import settings
from django.core.management.base import BaseCommand

from dinov3site.jobs.roles import model_runs_here
from dinov3site.system.selectors import health_report


class Command(BaseCommand):
    help = "Print the configuration the service starts with, and warnings an operator should see."

    def handle(self, *args, **options):
        report = health_report()
        database = report["database"]
        self.stdout.write(f"DINOv3 service {report['version']} on port {os.environ.get('API_PORT', '3012')}")
        self.stdout.write(f"  documents: {database['engine']} {database.get('version') or ''} "
                          f"({'persistent' if database['persistent'] else 'NOT persistent'})")
        if database.get("single_threaded"):
            self.stdout.write(self.style.WARNING(
                "  The embedded store is single-threaded: one web process, one thread, jobs run in the request. "
                "Set MONGODB_URL (or run scripts/serve.sh where the bundled MongoDB runs) for the real stack."))
        self.stdout.write(f"  cache:     {report['cache']['type']}")
        self.stdout.write(f"  queue:     {report['queue']['type']}")
        self.stdout.write(f"  storage:   {report['storage']['type']}")
        model = report["model"]
        if not model_runs_here():
            self.stdout.write(f"  model:     {model.get('name')} (loaded by the worker processes, never by the web "
                              "server; health shows their status)")
        else:
            self.stdout.write(f"  model:     {model.get('name')} ({'loaded' if model['loaded'] else 'NOT loaded'})")
        if model_runs_here() and not model["loaded"] and model.get("instructions"):
            self.stdout.write(self.style.WARNING(f"  {model['instructions']}"))
        if not settings.API_AUTH_REQUIRED:
            self.stdout.write(self.style.WARNING(
                "  API keys are OFF (API_AUTH_REQUIRED=false): anyone who can reach this port can use the API."))
        self.stdout.write(f"  docs:      http://localhost:{os.environ.get('API_PORT', '3012')}/docs")

"""manage.py startup_report: say at start what runs where (store, cache, queue, storage, auth, model)
and which of the safe defaults are in force (bind address, API keys, DEBUG, secret key, links)."""
import os

from django.conf import settings
from django.core.management.base import BaseCommand

from dinov3site.jobs.roles import model_runs_here
from dinov3site.settings.safe import is_loopback
from dinov3site.system.selectors import health_report


class Command(BaseCommand):
    help = "Print the configuration the service starts with, and warnings an operator should see."

    def handle(self, *args, **options):
        report = health_report()
        database = report["database"]
        self.stdout.write(f"DINOv3 service {report['version']} on {settings.API_HOST}:{settings.API_PORT}")
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
        self._safety()
        self.stdout.write(f"  docs:      {settings.SITE_URL}/docs")

    def _safety(self) -> None:
        local = is_loopback(settings.API_HOST)
        reach = "this machine only (loopback)" if local else "the network (beyond loopback)"
        self.stdout.write(f"  listens:   {settings.API_HOST}:{settings.API_PORT}, reachable from {reach}")
        self.stdout.write(f"  links:     {settings.SITE_URL} (SITE_URL)")
        explicit = os.environ.get("API_AUTH_REQUIRED", "") != ""
        if settings.API_AUTH_REQUIRED:
            why = "API_AUTH_REQUIRED=true" if explicit else "the default beyond loopback"
            self.stdout.write(f"  API keys:  required ({why}); create one with manage.py create_api_key <name>")
        elif local:
            self.stdout.write(self.style.WARNING(
                "  API keys:  off (loopback only): any program on this machine can use the API; "
                "keys clients send are ignored."))
        else:
            self.stdout.write(self.style.WARNING(
                "  API keys:  OFF, switched off explicitly (API_AUTH_REQUIRED=false) while listening beyond "
                "loopback: anyone who can reach this port can use the API."))
        if settings.DEBUG:
            self.stdout.write(self.style.WARNING("  DEBUG:     ON (DJANGO_DEBUG): error pages show settings and code"))
        else:
            self.stdout.write("  DEBUG:     off")
        source = "DJANGO_SECRET_KEY" if os.environ.get("DJANGO_SECRET_KEY") else f"{settings.DATA_DIR}/secret_key"
        self.stdout.write(f"  secret:    from {source}")

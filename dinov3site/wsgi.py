"""WSGI entry point (gunicorn dinov3site.wsgi)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dinov3site.settings.local")
application = get_wsgi_application()

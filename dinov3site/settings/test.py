"""Test settings: a real MongoDB server, a temporary data directory, fast hashing.

The first process that imports these settings (pytest, or pytest-xdist's controller) starts the
bundled ``mongod`` on a free loopback port and exports its URL as ``MONGODB_TEST_URL``; xdist
workers start later, inherit it and each use their own database on that one server.
"""
import atexit
import os
import sys
import tempfile
from pathlib import Path

from dinov3site.mongod import Mongod, MongodUnavailable

from .base import *  # noqa: F401,F403
from .base import REST_FRAMEWORK

SECRET_KEY = "test-only-key-not-secret-but-long-enough-for-django-checks-0123456789"
DEBUG = False
ALLOWED_HOSTS = ["*"]
SITE_URL = "http://testserver"  # the Django test client's host
API_AUTH_REQUIRED = False  # tests that need keys switch them on
DATA_DIR = Path(tempfile.mkdtemp(prefix="dinov3-test-"))
MEDIA_ROOT = DATA_DIR / "media"
STATIC_ROOT = DATA_DIR
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT)},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}


def _test_mongodb_url() -> str:
    """MONGODB_TEST_URL's server, else a bundled one for this run, else mongomock (with the reason)."""
    base = os.environ.get("MONGODB_TEST_URL", "")
    if not base:
        try:
            server = Mongod().start()
        except MongodUnavailable as exc:
            os.environ["MONGODB_TEST_FALLBACK"] = str(exc)
            print(f"Tests run on mongomock: {exc}", file=sys.stderr)
            return "mongomock://localhost"
        atexit.register(server.stop)
        base = os.environ["MONGODB_TEST_URL"] = server.url
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return f"{base.rstrip('/')}/dinov3_test_{worker}"


MONGODB_URL = _test_mongodb_url()
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
# Throttles are exercised by their own tests with their own rates.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"default": "100000/minute", "batch": "100000/minute", "upload": "100000/minute"},
}
DINOV3_MODEL_NAME = str(DATA_DIR / "no-model-here")

"""Test settings: in-process mongomock documents, a temporary data directory, fast hashing."""
import os
import tempfile
from pathlib import Path

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
# A real server when MONGODB_TEST_URL is set, otherwise in-process mongomock.
MONGODB_URL = os.environ.get("MONGODB_TEST_URL") or "mongomock://localhost"
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

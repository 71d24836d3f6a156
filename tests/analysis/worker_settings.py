"""Settings for the real Celery worker processes (and the operator's `manage.py reindex --jobs`)
of the shared-reindex test: the fault tests' worker settings, plus the test's tiny model and
media folder, and time limits that fit a batch of extractions."""
import os

from tests.reliability.worker_settings import *  # noqa: F401,F403

DINOV3_MODEL_NAME = os.environ["DINOV3_MODEL_NAME"]
DINOV3_DEVICE = "cpu"
MEDIA_ROOT = os.environ["MEDIA_ROOT"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": MEDIA_ROOT}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_IMPORTS: list[str] = []
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 110
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 300}

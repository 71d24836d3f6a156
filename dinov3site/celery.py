"""The Celery app.

The broker is CELERY_BROKER_URL or REDIS_URL; without either, tasks run eagerly in-process. Task
queues are CELERY_TASK_ROUTES' (in the settings). What a worker process does besides running
tasks (load the model, beat, take back stale jobs) is dinov3site.system.worker's, connected once
Django is ready: this module is imported with the project package, before Django is configured,
so it imports no app code.
"""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dinov3site.settings.local")

app = Celery("dinov3site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["dinov3site.jobs"], related_name="model_calls")

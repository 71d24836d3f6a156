"""Where the model runs: in Celery worker processes, never in web processes.

Eager mode (the tests, and the single-threaded embedded fallback) has no worker: everything runs
in the one process. Otherwise a web process hands model work to the ``gpu`` queue and reads the
model's status from the workers' beats (``WorkerBeat``).
"""
from django.conf import settings

_in_worker = False


def mark_worker_process() -> None:
    global _in_worker
    _in_worker = True


def in_worker_process() -> bool:
    """True in a Celery worker (marked by the worker signals of dinov3site.system.worker)."""
    return _in_worker


def model_runs_here() -> bool:
    """True in workers and in eager mode; False in web processes of the real stack."""
    return _in_worker or bool(settings.CELERY_TASK_ALWAYS_EAGER)

"""Create jobs, run them with progress, record the outcome.

``job_submit`` saves a pending Job and enqueues a Celery task with its id; the task calls
``job_run`` with the work function, which marks running/succeeded/failed, records progress and
turns any error into the API's envelope. Re-running a finished job does nothing (idempotent), so
a redelivered task never duplicates results.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any, Callable

from dinov3site.api.errors import ApplicationError, envelope

from .documents import Job

logger = logging.getLogger(__name__)
# A task that keeps killing its worker is failed after this many deliveries.
MAX_ATTEMPTS = 3

ProgressFn = Callable[[int, int], None]


def job_submit(*, kind: str, params: dict, total: int, task, created_by: str | None = None) -> Job:
    job = Job(kind=kind, params=params, progress_total=total, created_by=created_by).save()
    task.apply_async(args=[job.id])
    return job.reload()


def job_run(*, job_id: str, work: Callable[[Job, ProgressFn], dict[str, Any]]) -> Job | None:
    job = Job.objects(id=job_id).first()
    if job is None or job.status in ("succeeded", "failed"):
        return job
    job.attempts += 1
    if job.attempts > MAX_ATTEMPTS:
        return _finish(job, error=envelope("PROCESSING_FAILED", "The job failed repeatedly and was stopped.",
                                           {"attempts": job.attempts - 1}))
    job.status, job.started_at = "running", datetime.now(timezone.utc)
    job.save()

    def progress(done: int, total: int) -> None:
        Job.objects(id=job_id).update_one(set__progress_done=done, set__progress_total=total)

    try:
        result = work(job, progress)
    except ApplicationError as exc:
        return _finish(job, error=envelope(exc.code, exc.message, exc.details))
    except Exception as exc:  # noqa: BLE001 - a job records every failure
        logger.exception("Job %s (%s) failed", job_id, job.kind)
        return _finish(job, error=envelope("PROCESSING_FAILED", "The job failed.", {"type": type(exc).__name__}))
    return _finish(job, result=result)


def _finish(job: Job, *, result: dict | None = None, error: dict | None = None) -> Job:
    job.reload()
    job.status = "failed" if error else "succeeded"
    job.result, job.error = result, error
    if not error:
        job.progress_done = job.progress_total
    job.finished_at = datetime.now(timezone.utc)
    job.save()
    return job

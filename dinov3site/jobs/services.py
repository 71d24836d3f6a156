"""Create jobs, run them with progress, record the outcome, take back jobs a dead worker held.

``job_submit`` saves a pending Job and enqueues a Celery task with its id; the task calls
``job_run`` with the work function. ``job_run`` claims the job atomically (pending, or running
in a process that is gone), beats a heartbeat while the work runs, records progress and turns
any error into the API's envelope. Re-running a finished job, or one another live process is
running, does nothing, so a redelivered or duplicated message never duplicates results.

A worker killed with ``kill -9`` leaves its job ``running`` with a heartbeat that stops.
``job_sweep_stale`` (every worker runs it in the background, see ``dinov3site.system.worker``) puts
such jobs back in the queue, or fails them with the reason after ``MAX_ATTEMPTS``.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from celery import current_app
from django.conf import settings

from core.errors import ApplicationError, envelope

from .documents import Job, WorkerBeat

logger = logging.getLogger(__name__)
# A task that keeps killing its worker is failed after this many deliveries.
MAX_ATTEMPTS = 3
HOST = socket.gethostname()

ProgressFn = Callable[[int, int], None]
# Jobs this process is running now (a threads pool may be handed a duplicate of one of them).
_running_here: set[str] = set()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def worker_id() -> str:
    return f"{HOST}:{os.getpid()}"


def owner_alive(owner: str | None) -> bool | None:
    """True/False for a process on this host; None for another host (only its heartbeat tells)."""
    if not owner or ":" not in owner:
        return False
    host, pid = owner.rsplit(":", 1)
    if host != HOST:
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, ValueError):
        return True
    return True


def job_submit(*, kind: str, params: dict, total: int, task, created_by: str | None = None) -> Job:
    job = Job(kind=kind, params=params, progress_total=total, task=task.name, created_by=created_by).save()
    task.apply_async(args=[job.id])
    return job.reload()


def _claim(job_id: str) -> Job | None:
    """Mark the job running for this process if nobody alive runs it; None when it is not ours."""
    now = _now()
    fields = dict(set__status="running", set__started_at=now, set__heartbeat_at=now,
                  set__worker=worker_id(), set__progress_done=0, inc__attempts=1)
    if Job.objects(id=job_id, status="pending").update_one(**fields):
        return Job.objects(id=job_id).first()
    job = Job.objects(id=job_id, status="running").first()
    if job is None or job_id in _running_here:
        return None
    alive = owner_alive(job.worker)
    stale = job.heartbeat_at is None or job.heartbeat_at < now - timedelta(seconds=settings.JOB_STALE_S)
    if (alive is True and job.worker != worker_id()) or (alive is None and not stale):
        return None  # a live process runs it: this delivery is a duplicate
    if Job.objects(id=job_id, status="running", worker=job.worker, attempts=job.attempts).update_one(**fields):
        return Job.objects(id=job_id).first()
    return None


class _Heartbeat:
    """Refreshes ``heartbeat_at`` every JOB_HEARTBEAT_S while the work runs."""

    def __init__(self, job_id: str):
        self.job_id, self.stopped = job_id, threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"job-heartbeat-{job_id[:8]}", daemon=True)

    def _beat(self) -> None:
        while not self.stopped.wait(settings.JOB_HEARTBEAT_S):
            try:
                Job.objects(id=self.job_id, worker=worker_id()).update_one(set__heartbeat_at=_now())
            except Exception:  # noqa: BLE001 - a missed beat is retried at the next one
                logger.warning("Job %s: heartbeat not recorded", self.job_id, exc_info=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)


def job_run(*, job_id: str, work: Callable[[Job, ProgressFn], dict[str, Any]]) -> Job | None:
    job = _claim(job_id)
    if job is None:
        return Job.objects(id=job_id).first()
    if job.attempts > MAX_ATTEMPTS:
        return _finish(job, error=envelope("PROCESSING_FAILED", "The job failed repeatedly and was stopped.",
                                           {"attempts": job.attempts - 1}))

    def progress(done: int, total: int) -> None:
        Job.objects(id=job_id).update_one(set__progress_done=done, set__progress_total=total,
                                          set__heartbeat_at=_now())

    _running_here.add(job_id)
    try:
        with _Heartbeat(job_id):
            result = work(job, progress)
    except ApplicationError as exc:
        return _finish(job, error=envelope(exc.code, exc.message, exc.details))
    except Exception as exc:  # noqa: BLE001 - a job records every failure
        logger.exception("Job %s (%s) failed", job_id, job.kind)
        return _finish(job, error=envelope("PROCESSING_FAILED", "The job failed.", {"type": type(exc).__name__}))
    finally:
        _running_here.discard(job_id)
    return _finish(job, result=result)


def _finish(job: Job, *, result: dict | None = None, error: dict | None = None) -> Job:
    job.reload()
    job.status = "failed" if error else "succeeded"
    job.result, job.error = result, error
    if not error:
        job.progress_done = job.progress_total
    job.finished_at = _now()
    job.save()
    return job


def job_sweep_stale() -> list[str]:
    """Take back running jobs whose process is gone: re-queue them, or fail them after MAX_ATTEMPTS."""
    cutoff = _now() - timedelta(seconds=settings.JOB_STALE_S)
    taken: list[str] = []
    for job in Job.objects(status="running"):
        alive = owner_alive(job.worker)
        lost = alive is False or (alive is None and (job.heartbeat_at is None or job.heartbeat_at < cutoff))
        if not lost:
            continue
        if job.attempts >= MAX_ATTEMPTS or not job.task:
            reason = envelope("PROCESSING_FAILED", "The worker running this job stopped (killed or out of memory).",
                              {"attempts": job.attempts, "worker": job.worker})
            if Job.objects(id=job.id, status="running", worker=job.worker).update_one(
                    set__status="failed", set__error=reason, set__finished_at=_now()):
                taken.append(job.id)
            continue
        if Job.objects(id=job.id, status="running", worker=job.worker).update_one(set__status="pending"):
            logger.warning("Job %s: its worker %s is gone; queued again", job.id, job.worker)
            current_app.send_task(job.task, args=[job.id])
            taken.append(job.id)
    return taken


def worker_beat_record(*, queues: list[str], model: dict, gpu: dict, rss_mb: float) -> None:
    WorkerBeat.objects(id=worker_id()).update_one(
        upsert=True, set__queues=queues, set__model=model, set__gpu=gpu, set__rss_mb=rss_mb, set__beat_at=_now())


def worker_beat_forget() -> None:
    WorkerBeat.objects(id=worker_id()).delete()

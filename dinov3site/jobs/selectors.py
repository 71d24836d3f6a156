"""Reads of jobs."""
from datetime import datetime, timedelta, timezone

from core.errors import NotFound

from .documents import Job, WorkerBeat

# Workers beat every 10 s (dinov3site.system.worker); one silent for longer than this is gone.
WORKER_FRESH_S = 35


def job_get(*, job_id: str) -> Job:
    job = Job.objects(id=str(job_id)).first()
    if job is None:
        raise NotFound(f"Job {job_id} not found.", details={"job_id": str(job_id)})
    return job


def job_list(*, status: str | None = None, kind: str | None = None, limit: int = 50, created_by: str | None = None,
             owners: list[str | None] | None = None) -> list[Job]:
    """Running and pending jobs first, then the most recent others (`owners`: only jobs they submitted)."""
    queryset = Job.objects(status=status) if status else Job.objects
    if kind:
        queryset = queryset.filter(kind=kind)
    if created_by:
        queryset = queryset.filter(created_by=created_by)
    if owners is not None:
        queryset = queryset.filter(created_by__in=owners)
    queryset = queryset.exclude("result").order_by("-created_at")
    if status:
        return list(queryset[:limit])
    active = list(queryset.filter(status__in=["running", "pending"])[:limit])
    return active + list(queryset.filter(status__in=["succeeded", "failed"])[:max(limit - len(active), 0)])


def job_queue_depth() -> dict[str, int]:
    try:
        return {status: Job.objects(status=status).count() for status in ("pending", "running")}
    except Exception:  # noqa: BLE001 - metrics must answer even when the store is down
        return {"pending": 0, "running": 0}


def workers_alive() -> list[WorkerBeat]:
    """Worker processes that reported within WORKER_FRESH_S, newest first."""
    cutoff = datetime.now(timezone.utc) - timedelta(seconds=WORKER_FRESH_S)
    try:
        return list(WorkerBeat.objects(beat_at__gte=cutoff).order_by("-beat_at"))
    except Exception:  # noqa: BLE001 - health must answer even when the store is down
        return []

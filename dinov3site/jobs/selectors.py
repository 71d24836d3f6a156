"""Reads of jobs."""
from dinov3site.api.errors import NotFound

from .documents import Job


def job_get(*, job_id: str) -> Job:
    job = Job.objects(id=str(job_id)).first()
    if job is None:
        raise NotFound(f"Job {job_id} not found.", details={"job_id": str(job_id)})
    return job


def job_list(*, status: str | None = None, kind: str | None = None, limit: int = 20) -> list[Job]:
    """The newest jobs first (the jobs panel: running ones and the recent past)."""
    queryset = Job.objects.order_by("-created_at")
    if status:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    return list(queryset.exclude("params")[:limit])


def job_queue_depth() -> dict[str, int]:
    try:
        return {status: Job.objects(status=status).count() for status in ("pending", "running")}
    except Exception:  # noqa: BLE001 - metrics must answer even when the store is down
        return {"pending": 0, "running": 0}

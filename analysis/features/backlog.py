"""Vectors the library lacks are extracted by a background job, never inside a page or a search.

Library-wide reads (the image->image search behind the asset page's "similar" list, near
duplicates, the map) use the vectors already extracted and queue the rest as one
``features.batch_extract`` job; while that job is pending or running no second one is queued.
In eager mode (tests, the single-threaded fallback) the job runs at once, in the caller.
"""
from __future__ import annotations

from dinov3site.jobs.documents import Job
from dinov3site.jobs.services import job_submit

from analysis.tasks import features_extract_task

from .selectors import assets_without_vectors

# One job takes at most this many (a CPU does about 10 images/s); the next read queues the rest.
BACKLOG_JOB_LIMIT = 200
KIND = "features.batch_extract"


def features_backlog_ids(*, model: str, preprocessing: str, limit: int = BACKLOG_JOB_LIMIT) -> list[str]:
    """Newest assets without a vector from this model and preprocessing."""
    return assets_without_vectors(model=model, preprocessing=preprocessing, limit=limit)


def features_backlog_queue(*, model: str, preprocessing: str) -> dict:
    """Queue extraction of the missing vectors (one job at a time): {"missing", "job_id"}."""
    running = Job.objects(kind=KIND, status__in=["pending", "running"], params__backlog=True).only("id").first()
    missing = features_backlog_ids(model=model, preprocessing=preprocessing)
    if running is not None:
        return {"missing": len(missing), "job_id": running.id}
    if not missing:
        return {"missing": 0, "job_id": None}
    job = job_submit(kind=KIND, params={"asset_ids": missing, "force": False, "backlog": True},
                     total=len(missing), task=features_extract_task)
    return {"missing": len(missing) if job.status != "succeeded" else 0, "job_id": job.id}

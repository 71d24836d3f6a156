"""Celery tasks of the shot library: take a job id, re-fetch, call the service.

Storing shots may extract keyframe features, so it runs on the "gpu" queue like analysis' tasks (CELERY_TASK_ROUTES, in the settings).
"""
from celery import shared_task

from dinov3site.jobs.services import job_run

from .services import shots_store


@shared_task(name="cinematics.tasks.shots_store_task", acks_late=True)
def shots_store_task(job_id: str) -> None:
    job_run(job_id=job_id, work=lambda job, progress: shots_store(**job.params, progress=progress))

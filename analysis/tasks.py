"""Celery tasks of the analysis app (queue "gpu"): take a job id, re-fetch, call the part's service.

One module for the whole app, so the tasks keep their names (``analysis.tasks.*``) and route."""
from celery import shared_task

from dinov3site.jobs.services import job_run

from .features.missing import features_missing_run
from .features.services import features_batch_extract
from .quality.services import quality_batch_check, quality_scores_record
from .search.map_services import library_map_make


@shared_task(name="analysis.tasks.features_extract_task", acks_late=True)
def features_extract_task(job_id: str) -> None:
    job_run(job_id=job_id, work=lambda job, progress: features_batch_extract(
        asset_ids=job.params["asset_ids"], force=job.params.get("force", False), progress=progress))


@shared_task(name="analysis.tasks.quality_batch_task", acks_late=True)
def quality_batch_task(job_id: str) -> None:
    job_run(job_id=job_id, work=lambda job, progress: quality_batch_check(**job.params, progress=progress))


@shared_task(name="analysis.tasks.features_missing_task", acks_late=True)
def features_missing_task(job_id: str) -> None:
    job_run(job_id=job_id, work=lambda job, progress: features_missing_run(
        asset_ids=job.params["asset_ids"], progress=progress))


@shared_task(name="analysis.tasks.quality_scores_task", acks_late=True)
def quality_scores_task(job_id: str) -> None:
    job_run(job_id=job_id, work=lambda job, progress: quality_scores_record(
        asset_ids=job.params["asset_ids"], progress=progress))


@shared_task(name="analysis.tasks.library_map_task", acks_late=True)
def library_map_task(job_id: str) -> None:
    job_run(job_id=job_id, work=lambda job, progress: library_map_make(
        model=job.params.get("model"), preprocessing=job.params.get("preprocessing")))

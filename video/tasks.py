"""Celery tasks of the video app: take a job id, re-fetch the video, call the service."""
from celery import shared_task

from assets.selectors import asset_get
from dinov3site.jobs.services import job_run

from .playback_services import video_playback_make
from .services import video_shots_analyze


def _analyze(job, progress) -> dict:
    params = job.params
    asset = asset_get(asset_id=params["video_asset_id"], kind="video", field="video_asset_id")
    return video_shots_analyze(asset=asset, threshold=params["threshold"],
                               extract_keyframes=params["extract_keyframes"], progress=progress,
                               created_by=params.get("created_by"))


@shared_task(name="video.tasks.video_shots_task", acks_late=True)
def video_shots_task(job_id: str) -> None:
    job_run(job_id=job_id, work=_analyze)


@shared_task(name="video.tasks.video_playback_task", acks_late=True)
def video_playback_task(job_id: str) -> None:
    job_run(job_id=job_id, work=lambda job, progress: video_playback_make(
        video_asset_id=job.params["video_asset_id"], progress=progress))

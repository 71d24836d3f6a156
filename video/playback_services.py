"""What a browser plays for a video: the original, or an H.264 proxy made by a background job.

``video_playback_prepare`` is called when a video is first looked at (the player asks through
``POST /api/v1/videos/{id}/playback``): it answers at once when the answer is known, otherwise it
claims the video atomically (so two viewers start one job) and submits ``video_playback_task``.
The job checks the codec; browser-playable videos are marked "native", others get a proxy.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from assets.documents import Asset
from assets.selectors import asset_get
from assets.storage import file_delete, file_save, local_copy, media_url
from dinov3site.jobs.documents import Job
from dinov3site.jobs.services import job_submit

from .playback import browser_playable, h264_proxy_write

PROXY_DIR = "playback"


def video_playback_state(*, asset: Asset) -> dict:
    """{status, url, job_id}: the URL to play now (the original until a proxy is ready)."""
    status = asset.playback_status or "unknown"
    url = media_url(asset.playback_name) if status == "ready" and asset.playback_name else media_url(asset.stored_name)
    return {"video_asset_id": asset.id, "status": status, "url": url, "job_id": asset.playback_job_id,
            "proxy": status == "ready"}


def video_playback_prepare(*, asset: Asset, task) -> tuple[dict, Job | None]:
    """The playback state, and the job making a proxy when one is (or was just) started."""
    if asset.playback_status in ("native", "ready"):
        return video_playback_state(asset=asset), None
    if asset.playback_status == "pending" and asset.playback_job_id:
        job = Job.objects(id=asset.playback_job_id).first()
        if job is not None and job.status in ("pending", "running"):
            return video_playback_state(asset=asset), job
    claimed = Asset.objects(id=asset.id, playback_status__in=["", "failed", "pending"]).update_one(
        set__playback_status="pending")
    if not claimed:
        asset.reload()
        return video_playback_state(asset=asset), None
    job = job_submit(kind="video.playback", params={"video_asset_id": asset.id}, total=max(asset.frame_count or 0, 1),
                     task=task)
    Asset.objects(id=asset.id).update_one(set__playback_job_id=job.id)
    asset.reload()
    return video_playback_state(asset=asset), job.reload()


def video_playback_make(*, video_asset_id: str, progress=None) -> dict:
    """The job's work: mark a playable original "native", or write and store an H.264 proxy."""
    asset = asset_get(asset_id=video_asset_id, kind="video", field="video_asset_id")
    try:
        with local_copy(asset.stored_name) as source:
            if browser_playable(source):
                Asset.objects(id=asset.id).update_one(set__playback_status="native")
                return {"video_asset_id": asset.id, "status": "native"}
            with tempfile.TemporaryDirectory(prefix="playback-") as work:
                target = Path(work) / f"{asset.id}.mp4"
                made = h264_proxy_write(source, target, progress=progress)
                file_delete(asset.playback_name)  # a proxy made again replaces the old one
                name = file_save(f"{PROXY_DIR}/{asset.id}.mp4", target.read_bytes())
    except Exception:
        Asset.objects(id=asset.id).update_one(set__playback_status="failed")
        raise
    Asset.objects(id=asset.id).update_one(set__playback_status="ready", set__playback_name=name)
    return {"video_asset_id": asset.id, "status": "ready", **made}


def playback_on_asset_delete(asset: Asset) -> dict:
    """The asset delete hook (registered in VideoConfig.ready()): deletes the playback proxy."""
    return {"playback_proxy": file_delete(asset.playback_name)} if asset.playback_name else {}

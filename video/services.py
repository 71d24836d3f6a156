"""Writes of the video app: analyse a video's shots (analyze-video-shots, its job, the UI), keep
the latest analysis with its keyframe assets, and clean both up when the video goes.

The engine (`video.engine`) decodes and measures; this layer adds what needs the platform:
stored files, keyframes as image assets, DINOv3 features of the keyframes when the model is
loaded, the error envelope, and the stored analysis that exports read.
"""
from __future__ import annotations

import logging
import time
import uuid
from contextlib import contextmanager
from pathlib import PurePath
from typing import Callable, Iterator

from django.core.cache import cache
from PIL import Image

from analysis.features.services import decode_failures, features_for, loaded_engine
from assets.documents import Asset
from assets.services import asset_create_from_image, asset_delete, assets_referenced, media_limits
from assets.storage import local_copy
from core import errors
from core.metrics import record_processed
from core.timing import Stopwatch
from dinov3site.jobs.services import owner_alive, worker_id
from media.errors import VideoDecodeError

from .documents import VideoShotAnalysis
from .engine.analyze import VideoAnalysis, analyze_video

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
KEYFRAME_TAG = "keyframe"


def _engine_or_note():
    """The loaded DINOv3 engine, or None and why not: shots are analysed without the model, and
    `keyframe_features` then stays null rather than being made up."""
    try:
        return loaded_engine(), None
    except errors.ModelNotLoaded as exc:
        return None, {"model_loaded": False, "message": "DINOv3 is not loaded, so keyframe_features are null.",
                      **(exc.details or {})}


def _keyframes_store(*, asset: Asset, analysis: VideoAnalysis, created_by: str | None = None) -> list[Asset]:
    """Each shot's keyframe as a PNG image asset pointing back at the video (deleted with it)."""
    stem = PurePath(asset.filename).stem or "video"
    created: list[Asset] = []
    try:
        for shot in analysis.shots:
            created.append(asset_create_from_image(
                image=shot.keyframe_image, filename=f"{stem}-shot{shot.shot_id:03d}.png", tags=[KEYFRAME_TAG],
                description=(f"Keyframe of shot {shot.shot_id} ({shot.start_time:.3f}-{shot.end_time:.3f} s, "
                             f"frame {shot.keyframe_frame}) of video {asset.filename} ({asset.id})"),
                source_asset_id=asset.id, source_time=shot.keyframe_time, created_by=created_by))
    except Exception:
        for keyframe in created:  # no half-stored set of keyframes
            asset_delete(asset=keyframe)
        raise
    return created


def _features(current, keyframes: list[Asset], images: list[Image.Image]) -> list[list[float]]:
    """One vector per keyframe: through the keyframe assets when stored (so they are cached and
    indexed like any image), else straight from the decoded frames."""
    if keyframes:
        vectors = features_for(assets=keyframes)
        return [vectors[keyframe.id].astype(float).tolist() for keyframe in keyframes]
    with decode_failures():
        return [vector.astype(float).tolist() for vector in current.embed_images(images)]


def _stale_keyframes_delete(*, video_asset_id: str, keep: set[str], recorded: list[str]) -> tuple[int, int]:
    """Delete the previous analysis' keyframes, and any keyframe of this video no analysis
    records (left by an analysis that failed half-way), so re-analysing leaves no orphans; but
    keep those that stored work (the shot library) still shows. Returns (deleted, kept)."""
    stale = {a.id: a for a in Asset.objects(id__in=[i for i in recorded if i not in keep])}
    for keyframe in Asset.objects(source_asset_id=video_asset_id, tags=KEYFRAME_TAG):
        if keyframe.id not in keep:
            stale[keyframe.id] = keyframe
    referenced = assets_referenced(asset_ids=list(stale))
    for keyframe in stale.values():
        if keyframe.id not in referenced:
            asset_delete(asset=keyframe)
    return len(stale) - len(referenced), len(referenced)


@contextmanager
def _one_analysis_at_a_time(video_asset_id: str, *, wait_s: float) -> Iterator[None]:
    """Analyses of the same video take turns: each replaces the previous one's keyframes, so two
    at once would delete each other's. The lock lives in the cache (Redis SETNX across processes
    when REDIS_URL is set) and expires on its own if its holder dies; a holder on this machine
    that was killed (a worker's kill -9) is noticed at once and its lock taken over."""
    key, token = f"video-shots-lock:{video_asset_id}", f"{worker_id()}:{uuid.uuid4().hex}"
    give_up = time.monotonic() + wait_s
    while not cache.add(key, token, timeout=int(wait_s) + 60):
        holder = cache.get(key)
        if isinstance(holder, str) and holder.count(":") >= 2 and owner_alive(holder.rsplit(":", 1)[0]) is False:
            if cache.get(key) == holder:
                cache.delete(key)
            continue
        if time.monotonic() > give_up:
            raise errors.ProcessingFailed("Another analysis of this video is still running; try again when it has finished.",
                                          details={"reason": "analysis_in_progress"})
        time.sleep(0.2)
    try:
        yield
    finally:
        if cache.get(key) == token:
            cache.delete(key)


def video_shots_analyze(*, asset: Asset, threshold: float, extract_keyframes: bool = True,
                        progress: Progress | None = None, deadline_s: float | None = None,
                        created_by: str | None = None) -> dict:
    """Analyse a video asset's shots, store the analysis (replacing the previous one and its
    keyframes), and answer the analyze-video-shots shape. Analyses of one video take turns."""
    limits = media_limits()
    with _one_analysis_at_a_time(asset.id, wait_s=limits.max_processing_s):
        return _video_shots_analyze(asset=asset, threshold=threshold, extract_keyframes=extract_keyframes,
                                    progress=progress, deadline_s=deadline_s, limits=limits, created_by=created_by)


def _video_shots_analyze(*, asset: Asset, threshold: float, extract_keyframes: bool, progress: Progress | None,
                         deadline_s: float | None, limits, created_by: str | None) -> dict:
    clock = Stopwatch()
    current, model_note = _engine_or_note()
    reported = {"total": max(1, asset.frame_count or 0) + 1}

    def analysis_progress(done: int, total: int) -> None:
        # The engine reaches done == total before keyframes are stored and embedded: hold the
        # last step back until the whole answer is ready.
        reported["total"] = total
        if progress is not None:
            progress(min(done, total - 1), total)

    # A refused file keeps its code (VideoRejected); a decoding failure is this analysis failing,
    # with the engine's reason (truncated, deadline_exceeded...) in details.
    with errors.processing_failure("The video could not be analysed", VideoDecodeError):
        with local_copy(asset.stored_name) as path:
            analysis = analyze_video(str(path), threshold=threshold, limits=limits,
                                     keyframes=extract_keyframes or current is not None,
                                     progress=analysis_progress, deadline_s=deadline_s)

    keyframes = _keyframes_store(asset=asset, analysis=analysis, created_by=created_by) if extract_keyframes else []
    try:
        features = (_features(current, keyframes, [s.keyframe_image for s in analysis.shots])
                    if current is not None else [None] * len(analysis.shots))
    except Exception:
        for keyframe in keyframes:
            asset_delete(asset=keyframe)
        raise

    shots = []
    for k, shot in enumerate(analysis.shots):
        data = shot.to_dict()
        data["keyframe_features"] = features[k]
        data["keyframe_asset_id"] = keyframes[k].id if keyframes else None
        shots.append(data)

    previous = VideoShotAnalysis.objects(video_asset_id=asset.id).first()
    model = current.settings.model_name if current is not None else None
    VideoShotAnalysis(
        video_asset_id=asset.id, threshold=threshold, min_shot_s=analysis.min_shot_s,
        total_shots=analysis.total_shots, video_duration=analysis.video_duration,
        shots=[{k: v for k, v in s.items() if k != "keyframe_features"} for s in shots],
        video=analysis.info.to_dict(), keyframe_asset_ids=[k.id for k in keyframes],
        keyframes_extracted=extract_keyframes, model=model, created_by=created_by,
        processing_time=clock.seconds,
    ).save()
    replaced, kept = _stale_keyframes_delete(video_asset_id=asset.id, keep={k.id for k in keyframes},
                                       recorded=previous.keyframe_asset_ids if previous else [])
    record_processed("video_shots")
    if progress is not None:
        progress(reported["total"], reported["total"])
    return {
        "video_asset_id": asset.id,
        "total_shots": analysis.total_shots,
        "video_duration": analysis.video_duration,
        "shot_analyses": shots,
        "shot_detection_threshold": threshold,
        "min_shot_s": analysis.min_shot_s,
        "extract_keyframes": extract_keyframes,
        "keyframe_asset_ids": [k.id for k in keyframes],
        "replaced_keyframes": replaced,
        "library_keyframes_kept": kept,
        "model_loaded": current is not None,
        "model": model,
        "model_note": model_note,
        "video": analysis.info.to_dict(),
        "frames_decoded": analysis.frames_decoded,
        "analysis_stride": analysis.analysis_stride,
        "processing_time": clock.seconds,
    }


def video_keyframes_tidy(*, video_asset_id: str) -> int:
    """Delete keyframes of a video that neither its current analysis nor stored work shows (the
    shot library calls this after its shots moved to a new analysis' keyframes)."""
    stored = VideoShotAnalysis.objects(video_asset_id=video_asset_id).only("keyframe_asset_ids").first()
    deleted, _ = _stale_keyframes_delete(video_asset_id=video_asset_id, recorded=[],
                                         keep=set(stored.keyframe_asset_ids) if stored else set())
    return deleted


def shot_analysis_on_asset_delete(asset: Asset) -> dict:
    """The asset delete hook (registered in VideoConfig.ready()). Deleting a video removes its
    stored analysis; assets.services then deletes its keyframes (they point back at it through
    source_asset_id). Deleting one keyframe unlinks it from the analysis, so no shot names a
    missing asset."""
    if asset.kind == "video":
        removed = VideoShotAnalysis.objects(video_asset_id=asset.id).delete()
        return {"shot_analysis": bool(removed)}
    stored = VideoShotAnalysis.objects(video_asset_id=asset.source_asset_id).first() if asset.source_asset_id else None
    if stored is not None and asset.id in stored.keyframe_asset_ids:
        stored.keyframe_asset_ids = [i for i in stored.keyframe_asset_ids if i != asset.id]
        stored.shots = [{**s, "keyframe_asset_id": None} if s.get("keyframe_asset_id") == asset.id else s
                        for s in stored.shots]
        stored.save()
    return {}

"""Reads of the video app: the stored shot analysis of a video, and its export as a file."""
from __future__ import annotations

from pathlib import PurePath

from assets.documents import Asset
from core.errors import NotFound

from .documents import VideoShotAnalysis
from .engine.export import shots_to_csv, shots_to_edl, shots_to_json, shots_to_otio

# format -> (content type, file extension)
EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "edl": ("text/plain; charset=utf-8", "edl"),  # CMX 3600 is plain text; editors go by the .edl name
    "otio": ("application/json", "otio"),  # otio_json
    "json": ("application/json", "json"),
}


def video_shot_analysis_get(*, asset: Asset) -> VideoShotAnalysis:
    """The latest stored analysis of a video, or NOT_FOUND saying how to make one."""
    stored = VideoShotAnalysis.objects(video_asset_id=asset.id).first()
    if stored is None:
        raise NotFound(
            f"Video {asset.id} has no shot analysis yet: run POST /api/v1/analyze-video-shots first.",
            details={"video_asset_id": asset.id, "how_to_fix": "POST /api/v1/analyze-video-shots "
                                                               f'{{"video_asset_id": "{asset.id}"}}'})
    return stored


def video_shots_export(*, asset: Asset, fmt: str) -> tuple[str, str, str]:
    """(content, content type, file name) of the stored shot list in an editor's format."""
    stored = video_shot_analysis_get(asset=asset)
    fps = float(stored.video.get("fps") or asset.fps or 25.0)
    shots = [{**shot, "source_name": asset.filename, "video_asset_id": asset.id} for shot in stored.shots]
    stem = PurePath(asset.filename).stem or "video"
    if fmt == "csv":
        content = shots_to_csv(shots, fps=fps)
    elif fmt == "edl":
        content = shots_to_edl(shots, title=f"{stem} shots", fps=fps, source_name=asset.filename)
    elif fmt == "otio":
        # The clips reference the video by its file name: editors relink media by name.
        content = shots_to_otio(shots, name=f"{stem} shots", fps=fps, media_url=asset.filename)
    else:
        content = shots_to_json(shots, video_asset_id=asset.id, filename=asset.filename, video=stored.video,
                                shot_detection_threshold=stored.threshold, total_shots=stored.total_shots,
                                video_duration=stored.video_duration, analysed_at=stored.created.isoformat())
    content_type, extension = EXPORT_FORMATS[fmt]
    return content, content_type, f"{stem}-shots.{extension}"

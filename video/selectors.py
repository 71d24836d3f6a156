"""Reads of the video app: the stored shot analysis of a video, and its export as a file."""
from __future__ import annotations

from pathlib import PurePath

from assets.documents import Asset
from core.errors import NotFound
from media.export import export_file, shots_document

from .documents import VideoShotAnalysis


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
    # The clips reference the video by its file name: editors relink media by name.
    content = shots_document(shots, fmt=fmt, title=f"{stem} shots", fps=fps, source_name=asset.filename,
                             media_url=asset.filename,
                             meta={"video_asset_id": asset.id, "filename": asset.filename, "video": stored.video,
                                   "shot_detection_threshold": stored.threshold, "total_shots": stored.total_shots,
                                   "video_duration": stored.video_duration,
                                   "analysed_at": stored.created.isoformat()})
    return export_file(content, fmt=fmt, stem=f"{stem}-shots")

"""Web pages for the shot library: filters, suggestions for a scene description, keyframe
cards; and one video's page, which shows how many of its shots the library holds.

The shot library's choices come from the video engine's vocabularies and the stored shots; the
list and the suggestions are fetched by the page from /api/v1 (shot-library, suggest-shots).
The video page reads the stored analysis through the video app's selector; analysing and
storing run in the browser against /api/v1 (analyze-video-shots, jobs, store-shot-data).
"""
from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.views.generic import TemplateView

from analysis.views import ModelStatusMixin
from assets.selectors import asset_get, assets_by_id
from assets.storage import media_url
from core.errors import ApplicationError, AssetNotFound
from dinov3site.config.services import config_value
from media.export import FORMATS
from video.engine.framing import CAMERA_ANGLES
from video.engine.motion import MOVEMENT_TYPES
from video.engine.tone import EMOTIONAL_TONES
from video.playback_services import video_playback_state
from video.selectors import video_shot_analysis_get

from .selectors import shot_facets, shot_list

TAG_SUGGESTIONS = 200  # enough for the filter's suggestions without listing a huge vocabulary
FILTERS = ("movement_type", "emotional_tone", "camera_angle", "genre", "tags", "q", "video_asset_id")


def _choices(values) -> list[tuple[str, str]]:
    return [(value, value.replace("_", " ")) for value in values]


class ShotLibraryView(LoginRequiredMixin, TemplateView):
    template_name = "cinematics/shots.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "movement_types": _choices(MOVEMENT_TYPES), "tones": _choices(EMOTIONAL_TONES),
            "camera_angles": _choices(CAMERA_ANGLES), **shot_facets(tag_limit=TAG_SUGGESTIONS),
            "selected": {name: self.request.GET.get(name, "") for name in FILTERS},
        }


EXPORT_FORMATS = tuple((name, spec.label) for name, spec in FORMATS.items())


def shots_for_page(*, shots: list[dict], duration: float) -> list[dict]:
    """The stored shots with their keyframe URLs and their place on the timeline (percent)."""
    ids = [shot.get("keyframe_asset_id") for shot in shots if shot.get("keyframe_asset_id")]
    keyframes = assets_by_id(ids)
    span = duration or max((shot.get("end_time") or 0.0 for shot in shots), default=0.0) or 1.0
    rows = []
    for shot in shots:
        keyframe = keyframes.get(shot.get("keyframe_asset_id") or "")
        rows.append({
            **shot,
            "keyframe_thumbnail_url": media_url(keyframe.thumbnail_name) if keyframe else None,
            "keyframe_url": media_url(keyframe.stored_name) if keyframe else None,
            "left": round(100.0 * shot["start_time"] / span, 3),
            "width": round(100.0 * (shot["end_time"] - shot["start_time"]) / span, 3),
        })
    return rows


class VideoPageView(LoginRequiredMixin, ModelStatusMixin, TemplateView):
    template_name = "video/video.html"

    def get(self, request, *args, **kwargs):
        try:
            self.asset = asset_get(asset_id=kwargs["asset_id"], kind="video")
        except AssetNotFound as exc:
            return render(request, "assets/not_found.html", {"asset_id": kwargs["asset_id"], "reason": exc.message},
                          status=404)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        asset = self.asset
        try:
            analysis = video_shot_analysis_get(asset=asset)
        except ApplicationError:  # not analysed yet: the page offers to
            analysis = None
        shots = shots_for_page(shots=analysis.shots, duration=analysis.video_duration) if analysis else []
        return {
            **super().get_context_data(**kwargs), "asset": asset, "analysis": analysis, "shots": shots,
            "playback": video_playback_state(asset=asset),
            "stored_in_library": shot_list(video_asset_id=asset.id).count(),
            "default_threshold": config_value("shot_detection_threshold"),
            "export_formats": EXPORT_FORMATS,
        }

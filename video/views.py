"""Web page for one video: the player, its shots (timeline, keyframes, movement, framing, tone),
analysis on demand, storing the shots in the shot library, and the exports.

The stored analysis is read through the video app's selector; analysing and storing run in the
browser against /api/v1 (analyze-video-shots, jobs, store-shot-data), like any integration.
"""
from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.views.generic import TemplateView

from analysis.views import ModelStatusMixin
from assets.selectors import asset_get, assets_by_id
from assets.storage import media_url
from core.errors import ApplicationError, AssetNotFound

from .playback_services import video_playback_state

EXPORT_FORMATS = (("csv", "CSV"), ("edl", "EDL (CMX 3600)"), ("otio", "OpenTimelineIO"), ("json", "JSON"))


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
        from cinematics.selectors import shot_list
        from dinov3site.config.services import config_value
        from video.selectors import video_shot_analysis_get

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

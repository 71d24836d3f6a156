"""Web page for the shot library: filters, suggestions for a scene description, keyframe cards.

The choices come from the video engine's vocabularies and the stored shots; the list and the
suggestions are fetched by the page from /api/v1 (shot-library, suggest-shots).
"""
from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from video.engine.framing import CAMERA_ANGLES
from video.engine.motion import MOVEMENT_TYPES
from video.engine.tone import EMOTIONAL_TONES

FILTERS = ("movement_type", "emotional_tone", "camera_angle", "genre", "tags", "q", "video_asset_id")


def _choices(values) -> list[tuple[str, str]]:
    return [(value, value.replace("_", " ")) for value in values]


class ShotLibraryView(LoginRequiredMixin, TemplateView):
    template_name = "cinematics/shots.html"

    def get_context_data(self, **kwargs):
        from cinematics.documents import Shot

        return {
            **super().get_context_data(**kwargs),
            "movement_types": _choices(MOVEMENT_TYPES), "tones": _choices(EMOTIONAL_TONES),
            "camera_angles": _choices(CAMERA_ANGLES),
            "genres": sorted(g for g in Shot.objects.distinct("genre") if g),
            "tags": sorted(Shot.objects.distinct("tags"))[:200],
            "total": Shot.objects.count(),
            "selected": {name: self.request.GET.get(name, "") for name in FILTERS},
        }

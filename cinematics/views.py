"""Web page for the shot library: filters, suggestions for a scene description, keyframe cards.

The choices come from the video engine's vocabularies and the stored shots; the list and the
suggestions are fetched by the page from /api/v1 (shot-library, suggest-shots).
"""
from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from cinematics.selectors import shot_facets
from video.engine.framing import CAMERA_ANGLES
from video.engine.motion import MOVEMENT_TYPES
from video.engine.tone import EMOTIONAL_TONES

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

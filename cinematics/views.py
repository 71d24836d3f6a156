"""Web page for the shot library: filters, scene-description suggestions, keyframe cards."""
from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class ShotLibraryView(LoginRequiredMixin, TemplateView):
    template_name = "cinematics/shots.html"

"""Web page for one video: the player and its shots (filled in by the video page's JavaScript)."""
from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.views.generic import TemplateView

from analysis.views import ModelStatusMixin
from assets.selectors import asset_get
from dinov3site.api.errors import AssetNotFound


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
        return {**super().get_context_data(**kwargs), "asset": self.asset}

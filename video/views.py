"""Web page for one asset: the file, its quality (images), its playback (videos), where it came
from, its neighbours and collections.

It reads through the API's own selectors and services (``asset_get``, ``quality_analyze``,
``video_playback_state``), so the page and the API agree; it lives here, in the highest app it
draws on. One video's page, which also shows the shot library, is in ``cinematics.views``.
"""
from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.views.generic import TemplateView

from analysis.quality.services import quality_analyze, quality_score_keep
from analysis.views import ModelStatusMixin
from assets.collection_services import collection_list
from assets.selectors import asset_get, asset_neighbours, asset_source
from core.errors import ApplicationError, AssetNotFound
from dinov3site.accounts.permissions import actor_of
from dinov3site.accounts.roles import EDIT

from .playback_services import video_playback_state


class AssetPageView(LoginRequiredMixin, ModelStatusMixin, TemplateView):
    template_name = "assets/asset.html"

    def get(self, request, *args, **kwargs):
        try:
            self.asset = asset_get(asset_id=kwargs["asset_id"])
        except AssetNotFound:
            return render(request, "assets/not_found.html", {"asset_id": kwargs["asset_id"]}, status=404)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        asset = self.asset
        quality, quality_error = None, None
        if asset.kind == "image":
            try:
                quality = quality_analyze(asset_id=asset.id)
            except ApplicationError as exc:  # an unreadable file: say so, keep the page
                quality_error = exc.message
        source = asset_source(asset)
        playback = video_playback_state(asset=asset) if asset.kind == "video" else None
        if quality and quality.get("quality_score") is not None and asset.quality_score != quality["quality_score"]:
            quality_score_keep(asset_id=asset.id, score=quality["quality_score"])
        return {**super().get_context_data(**kwargs), "asset": asset, "quality": quality,
                "quality_error": quality_error, "source": source, "playback": playback,
                "can_delete": actor_of(self.request).can(EDIT, owner=asset.created_by),
                "neighbours": asset_neighbours(asset), "collections": list(collection_list()),
                "in_collections": [c for c in collection_list() if asset.id in (c.asset_ids or [])]}

"""Web pages of the assets app: upload and delete.

The pages that show an asset with what other apps made of it live with the highest app they
draw on: the library browser in ``analysis.views`` (model status, missing features), one
asset's page in ``video.views`` (its quality and its playback). Delete goes through the API's
own service (``asset_delete``); the upload form posts to /api/v1 from JavaScript.
"""
from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from core.errors import AssetNotFound
from dinov3site.accounts.permissions import Forbidden, actor_of
from dinov3site.accounts.roles import UPLOAD
from dinov3site.accounts.views import ActionRequiredMixin, forbidden_page

from .selectors import asset_get
from .services import asset_delete


class AssetUploadView(LoginRequiredMixin, ActionRequiredMixin, TemplateView):
    template_name = "assets/upload.html"
    action = UPLOAD

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "max_file_size_mb": settings.MAX_FILE_SIZE_MB}


class AssetDeleteView(LoginRequiredMixin, View):
    """POST only (a form with the CSRF token): deletes through the API's own service."""

    def post(self, request, asset_id: str):
        try:
            asset = asset_get(asset_id=asset_id)
        except AssetNotFound:
            messages.error(request, "That asset was already deleted.")
            return redirect("web:browser")
        filename = asset.filename
        try:
            asset_delete(asset=asset, actor=actor_of(request), request=request)
        except Forbidden as exc:
            return forbidden_page(request, exc.message)
        messages.success(request, f"Deleted {filename} and everything derived from it.")
        return redirect("web:browser")

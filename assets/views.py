"""Web pages for the library: the browser (filters, search, pages), upload, one asset, delete.

Pages read through the same selectors and services as the API (``asset_list``, ``asset_get``,
``quality_analyze``, ``asset_delete``); the interactive parts call /api/v1 from JavaScript.
"""
from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views import View
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from analysis.library_services import quality_score_keep
from analysis.selectors import model_status
from analysis.views import ModelStatusMixin
from dinov3site.accounts.permissions import Forbidden, actor_of
from dinov3site.accounts.roles import EDIT, UPLOAD
from dinov3site.accounts.views import ActionRequiredMixin, forbidden_page
from core.errors import ApplicationError, AssetNotFound
from video.playback_services import video_playback_state

from .documents import STATUSES
from .collection_services import collection_list
from .selectors import (
    asset_get,
    asset_library_facets,
    asset_list,
    asset_neighbours,
    asset_source,
    assets_in_quality_range,
    features_missing_count,
)
from .services import asset_delete

PAGE_SIZE = 24
# Enough tags for the filter's suggestions without scanning a huge library on every page.
TAG_SUGGESTIONS = 200


# The library's orders; quality sorts images with no score yet last.
SORTS = {
    "new": ("Newest first", ("-upload_timestamp",)),
    "old": ("Oldest first", ("upload_timestamp",)),
    "name": ("Name A–Z", ("filename", "-upload_timestamp")),
    "quality": ("Best quality first", ("-quality_score", "-upload_timestamp")),
    "size": ("Largest first", ("-file_size", "-upload_timestamp")),
}


class BrowserFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200)
    sort = forms.ChoiceField(required=False, choices=[(key, label) for key, (label, _) in SORTS.items()])
    collection = forms.CharField(required=False, max_length=100)
    quality_min = forms.FloatField(required=False, min_value=0, max_value=100)
    quality_max = forms.FloatField(required=False, min_value=0, max_value=100)
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), ("image", "Images"), ("video", "Videos")])
    tag = forms.CharField(required=False, max_length=100)
    status = forms.ChoiceField(required=False, choices=[("", "Any status")] + [(s, s.title()) for s in STATUSES])
    keyframes = forms.BooleanField(required=False)


class _Counted:
    """A queryset the paginator counts on the server (mongoengine's count() takes an argument,
    so Django's Paginator would otherwise load every document to call len())."""

    def __init__(self, queryset):
        self.queryset = queryset

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, window):
        return list(self.queryset[window])


class AssetBrowserView(LoginRequiredMixin, TemplateView):
    template_name = "assets/browser.html"

    @cached_property
    def model_status(self) -> dict:
        return model_status()

    def get_context_data(self, **kwargs):
        form = BrowserFilterForm(self.request.GET)
        filters = form.cleaned_data if form.is_valid() else {}
        queryset = asset_list(
            kind=filters.get("kind") or None, tag=filters.get("tag") or None, q=filters.get("q") or None,
            status=filters.get("status") or None, include_keyframes=bool(filters.get("keyframes")),
        )
        queryset = assets_in_quality_range(queryset, low=filters.get("quality_min"), high=filters.get("quality_max"))
        sort = filters.get("sort") or "new"
        queryset = queryset.order_by(*SORTS[sort][1])
        page = Paginator(_Counted(queryset), PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        filtered = any(filters.get(name) not in (None, "") for name in ("q", "kind", "tag", "status", "quality_min",
                                                                        "quality_max"))
        facets = asset_library_facets(tag_limit=TAG_SUGGESTIONS)
        status = self.model_status
        return {
            **super().get_context_data(**kwargs), "form": form, "page": page, "assets": list(page),
            "filtered": filtered, "querystring": query.urlencode(), "sort": sort,
            "library_empty": not filtered and facets["empty"], "tags": facets["tags"],
            "collections": list(collection_list()), "model_status": status,
            "missing_features": features_missing_count(model=status["name"], preprocessing=status["preprocessing_version"])
            if status["loaded"] else None,
        }


class AssetUploadView(LoginRequiredMixin, ActionRequiredMixin, TemplateView):
    template_name = "assets/upload.html"
    action = UPLOAD

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "max_file_size_mb": settings.MAX_FILE_SIZE_MB}


class AssetPageView(LoginRequiredMixin, ModelStatusMixin, TemplateView):
    template_name = "assets/asset.html"

    def get(self, request, *args, **kwargs):
        try:
            self.asset = asset_get(asset_id=kwargs["asset_id"])
        except AssetNotFound:
            return render(request, "assets/not_found.html", {"asset_id": kwargs["asset_id"]}, status=404)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from analysis.quality_services import quality_analyze

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

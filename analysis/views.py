"""Web pages for analysis: the library browser and one collection (both say what the model
can do now), compare two assets, check a character across renders, the library map, the
quality distribution and the similarity matrix.

Server-side they read through the API's selectors (``asset_list``, ``model_status``,
``library_map``); comparisons run in the browser against /api/v1 (validate-consistency,
similarity-heatmap, character-matching), so the page and the API give the same answers.
"""
from __future__ import annotations

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from assets.collection_services import collection_get, collection_list
from assets.documents import STATUSES
from assets.selectors import (
    asset_library_facets,
    asset_list,
    assets_by_id,
    assets_in_quality_range,
    features_missing_count,
    quality_histogram,
)
from assets.storage import media_url
from core.errors import NotFound
from dinov3site.jobs.roles import model_runs_here
from dinov3site.config.services import config_value

from .features.backlog import features_backlog_queue
from .features.selectors import model_status
from .search.map_services import library_map_get
from .similarity.selectors import calibration_summary
from .tasks import library_map_task

# The pickers list the most recent images; more than this is a search, not a picker.
PICKER_LIMIT = 300
CANDIDATE_PAGE = 24  # renders offered by the character check before a search or a collection
MATRIX_LIMIT = 60
MAP_CACHE_S = 3600  # cells stay readable (and batch-similarity quick) up to 60 x 60


class ModelStatusMixin:
    """Adds ``model_status`` so the base template can say when the model is missing and what to do."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "model_status": model_status()}


BROWSER_PAGE_SIZE = 24
COLLECTION_PAGE_SIZE = 48
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
        page = Paginator(_Counted(queryset), BROWSER_PAGE_SIZE).get_page(self.request.GET.get("page"))
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


class CollectionPageView(LoginRequiredMixin, ModelStatusMixin, TemplateView):
    template_name = "assets/collection.html"

    def get(self, request, *args, **kwargs):
        try:
            self.collection = collection_get(collection_id=kwargs["collection_id"])
        except NotFound:
            return render(request, "assets/not_found.html", {"asset_id": kwargs["collection_id"],
                                                             "reason": "No such collection."}, status=404)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        collection = self.collection
        page = Paginator(collection.asset_ids or [], COLLECTION_PAGE_SIZE).get_page(self.request.GET.get("page"))
        found = assets_by_id(list(page))
        assets = [found[i] for i in page if i in found]
        images = [a.id for a in assets if a.kind == "image"]
        return {**super().get_context_data(**kwargs), "collection": collection, "in_collection": collection,
                "assets": assets, "page": page, "images": images, "collections": list(collection_list()),
                "size": len(collection.asset_ids or [])}


def _image_row(a) -> dict:
    return {"asset_id": a.id, "filename": a.filename, "tags": a.tags, "thumbnail_url": media_url(a.thumbnail_name),
            "url": media_url(a.stored_name)}


def image_choices(limit: int = PICKER_LIMIT) -> list[dict]:
    """The newest images as {asset_id, filename, thumbnail_url, url}, for pickers and previews."""
    images = asset_list(kind="image", include_keyframes=False).only(
        "id", "filename", "thumbnail_name", "stored_name", "tags")[:limit]
    return [_image_row(a) for a in images]


def images_named(ids: list[str]) -> list[dict]:
    """The images among ``ids``, in that order (unknown ids and videos left out)."""
    found = assets_by_id(ids)
    return [_image_row(found[i]) for i in dict.fromkeys(ids) if i in found and found[i].kind == "image"]


def chosen_ids(request, *names: str) -> list[str]:
    """Ids from ?collection=, else from the named query parameters (single ids or comma lists)."""
    collection_id = request.GET.get("collection")
    if collection_id:
        try:
            return list(collection_get(collection_id=collection_id).asset_ids or [])[:MATRIX_LIMIT * 4]
        except NotFound:
            pass
    ids: list[str] = []
    for name in names:
        ids.extend(part.strip() for part in request.GET.get(name, "").split(",") if part.strip())
    return ids[:MATRIX_LIMIT * 4]


def _collection_context(request) -> dict:
    current = request.GET.get("collection", "")
    return {"collections": list(collection_list()), "current_collection": current}


class CompareView(LoginRequiredMixin, ModelStatusMixin, TemplateView):
    template_name = "analysis/compare.html"

    def get_context_data(self, **kwargs):
        picked = images_named(chosen_ids(self.request, "a", "b"))
        if len(picked) < 2:
            newest = [row for row in image_choices(limit=2 + len(picked)) if row not in picked]
            picked = (picked + newest)[:2]
        images = picked[:2]
        return {**super().get_context_data(**kwargs), "images": images,
                "first": images[0]["asset_id"] if images else "",
                "second": images[1]["asset_id"] if len(images) > 1 else "", **_collection_context(self.request)}


class CharacterCheckView(LoginRequiredMixin, ModelStatusMixin, TemplateView):
    template_name = "analysis/character_check.html"

    def get_context_data(self, **kwargs):
        request = self.request
        reference = images_named([request.GET.get("reference", "")]) if request.GET.get("reference") else []
        candidates = images_named(chosen_ids(request, "renders"))
        if not reference and candidates:
            reference, candidates = candidates[:1], candidates[1:]
        if not candidates and not request.GET.get("collection"):
            candidates = image_choices(limit=CANDIDATE_PAGE + 1)
        if not reference and candidates:
            reference = candidates[:1]
        ref_id = reference[0]["asset_id"] if reference else ""
        candidates = [row for row in candidates if row["asset_id"] != ref_id][:CANDIDATE_PAGE * 4]
        return {**super().get_context_data(**kwargs), "images": reference + candidates, "candidates": candidates,
                "reference": ref_id, "reference_image": reference[0] if reference else None,
                "calibration": calibration_summary(threshold=config_value("similarity_threshold")),
                **_collection_context(request)}


class LibraryMapView(LoginRequiredMixin, ModelStatusMixin, TemplateView):
    template_name = "analysis/map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = context["model_status"]
        model = status["name"] if status["loaded"] else None
        found, drawing = library_map_get(model=model, preprocessing=status["preprocessing_version"],
                                         task=library_map_task)
        if found is None:
            return {**context, "map": {"points": [], "without_vectors": 0}, "drawing": drawing, "backlog": None,
                    "keyframe_count": 0, "highlight": [], **_collection_context(self.request)}
        backlog = None
        if status["loaded"] and found["without_vectors"] and not model_runs_here():
            # The map shows what is extracted; a worker extracts the rest (never this page).
            backlog = features_backlog_queue(model=status["name"], preprocessing=status["preprocessing_version"])
        keyframes = sum(1 for p in found["points"] if p.get("keyframe"))
        return {**context, "map": found, "backlog": backlog, "keyframe_count": keyframes, "highlight": chosen_ids(self.request, "ids"),
                "show_keyframes": self.request.GET.get("keyframes") == "1", **_collection_context(self.request)}


class QualityDistributionView(LoginRequiredMixin, TemplateView):
    """The library's quality scores as a histogram; each bar opens the library filtered to it."""

    template_name = "analysis/quality.html"

    def get_context_data(self, **kwargs):
        histogram = quality_histogram()
        tallest = max((b["count"] for b in histogram["bins"]), default=0) or 1
        bars = [{**b, "height": round(100 * b["count"] / tallest, 1)} for b in histogram["bins"]]
        return {**super().get_context_data(**kwargs), "histogram": histogram, "bars": bars}


class SimilarityMatrixView(LoginRequiredMixin, ModelStatusMixin, TemplateView):
    """A heatmap of batch-similarity over a selection or a collection (up to MATRIX_LIMIT images)."""

    template_name = "analysis/matrix.html"

    def get_context_data(self, **kwargs):
        images = images_named(chosen_ids(self.request, "ids"))
        return {**super().get_context_data(**kwargs), "images": images[:MATRIX_LIMIT],
                "left_out": max(0, len(images) - MATRIX_LIMIT), "limit": MATRIX_LIMIT,
                **_collection_context(self.request)}

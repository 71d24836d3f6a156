"""Web pages for analysis: compare two assets, check a character across renders, the library map.

Server-side they read through the API's selectors (``asset_list``, ``model_status``,
``library_map``); comparisons run in the browser against /api/v1 (validate-consistency,
similarity-heatmap, character-matching), so the page and the API give the same answers.
"""
from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from assets.collection_services import collection_get, collection_list
from assets.selectors import asset_list, assets_by_id, quality_histogram
from assets.storage import media_url
from core.errors import NotFound

from dinov3site.jobs.roles import model_runs_here
from dinov3site.config.services import config_value

from .backlog import features_backlog_queue
from .map_services import library_map_get
from .tasks import library_map_task
from .selectors import calibration_summary, model_status

# The pickers list the most recent images; more than this is a search, not a picker.
PICKER_LIMIT = 300
CANDIDATE_PAGE = 24  # renders offered by the character check before a search or a collection
MATRIX_LIMIT = 60
MAP_CACHE_S = 3600  # cells stay readable (and batch-similarity quick) up to 60 x 60


class ModelStatusMixin:
    """Adds ``model_status`` so the base template can say when the model is missing and what to do."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "model_status": model_status()}


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

"""Web pages for analysis: compare two assets, check a character across renders, the library map.

Server-side they read through the API's selectors (``asset_list``, ``model_status``,
``library_map``); comparisons run in the browser against /api/v1 (validate-consistency,
similarity-heatmap, character-matching), so the page and the API give the same answers.
"""
from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from assets.selectors import asset_list
from assets.storage import media_url

from dinov3site.jobs.roles import model_runs_here

from .backlog import features_backlog_queue
from .map_selectors import library_map
from .selectors import model_status

# The pickers list the most recent images; more than this is a search, not a picker.
PICKER_LIMIT = 300


class ModelStatusMixin:
    """Adds ``model_status`` so the base template can say when the model is missing and what to do."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "model_status": model_status()}


def image_choices(limit: int = PICKER_LIMIT) -> list[dict]:
    """The newest images as {asset_id, filename, thumbnail_url, url}, for pickers and previews."""
    images = asset_list(kind="image").only("id", "filename", "thumbnail_name", "stored_name", "tags")[:limit]
    return [{"asset_id": a.id, "filename": a.filename, "tags": a.tags, "thumbnail_url": media_url(a.thumbnail_name),
             "url": media_url(a.stored_name)} for a in images]


class CompareView(LoginRequiredMixin, ModelStatusMixin, TemplateView):
    template_name = "analysis/compare.html"

    def get_context_data(self, **kwargs):
        images = image_choices()
        ids = [image["asset_id"] for image in images]
        first = self.request.GET.get("a") if self.request.GET.get("a") in ids else (ids[0] if ids else "")
        rest = [i for i in ids if i != first]
        second = self.request.GET.get("b") if self.request.GET.get("b") in rest else (rest[0] if rest else "")
        return {**super().get_context_data(**kwargs), "images": images, "first": first, "second": second}


class CharacterCheckView(LoginRequiredMixin, ModelStatusMixin, TemplateView):
    template_name = "analysis/character_check.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "images": image_choices(),
                "reference": self.request.GET.get("reference", "")}


class LibraryMapView(LoginRequiredMixin, ModelStatusMixin, TemplateView):
    template_name = "analysis/map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = context["model_status"]
        found = library_map(model=status["name"] if status["loaded"] else None,
                            preprocessing=status["preprocessing_version"])
        backlog = None
        if status["loaded"] and found["without_vectors"] and not model_runs_here():
            # The map shows what is extracted; a worker extracts the rest (never this page).
            backlog = features_backlog_queue(model=status["name"], preprocessing=status["preprocessing_version"])
        return {**context, "map": found, "backlog": backlog}

"""Web pages for collections: the list (with a form to make one) and one collection's assets.

Reads go through ``collection_list``/``collection_get`` and ``assets_by_id``; changes are made by
the page's JavaScript against /api/v1/collections, like any integration.
"""
from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.generic import TemplateView

from analysis.views import ModelStatusMixin
from core.errors import NotFound

from .collection_services import collection_get, collection_list
from .selectors import assets_by_id
from .storage import media_url

PAGE_SIZE = 48
COVER_COUNT = 4  # thumbnails on a collection's card


class CollectionListView(LoginRequiredMixin, TemplateView):
    template_name = "assets/collections.html"

    def get_context_data(self, **kwargs):
        collections = list(collection_list())
        covers = assets_by_id([i for c in collections for i in (c.asset_ids or [])[:COVER_COUNT]])
        rows = [{"collection": c, "size": len(c.asset_ids or []),
                 "covers": [media_url(covers[i].thumbnail_name) for i in (c.asset_ids or [])[:COVER_COUNT]
                            if i in covers and covers[i].thumbnail_name]} for c in collections]
        return {**super().get_context_data(**kwargs), "rows": rows}


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
        page = Paginator(collection.asset_ids or [], PAGE_SIZE).get_page(self.request.GET.get("page"))
        found = assets_by_id(list(page))
        assets = [found[i] for i in page if i in found]
        images = [a.id for a in assets if a.kind == "image"]
        return {**super().get_context_data(**kwargs), "collection": collection, "in_collection": collection,
                "assets": assets, "page": page, "images": images, "collections": list(collection_list()),
                "size": len(collection.asset_ids or [])}

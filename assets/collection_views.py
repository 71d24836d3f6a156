"""Web page for collections: the list, with a form to make one.

Reads go through ``collection_list`` and ``assets_by_id``; changes are made by the page's
JavaScript against /api/v1/collections, like any integration. One collection's page shows the
model's status, so it lives in ``analysis.views``.
"""
from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from .collection_services import collection_list
from .selectors import assets_by_id
from .storage import media_url

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

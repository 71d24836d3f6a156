"""Text search's top-k from the asset-text store (analysis/search/text_stores.py), scored exactly as a
scan of every asset's text vector scores them.

The store ranks; the scores shown are the products of the documents' vectors with the query,
as the scan computed them. A store's inner products can differ from those in the last bits of
a float32, so a few more hits than asked are fetched and re-scored: near-ties then fall as the
scan's (score, then asset id) order puts them.
"""
from __future__ import annotations

import numpy as np

from core.vectors import vectors_from_bytes

from .documents import TextVector
from .text_stores import ASSET_TEXTS, source_store

# Hits fetched beyond the limit and re-scored from the documents (see the docstring).
MARGIN = 10


def text_search_ranked(query_vector: np.ndarray, limit: int, *, known: dict[str, object],
                       restrict_to: set[str] | None = None) -> list[tuple[str, float]]:
    """The ``limit`` best (asset id, cosine) among ``known`` (the assets the caller lists: a
    vector whose asset another process created since is left for its next search)."""
    store = source_store(ASSET_TEXTS)
    fetch = limit + MARGIN
    while True:
        hits = store.search(np.asarray(query_vector, dtype=np.float32), fetch, restrict_to=restrict_to)
        kept = [asset_id for asset_id, _ in hits if asset_id in known]
        if len(kept) >= limit + MARGIN or len(hits) < fetch:
            break
        fetch *= 4
    if not kept:
        return []
    rows = {row["_id"]: row["vector"] for row in TextVector._get_collection().find({"_id": {"$in": kept}}, {"vector": 1})}
    kept = [asset_id for asset_id in kept if asset_id in rows]
    if not kept:
        return []
    scores = vectors_from_bytes(rows[i] for i in kept) @ np.asarray(query_vector, dtype=np.float32)
    order = sorted(range(len(kept)), key=lambda i: (-scores[i], kept[i]))[:limit]
    return [(kept[i], float(scores[i])) for i in order]

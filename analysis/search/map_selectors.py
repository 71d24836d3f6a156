"""The library map: stored vectors projected to 2-D (PCA) with a tag and a cluster per asset.

Only vectors of one model and preprocessing are placed together (vectors of different origins
are not comparable): the loaded model's when it has any, otherwise the most common origin.
"""
from __future__ import annotations

from collections import Counter

import numpy as np

from analysis.engine import analytics
from assets.documents import Asset
from assets.storage import media_url
from core.vectors import vector_from_bytes

from .index import index_get

# A map is read at a glance; beyond a few thousand dots it is a blur and the page gets heavy.
MAX_POINTS = 3000
# Automatic k (silhouette over k = 2..) refits k-means per k: fine for hundreds, slow for thousands.
AUTO_CLUSTER_LIMIT = 400
FIXED_CLUSTERS = 8


def _project(vectors: np.ndarray) -> tuple[np.ndarray, list[float]]:
    """First two principal components, scaled to 0..1 per axis, and their explained variance."""
    n = len(vectors)
    if n < 2:
        return np.full((n, 2), 0.5), [1.0, 0.0]
    centred = vectors - vectors.mean(axis=0)
    _, singular, components = np.linalg.svd(centred, full_matrices=False)
    coords = centred @ components[:2].T
    if coords.shape[1] < 2:
        coords = np.hstack([coords, np.zeros((n, 1))])
    variance = singular ** 2
    explained = (variance[:2] / variance.sum()).tolist() if variance.sum() > 0 else [0.0, 0.0]
    low, high = coords.min(axis=0), coords.max(axis=0)
    span = np.where(high - low > 1e-12, high - low, 1.0)
    scaled = np.where(high - low > 1e-12, (coords - low) / span, 0.5)
    return scaled, [round(float(v), 4) for v in explained] + [0.0] * (2 - len(explained))


def _clusters(ids: list[str], vectors: np.ndarray) -> dict[str, int]:
    if len(ids) < 2:
        return {asset_id: 0 for asset_id in ids}
    k = None if len(ids) <= AUTO_CLUSTER_LIMIT else FIXED_CLUSTERS
    return analytics.cluster(ids, vectors, k)["assignments"]


def _vectors(chosen: list[Asset], origin: tuple[str, str]) -> np.ndarray:
    """The points' vectors from the vector store (the same on every backend); the documents'
    copies for any the store has not taken (a vector of another dimension than its index)."""
    ids = [a.id for a in chosen]
    try:
        return index_get(model=origin[0], preprocessing=origin[1]).get_vectors(ids).astype(np.float64)
    except KeyError:
        rows = {a.id: a for a in Asset.objects(id__in=ids).only("id", "features")}
        return np.stack([vector_from_bytes(rows[i].features.vector) for i in ids]).astype(np.float64)


def library_map(*, model: str | None = None, preprocessing: str | None = None) -> dict:
    """Points {asset_id, filename, kind, tag, cluster, x, y, thumbnail_url, keyframe} for one vector origin."""
    # Origins first without the vectors; then only the newest MAX_POINTS vectors of one origin.
    origins = Counter((a.features.model, a.features.preprocessing) for a in
                      Asset.objects(features__ne=None).only("features.model", "features.preprocessing"))
    total = Asset.objects.count()
    if not origins:
        return {"points": [], "model": None, "placed": 0, "without_vectors": total, "explained_variance": [0, 0],
                "n_clusters": 0, "truncated": False}
    origin = (model, preprocessing) if (model, preprocessing) in origins else origins.most_common(1)[0][0]
    chosen = list(Asset.objects(features__model=origin[0], features__preprocessing=origin[1])
                  .only("id", "filename", "kind", "tags", "thumbnail_name", "source_asset_id")
                  .order_by("-upload_timestamp")[:MAX_POINTS])
    truncated = origins[origin] > MAX_POINTS
    vectors = _vectors(chosen, origin)
    coords, explained = _project(vectors)
    clusters = _clusters([a.id for a in chosen], vectors)
    points = [
        {"asset_id": a.id, "filename": a.filename, "kind": a.kind, "tag": a.tags[0] if a.tags else "untagged",
         "cluster": int(clusters[a.id]), "x": round(float(x), 5), "y": round(float(y), 5),
         "thumbnail_url": media_url(a.thumbnail_name), "keyframe": bool(a.source_asset_id)}
        for a, (x, y) in zip(chosen, coords)
    ]
    return {"points": points, "model": origin[0], "placed": len(points), "without_vectors": total - len(points),
            "explained_variance": explained, "n_clusters": len(set(clusters.values())), "truncated": truncated}


def library_map_fingerprint() -> str:
    """Changes whenever a vector is added, replaced or removed: the map's cache key."""
    with_vectors = Asset.objects(features__ne=None)
    newest = with_vectors.order_by("-features.extracted_at").only("features.extracted_at").first()
    stamp = newest.features.extracted_at.isoformat() if newest is not None else "-"
    return f"{with_vectors.count()}:{stamp}"

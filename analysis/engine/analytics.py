"""Library analytics on embeddings: feature clustering and anomaly detection.

Both are deterministic: inputs are sorted by id, k-means uses a fixed seed, and
clusters are numbered largest first (ties by their smallest id).

Anomaly method (anomaly-detection endpoint)
-------------------------------------------
Each vector's *distance* is its mean cosine distance (1 - cosine) to its ``k`` nearest
reference vectors. The reference set is calibrated against itself leave-one-out: every
reference gets the same distance to its k nearest *other* references, whose mean ``mu``
and standard deviation ``sigma`` describe how far a normal member sits from the rest.
A test asset's ``anomaly_score`` is the z-score ``(distance - mu) / sigma`` and it is an
anomaly when the score exceeds the threshold (default 3: the three-sigma rule). A kNN
distance rather than the distance to the centroid lets a reference set cover several
looks (poses, outfits) without everything between them looking normal.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.metrics import silhouette_score

from analysis.engine.similarity import groups_from_labels, sort_by_id, unit

__all__ = ["ANOMALY_Z_THRESHOLD", "anomaly_scores", "cluster"]

ANOMALY_Z_THRESHOLD = 3.0  # three-sigma rule
ANOMALY_K = 3  # neighbours averaged: one close neighbour alone is noisy, many blur looks
# Floor on sigma (cosine distance). A reference set of near-copies has a spread near 0
# and would turn every small re-encode into a huge z-score; 0.02 is two similarity
# points, less than anyone would call a different image.
ANOMALY_MIN_SIGMA = 0.02
MAX_AUTO_CLUSTERS = 10
KMEANS_SEED = 0
KMEANS_RESTARTS = 10  # sklearn's classic n_init: best of 10 seeds, still deterministic


def _silhouette_label(value: float | None) -> str | None:
    # Kaufman & Rousseeuw (1990), "Finding Groups in Data": > 0.5 reasonable-to-strong
    # structure, 0.25-0.5 weak, below 0.25 no substantial structure.
    if value is None:
        return None
    if value > 0.5:
        return "strong"
    if value > 0.25:
        return "weak"
    return "none"


def _labels(u: np.ndarray, k: int, method: str) -> np.ndarray:
    if k == 1:
        return np.zeros(len(u), dtype=int)
    if method == "kmeans":
        model = KMeans(n_clusters=k, n_init=KMEANS_RESTARTS, random_state=KMEANS_SEED)
        return model.fit_predict(u)
    return AgglomerativeClustering(n_clusters=k, metric="cosine", linkage="average").fit_predict(u)


def cluster(
    ids: Sequence[str],
    vectors: np.ndarray,
    n_clusters: int | None = None,
    *,
    method: str = "kmeans",
    max_clusters: int = MAX_AUTO_CLUSTERS,
) -> dict[str, object]:
    """Cluster assets; ``n_clusters=None`` picks k in 2..max_clusters by the best
    cosine silhouette (ties: the smaller k). ``method`` is ``kmeans`` (on unit vectors,
    which makes it spherical k-means in effect) or ``agglomerative`` (average linkage,
    cosine). Returns clusters with size, cohesion, min_similarity, representative
    (medoid), plus assignments ``{asset_id: cluster_id}`` and the silhouette."""
    if method not in ("kmeans", "agglomerative"):
        raise ValueError(f"unknown clustering method {method!r} (kmeans or agglomerative)")
    sids, u = sort_by_id(ids, vectors)
    n = len(sids)
    if n == 0:
        raise ValueError("nothing to cluster")
    if n_clusters is not None and not 1 <= n_clusters <= n:
        raise ValueError(f"n_clusters must be between 1 and {n}")
    automatic = n_clusters is None
    silhouette: float | None = None
    if automatic and n < 3:
        k, labels = 1, np.zeros(n, dtype=int)
    elif automatic:
        best: tuple[float, int, np.ndarray] | None = None
        for k in range(2, min(max_clusters, n - 1) + 1):
            labels = _labels(u, k, method)
            if len(np.unique(labels)) < 2:
                continue
            score = float(silhouette_score(u, labels, metric="cosine"))
            if best is None or score > best[0] + 1e-12:
                best = (score, k, labels)
        if best is None:  # all points identical
            k, labels = 1, np.zeros(n, dtype=int)
        else:
            silhouette, k, labels = best
    else:
        k = int(n_clusters)  # type: ignore[arg-type]
        labels = _labels(u, k, method)
        if 1 < len(np.unique(labels)) < n:
            silhouette = float(silhouette_score(u, labels, metric="cosine"))
    clusters = groups_from_labels(sids, u, np.asarray(labels))
    for c in clusters:
        c["cluster_id"] = c.pop("group_id")
    return {
        "method": method,
        "automatic": automatic,
        "n_clusters": len(clusters),
        "silhouette": None if silhouette is None else round(silhouette, 6),
        "structure": _silhouette_label(silhouette),
        "clusters": clusters,
        "assignments": {a: c["cluster_id"] for c in clusters for a in c["asset_ids"]},  # type: ignore[attr-defined]
    }


def _knn_distance(sim: np.ndarray, k: int) -> np.ndarray:
    """Mean of the k largest similarities per row, as a cosine distance."""
    top = -np.sort(-sim, axis=1)[:, :k]
    return 1.0 - top.mean(axis=1)


def anomaly_scores(
    reference_vectors: np.ndarray,
    test_vectors: np.ndarray,
    threshold: float | None = None,
    *,
    k: int = ANOMALY_K,
    min_sigma: float = ANOMALY_MIN_SIGMA,
) -> dict[str, object]:
    """Score test vectors against the reference distribution (method in the module
    docstring). Needs at least two references. Returns the calibration (``mu``,
    ``sigma``, ``k``, ``threshold``) and per test vector, in input order:
    ``anomaly_score`` (z), ``is_anomaly``, ``knn_similarity`` (mean cosine to the k
    nearest references), ``nearest_similarity``, ``nearest_reference`` (its index) and
    ``percentile`` (share of references that sit closer to the set, 0-100)."""
    ref = unit(np.atleast_2d(reference_vectors))
    test = unit(np.atleast_2d(test_vectors))
    if len(ref) < 2:
        raise ValueError("anomaly detection needs at least two reference vectors")
    if ref.shape[1] != test.shape[1]:
        raise ValueError("reference and test vectors have different dimensions")
    z_threshold = ANOMALY_Z_THRESHOLD if threshold is None else float(threshold)
    k = max(1, min(int(k), len(ref) - 1))
    rr = np.clip(ref @ ref.T, -1.0, 1.0)
    np.fill_diagonal(rr, -np.inf)  # leave-one-out: a reference is not its own neighbour
    ref_dist = _knn_distance(rr, k)
    mu = float(ref_dist.mean())
    sigma = max(float(ref_dist.std(ddof=1)) if len(ref_dist) > 2 else 0.0, min_sigma)
    tr = np.clip(test @ ref.T, -1.0, 1.0)
    test_dist = _knn_distance(tr, k)
    results = []
    for row, dist in zip(tr, test_dist):
        z = (float(dist) - mu) / sigma
        results.append({
            "anomaly_score": round(z, 4),
            "is_anomaly": bool(z > z_threshold),
            "knn_similarity": round(1.0 - float(dist), 6),
            "nearest_similarity": round(float(row.max()), 6),
            "nearest_reference": int(row.argmax()),
            "percentile": round(100.0 * float((ref_dist < dist).mean()), 2),
        })
    return {
        "method": "knn_zscore",
        "k": k,
        "threshold": z_threshold,
        "reference_mean_distance": round(mu, 6),
        "reference_std_distance": round(sigma, 6),
        "results": results,
    }

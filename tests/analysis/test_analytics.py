"""Feature clustering and anomaly detection on embeddings."""

import numpy as np
import pytest

from analysis.engine.analytics import anomaly_scores, cluster


def _blobs(rng, sizes, dim=48, spread=0.3):
    ids, vecs = [], []
    for g, size in enumerate(sizes):
        centre = rng.standard_normal(dim)
        centre /= np.linalg.norm(centre)
        for i in range(size):
            ids.append(f"c{g}-{i:02d}")
            vecs.append(centre + spread * rng.standard_normal(dim) / np.sqrt(dim))
    return ids, np.array(vecs)


@pytest.mark.parametrize("method", ["kmeans", "agglomerative"])
def test_automatic_clustering_recovers_the_groups(method):
    rng = np.random.default_rng(3)
    ids, vecs = _blobs(rng, [8, 6, 5])
    result = cluster(ids, vecs, method=method)
    assert result["automatic"] and result["n_clusters"] == 3
    assert result["structure"] == "strong"
    found = sorted(tuple(sorted({a.split("-")[0] for a in c["asset_ids"]})) for c in result["clusters"])
    assert found == [("c0",), ("c1",), ("c2",)]
    assert [c["size"] for c in result["clusters"]] == [8, 6, 5]  # largest first
    for c in result["clusters"]:
        assert c["representative"] in c["asset_ids"]
        assert 0.8 < c["cohesion"] <= 1.0
        assert all(result["assignments"][a] == c["cluster_id"] for a in c["asset_ids"])


def test_clustering_is_deterministic_under_input_order():
    rng = np.random.default_rng(4)
    ids, vecs = _blobs(rng, [5, 5, 5, 5], spread=0.9)
    first = cluster(ids, vecs, 3)
    perm = rng.permutation(len(ids))
    again = cluster([ids[i] for i in perm], vecs[perm], 3)
    assert again == first


def test_requested_cluster_count_is_honoured_and_validated():
    rng = np.random.default_rng(5)
    ids, vecs = _blobs(rng, [6, 6])
    assert cluster(ids, vecs, 4)["n_clusters"] == 4
    with pytest.raises(ValueError):
        cluster(ids, vecs, 13)
    with pytest.raises(ValueError):
        cluster(ids, vecs, method="dbscan")


def test_outlier_is_flagged_and_inliers_are_not():
    rng = np.random.default_rng(6)
    _, reference = _blobs(rng, [12], spread=0.4)
    centre = reference.mean(axis=0)
    inliers = centre + 0.4 * rng.standard_normal((5, reference.shape[1])) / np.sqrt(reference.shape[1])
    outlier = rng.standard_normal((1, reference.shape[1]))
    result = anomaly_scores(reference, np.vstack([inliers, outlier]))
    flags = [r["is_anomaly"] for r in result["results"]]
    assert flags == [False] * 5 + [True]
    assert result["results"][-1]["anomaly_score"] > 3.0
    assert result["results"][-1]["percentile"] == 100.0
    assert max(r["anomaly_score"] for r in result["results"][:5]) < 3.0


def test_reference_set_with_two_looks_accepts_both():
    rng = np.random.default_rng(8)
    _, refs = _blobs(rng, [6, 6], spread=0.3)  # e.g. two outfits of one character
    look_a, look_b = refs[:6].mean(axis=0), refs[6:].mean(axis=0)
    result = anomaly_scores(refs, np.vstack([look_a, look_b]))
    assert [r["is_anomaly"] for r in result["results"]] == [False, False]


def test_custom_threshold_and_reference_minimum():
    rng = np.random.default_rng(9)
    _, refs = _blobs(rng, [10])
    near = refs.mean(axis=0, keepdims=True)
    assert anomaly_scores(refs, near, threshold=-100.0)["results"][0]["is_anomaly"] is True
    with pytest.raises(ValueError):
        anomaly_scores(refs[:1], near)

"""Vector index: upsert, delete, search (exact and HNSW), persistence, fingerprints."""

import os

import numpy as np
import pytest

from analysis.engine.index import IndexCorruptError, VectorIndex, VectorIndexError
from analysis.engine.index_registry import IndexRegistry


def _clustered(n, dim=32, clusters=40, seed=0):
    """Vectors around random centres, as real embeddings are (not isotropic noise)."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((clusters, dim)).astype(np.float32)
    labels = rng.integers(0, clusters, n)
    vecs = centres[labels] + 0.35 * rng.standard_normal((n, dim)).astype(np.float32)
    return [f"asset-{i:05d}" for i in range(n)], vecs


def _top_ids(hits):
    return [asset_id for asset_id, _ in hits]


def test_search_returns_nearest_first_with_cosine_scores():
    index = VectorIndex(3)
    index.add(["x", "y", "xy"], np.array([[1, 0, 0], [0, 1, 0], [1, 1, 0]], dtype=np.float32))
    hits = index.search(np.array([1.0, 0.1, 0.0]), 3)
    assert _top_ids(hits) == ["x", "xy", "y"]
    assert hits[0][1] == pytest.approx(1 / np.sqrt(1.01), abs=1e-6)
    assert index.search(np.array([2.0, 2.0, 0.0]), 1) == [("xy", pytest.approx(1.0, abs=1e-6))]


def test_batch_queries_give_one_list_each():
    ids, vecs = _clustered(300)
    index = VectorIndex()
    index.add(ids, vecs)
    results = index.search(vecs[:5], 4)
    assert len(results) == 5
    assert [r[0][0] for r in results] == ids[:5]  # each vector finds itself first
    assert all(len(r) == 4 for r in results)


def test_upsert_replaces_the_vector_without_duplicating():
    index = VectorIndex(2)
    index.add(["a", "b"], np.array([[1, 0], [0, 1]], dtype=np.float32))
    index.add(["a"], np.array([[0, 1]], dtype=np.float32))
    assert len(index) == 2
    assert index.search(np.array([1.0, 0.0]), 2)[0][1] == pytest.approx(0.0, abs=1e-6)
    assert np.allclose(index.get_vectors(["a"]), [[0, 1]])


def test_deleted_id_leaves_the_index_and_the_results():
    ids, vecs = _clustered(200)
    index = VectorIndex()
    index.add(ids, vecs)
    assert index.remove([ids[10], "never-added"]) == 1
    assert len(index) == 199 and ids[10] not in index and ids[10] not in index.ids()
    assert ids[10] not in _top_ids(index.search(vecs[10], 50))
    with pytest.raises(KeyError):
        index.get_vectors([ids[10]])
    # the vector moved into the freed row is still found as itself
    assert index.search(vecs[199], 1)[0][0] == ids[199]


def test_restrict_to_and_exclude_limit_the_candidates():
    ids, vecs = _clustered(500)
    index = VectorIndex()
    index.add(ids, vecs)
    allowed = set(ids[100:110])
    hits = index.search(vecs[0], 5, restrict_to=allowed | {"unknown"})
    assert len(hits) == 5 and set(_top_ids(hits)) <= allowed
    hits = index.search(vecs[0], 5, exclude={ids[0]})
    assert ids[0] not in _top_ids(hits) and len(hits) == 5
    assert index.search(vecs[0], 5, restrict_to=set()) == []


def test_wrong_dimension_and_zero_vectors_are_refused():
    index = VectorIndex(8)
    with pytest.raises(VectorIndexError):
        index.add(["a"], np.ones((1, 9)))
    with pytest.raises(VectorIndexError):
        index.add(["a"], np.zeros((1, 8)))
    with pytest.raises(VectorIndexError):
        index.search(np.ones(9), 1)


def test_hnsw_agrees_with_exact_search_on_clustered_data():
    ids, vecs = _clustered(3000, dim=48)
    exact = VectorIndex(hnsw_threshold=10**9)
    graph = VectorIndex(hnsw_threshold=1000)
    exact.add(ids, vecs)
    graph.add(ids[:800], vecs[:800])
    assert not graph.uses_hnsw
    graph.add(ids[800:], vecs[800:])
    assert graph.uses_hnsw and not exact.uses_hnsw
    queries = vecs[:200] + 0.05 * np.random.default_rng(1).standard_normal(vecs[:200].shape).astype(np.float32)
    same_top1 = [e[0][0] == g[0][0] for e, g in zip(exact.search(queries, 10), graph.search(queries, 10))]
    assert np.mean(same_top1) >= 0.98


def test_hnsw_deletions_and_restrictions():
    ids, vecs = _clustered(2000, dim=32)
    index = VectorIndex(hnsw_threshold=500, tombstone_fraction=0.5)
    index.add(ids, vecs)
    index.remove(ids[:100])
    assert index.uses_hnsw
    hits = index.search(vecs[:100], 10)
    assert not set(ids[:100]) & {h for row in hits for h, _ in row}
    allowed = set(ids[1000:1600])  # larger than the threshold: filtered graph search
    assert set(_top_ids(index.search(vecs[1200], 10, restrict_to=allowed))) <= allowed
    index.add([ids[1200]], vecs[5:6])  # upsert inside the graph
    assert index.search(vecs[5], 1)[0][0] == ids[1200]
    index.remove(ids[100:1700])  # below the threshold again: back to exact search
    assert not index.uses_hnsw and len(index) == 300


def test_save_and_load_round_trip(tmp_path):
    ids, vecs = _clustered(1500)
    for threshold in (10**9, 1000):  # exact, then with the HNSW graph saved too
        index = VectorIndex(hnsw_threshold=threshold)
        index.add(ids, vecs)
        index.remove(ids[:3])
        folder = tmp_path / str(threshold)
        index.save(folder)
        loaded = VectorIndex.load(folder, hnsw_threshold=threshold)
        assert loaded.fingerprint == index.fingerprint
        assert loaded.uses_hnsw == index.uses_hnsw
        assert sorted(loaded.ids()) == sorted(ids[3:])
        assert loaded.search(vecs[:20], 5) == index.search(vecs[:20], 5)


def test_saving_again_replaces_the_snapshot_atomically(tmp_path):
    index = VectorIndex(4)
    index.add(["a"], np.ones((1, 4)))
    index.save(tmp_path)
    index.add(["b"], np.eye(4)[:1])
    index.save(tmp_path)
    snapshots = [p.name for p in tmp_path.iterdir() if p.is_dir()]
    assert len(snapshots) == 1 and (tmp_path / "CURRENT").read_text() == snapshots[0]
    assert sorted(VectorIndex.load(tmp_path).ids()) == ["a", "b"]


def test_fingerprint_tracks_the_id_set_not_the_order():
    index = VectorIndex(2)
    assert index.fingerprint == VectorIndex.fingerprint_for([])
    index.add(["a", "b", "c"], np.ones((3, 2)))
    assert index.fingerprint == VectorIndex.fingerprint_for(["c", "a", "b"])
    assert index.fingerprint != VectorIndex.fingerprint_for(["a", "b"])
    index.remove(["b"])
    assert index.fingerprint == VectorIndex.fingerprint_for(["a", "c"])


def test_missing_or_damaged_index_is_reported_as_corrupt(tmp_path):
    with pytest.raises(IndexCorruptError):
        VectorIndex.load(tmp_path / "nothing-here")
    index = VectorIndex(4)
    index.add(["a", "b"], np.eye(4)[:2])
    snapshot = index.save(tmp_path)
    np.save(snapshot / "vectors.npy", np.ones((3, 4), dtype=np.float32))  # crash-like damage
    with pytest.raises(IndexCorruptError):
        VectorIndex.load(tmp_path)


def test_registry_keeps_one_index_per_model_and_preprocessing(tmp_path):
    registry = IndexRegistry(tmp_path, hnsw_threshold=100)
    small = registry.get("dinov3-vits16", "v1")
    small.add(["a"], np.ones((1, 384)))
    registry.save("dinov3-vits16", "v1")
    assert len(registry.get("dinov3-vits16", "v2")) == 0  # another preprocessing version
    assert registry.path_for("dinov3-vits16", "v1") != registry.path_for("dinov3-vitb16", "v1")
    assert os.path.isdir(registry.path_for("dinov3-vits16", "v1"))
    reopened = IndexRegistry(tmp_path, hnsw_threshold=100)
    assert reopened.get("dinov3-vits16", "v1").ids() == ["a"]
    rebuilt = reopened.rebuild("dinov3-vits16", "v1", ["b", "c"], np.ones((2, 384)))
    assert rebuilt.fingerprint == VectorIndex.fingerprint_for(["b", "c"])
    assert IndexRegistry(tmp_path).get("dinov3-vits16", "v1").fingerprint == rebuilt.fingerprint


def test_neighbour_pairs_feed_near_duplicate_groups():
    from analysis.engine.similarity import groups_from_pairs, near_duplicate_groups

    ids, vecs = _clustered(1200, dim=32, seed=3)
    rng = np.random.default_rng(4)
    vecs[500] = vecs[20] + 0.01 * rng.standard_normal(32)  # two near copies of asset 20
    vecs[900] = vecs[20] + 0.01 * rng.standard_normal(32)
    for threshold in (10**9, 400):  # exact and HNSW
        index = VectorIndex(hnsw_threshold=threshold)
        index.add(ids, vecs)
        pairs = index.neighbour_pairs(0.98)
        assert {(a, b) for a, b, _ in pairs} == {
            (ids[20], ids[500]), (ids[20], ids[900]), (ids[500], ids[900])}
        members = sorted({x for a, b, _ in pairs for x in (a, b)})
        groups = groups_from_pairs(members, index.get_vectors(members), pairs)
        exact = near_duplicate_groups(ids, vecs, 0.98)
        assert [(g["asset_ids"], g["representative"]) for g in groups] == [
            (g["asset_ids"], g["representative"]) for g in exact]
        assert groups[0]["cohesion"] == pytest.approx(exact[0]["cohesion"], abs=1e-5)


def test_tombstones_are_compacted_away():
    ids, vecs = _clustered(1500, dim=32, seed=5)
    index = VectorIndex(hnsw_threshold=500, tombstone_fraction=0.05)
    index.add(ids, vecs)
    index.remove(ids[:50])  # under 5 %: kept as tombstones
    assert index.describe()["tombstones"] == 50 and not index.needs_compaction
    index.remove(ids[50:100])  # past 5 %: a graph this small is rebuilt at once
    assert index.describe() | {"fingerprint": None} == {
        "count": 1400, "dim": 32, "backend": "hnsw", "hnsw_threshold": 500, "tombstones": 0, "fingerprint": None}
    index.compact()
    assert index.search(vecs[700], 1)[0][0] == ids[700]

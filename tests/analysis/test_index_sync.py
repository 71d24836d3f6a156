"""Several processes keep their index copies in step through the change log, never a scan of the ids.

Two ``ProcessIndexes`` over the same documents and separate folders play two processes (each has
its own memory and its own snapshot); what one writes, the other finds on its next search, having
fetched only what changed.
"""
from datetime import timedelta

import numpy as np
import pytest

from analysis.search import index_changes
from analysis.search.index import ProcessIndexes
from assets.documents import Asset, FeatureVector

MODEL, PREP = "dinov3-test", "p1"
DIM = 16


def _vectors(n, seed):
    rng = np.random.default_rng(seed)
    vecs = rng.standard_normal((n, DIM)).astype(np.float32)
    return vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


def _asset(asset_id, vector, model=MODEL):
    features = FeatureVector(model=model, dim=DIM, preprocessing=PREP, vector=np.asarray(vector, "<f4").tobytes())
    return Asset(id=asset_id, kind="image", filename=f"{asset_id}.png", stored_name=f"{asset_id}.png",
                 content_type="image/png", format="PNG", file_size=1, checksum_sha256=asset_id,
                 features=features).save()


def _write(process, asset_id, vector, model=MODEL):
    """What the features service does: the document first, then the listener."""
    asset = _asset(asset_id, vector, model)
    process.on_features(asset, np.asarray(vector, np.float32))
    return asset


@pytest.fixture
def library():
    vecs = _vectors(300, 0)
    for i, vec in enumerate(vecs):
        _asset(f"a{i:04d}", vec)
    return vecs


def test_a_search_sees_the_other_process_additions_fetching_only_them(tmp_path, library):
    web, worker = ProcessIndexes(tmp_path / "web"), ProcessIndexes(tmp_path / "worker")
    assert len(web.get(MODEL, PREP)) == 300 and web.last_sync["mode"] == "build"
    assert len(worker.get(MODEL, PREP)) == 300

    new = _vectors(5, 1)
    for i, vec in enumerate(new):
        _write(worker, f"new{i}", vec)

    index = web.get(MODEL, PREP)
    assert web.last_sync == {"mode": "changes", "fetched": 5, "upserted": 5, "removed": 0}
    assert index.search(new[3], 1)[0][0] == "new3"
    assert len(index) == 305
    # Nothing changed since: the next search fetches nothing.
    web.get(MODEL, PREP)
    assert web.last_sync["fetched"] == 0


def test_a_deletion_in_one_process_leaves_the_other_index(tmp_path, library):
    web, worker = ProcessIndexes(tmp_path / "web"), ProcessIndexes(tmp_path / "worker")
    web.get(MODEL, PREP)
    doomed = Asset.objects.get(id="a0007")
    worker.on_delete(doomed)  # the delete hooks run while the document still exists
    doomed.delete()

    index = web.get(MODEL, PREP)
    assert "a0007" not in index and len(index) == 299
    assert "a0007" not in [hit for hit, _ in index.search(library[7], 5)]
    assert web.last_sync["removed"] == 1


def test_re_extraction_with_another_model_moves_the_vector_out(tmp_path, library):
    web, worker = ProcessIndexes(tmp_path / "web"), ProcessIndexes(tmp_path / "worker")
    web.get(MODEL, PREP)
    Asset.objects(id="a0001").delete()
    _write(worker, "a0001", library[1], model="another-model")
    assert "a0001" not in web.get(MODEL, PREP)
    assert "a0001" in web.get("another-model", PREP)


def test_a_restarted_process_loads_its_snapshot_and_catches_up(tmp_path, library):
    web, worker = ProcessIndexes(tmp_path / "web"), ProcessIndexes(tmp_path / "worker")
    web.get(MODEL, PREP)  # builds and saves a snapshot with its position in the log
    for i, vec in enumerate(_vectors(3, 2)):
        _write(worker, f"late{i}", vec)

    restarted = ProcessIndexes(tmp_path / "web")
    index = restarted.get(MODEL, PREP)
    assert restarted.last_sync["mode"] == "changes" and restarted.last_sync["fetched"] == 3
    assert len(index) == 303


def test_a_number_taken_but_not_yet_logged_holds_the_cursor_back(library):
    first = index_changes.change_record(asset_ids=["a0001"])
    # A writer took the next number and has not inserted its entry yet.
    index_changes.VectorCounter.objects(id=index_changes.COUNTER_ID).update_one(inc__seq=1)
    index_changes.change_record(asset_ids=["a0002"])

    ids, gone, cursor = index_changes.changes_since(0)
    assert ids == ["a0001", "a0002"] and not gone
    assert cursor == first  # stays before the gap while the entry after it is recent
    # Past the grace period the gap is a writer that died: the cursor moves on.
    assert index_changes.changes_since(0, grace=-1)[2] == first + 2


def test_a_snapshot_older_than_the_pruned_log_is_rebuilt(tmp_path, library):
    web, worker = ProcessIndexes(tmp_path / "web"), ProcessIndexes(tmp_path / "worker")
    web.get(MODEL, PREP)
    _write(worker, "x1", _vectors(1, 3)[0])
    assert index_changes.changes_prune(older_than=timedelta(seconds=-1)) == 1

    restarted = ProcessIndexes(tmp_path / "web")
    assert len(restarted.get(MODEL, PREP)) == 301
    assert restarted.last_sync["mode"] == "build"

"""The library's vector index kept in step with the asset documents.

One faiss index per (model, preprocessing version) under ``DATA_DIR/index``. The documents are
the truth: every process keeps its own copy of the index in memory and, before it searches,
compares a generation counter stored in MongoDB (bumped by every change in any process). When
it moved, or on first use after a start or a crash, the copy is reconciled with the documents
by id (missing vectors added, deleted ones removed) and saved.
"""
from __future__ import annotations

import logging
import threading

import mongoengine as me
import numpy as np
from django.conf import settings

from analysis.engine.index import VectorIndex
from analysis.engine.index_registry import IndexRegistry
from assets.documents import Asset

logger = logging.getLogger(__name__)
# Exact search answers 100k vectors in well under 20 ms (BENCHMARKS.md); HNSW beyond that.
HNSW_THRESHOLD = 100_000

_lock = threading.Lock()
_registry: IndexRegistry | None = None
_synced: dict[str, int] = {}


class IndexGeneration(me.Document):
    id = me.StringField(primary_key=True)
    generation = me.IntField(default=0)
    meta = {"collection": "index_generations"}


def registry() -> IndexRegistry:
    global _registry
    root = settings.DATA_DIR / "index"
    if _registry is None or _registry.root.parent != root:
        _registry = IndexRegistry(root, hnsw_threshold=getattr(settings, "INDEX_HNSW_THRESHOLD", HNSW_THRESHOLD))
        _synced.clear()
    return _registry


def index_forget() -> None:
    """Drop this process's in-memory copies; the next search reloads and reconciles."""
    global _registry
    with _lock:
        _registry = None
        _synced.clear()


def _bump(key: str) -> None:
    IndexGeneration.objects(id=key).update_one(inc__generation=1, upsert=True)


def _generation(key: str) -> int:
    document = IndexGeneration.objects(id=key).first()
    return document.generation if document else 0


def _fresh_query(model: str, preprocessing: str):
    return Asset.objects(features__model=model, features__preprocessing=preprocessing)


def index_get(*, model: str, preprocessing: str) -> VectorIndex:
    """The index for this model, reconciled with the documents if anything changed."""
    reg = registry()
    key = reg.key(model, preprocessing)
    with _lock:
        index = reg.get(model, preprocessing)
        generation = _generation(key)
        if _synced.get(key) != generation:
            _reconcile(index, model, preprocessing)
            reg.save(model, preprocessing)
            _synced[key] = generation
        return index


def _reconcile(index: VectorIndex, model: str, preprocessing: str) -> None:
    wanted = set(_fresh_query(model, preprocessing).scalar("id"))
    present = set(index.ids())
    extra, missing = present - wanted, sorted(wanted - present)
    if extra:
        index.remove(extra)
    for start in range(0, len(missing), 1000):
        chunk = missing[start:start + 1000]
        rows = Asset.objects(id__in=chunk).only("id", "features")
        ids = [row.id for row in rows]
        if ids:
            index.add(ids, np.stack([np.frombuffer(row.features.vector, dtype="<f4") for row in rows]))
    if extra or missing:
        logger.info("index %s@%s reconciled: +%d -%d", model, preprocessing, len(missing), len(extra))


def index_on_features(asset: Asset, vector: np.ndarray) -> None:
    """Features listener: the new vector joins the index in this process; others follow."""
    features = asset.features
    reg = registry()
    key = reg.key(features.model, features.preprocessing)
    with _lock:
        index = reg.get(features.model, features.preprocessing)
        if index.dim not in (None, vector.shape[0]):
            return
        index.add([asset.id], vector[None, :])
    _bump(key)


def index_on_delete(asset: Asset) -> dict:
    """Asset-delete hook: the vector leaves every index that holds it."""
    removed = False
    reg = registry()
    with _lock:
        for key in list(reg._cache):
            if reg._cache[key].remove([asset.id]):
                removed = True
                _bump(key)
    if asset.features is not None and not removed:
        _bump(reg.key(asset.features.model, asset.features.preprocessing))
        removed = True
    return {"index_entry": removed}


def index_rebuild() -> int:
    """Rebuild every index from the documents (``manage.py reindex --index-only``)."""
    reg = registry()
    combos = {(a.features.model, a.features.preprocessing) for a in Asset.objects(features__ne=None).only("features")}
    total = 0
    with _lock:
        for model, preprocessing in combos:
            rows = list(_fresh_query(model, preprocessing).only("id", "features"))
            ids = [row.id for row in rows]
            vectors = np.stack([np.frombuffer(r.features.vector, dtype="<f4") for r in rows]) if rows else np.zeros((0, 1))
            reg.rebuild(model, preprocessing, ids, vectors)
            _synced[reg.key(model, preprocessing)] = _generation(reg.key(model, preprocessing))
            total += len(ids)
    return total

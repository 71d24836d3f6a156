"""The library's vector store kept in step with the asset documents, in every process.

One store per (model, preprocessing version). With ``VECTOR_STORE_URL`` empty it is a faiss
index under ``DATA_DIR/index`` of which each process keeps its own copy in memory; with
``milvus://...`` it is one Milvus collection that all processes share. The documents are the truth. Every features write and
every asset deletion is logged under a sequence number (``index_changes``); before a search a
process asks for the changes above the last number it applied and re-reads only those assets.
A snapshot on disk carries the number it was saved at, so a restarted process loads it and
catches up from there; with no usable snapshot (first start, a corrupt folder, a cursor older
than the pruned log) the index is built from the documents once. A shared store keeps its
cursor in MongoDB instead: writes go to it at once, and a write that failed (the server was
away) is applied from the log by the next search of any process.
"""
from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

import numpy as np
from django.conf import settings

from analysis.engine.index import VectorIndex
from analysis.engine.index_registry import IndexRegistry
from analysis.engine.milvus_store import MilvusStore, collection_name
from analysis.engine.vector_store import StoreLocation, VectorStore, parse_store_url
from assets.documents import Asset
from core.vectors import vector_from_bytes

from .documents import VectorCounter
from .index_changes import change_record, changes_prune, changes_since, counter_value, pruned_to
from .text_stores import text_stores_forget

logger = logging.getLogger(__name__)
# Exact search answers 100k vectors in well under 20 ms (BENCHMARKS.md); HNSW beyond that.
HNSW_THRESHOLD = 100_000
# A snapshot write costs ~1 s per 100k x 768 vectors: write one after this many applied changes
# or this many seconds with some unsaved, not after each search.
SAVE_EVERY_CHANGES = 2000
SAVE_EVERY_SECONDS = 60.0
_FETCH_CHUNK = 1000
PRUNE_CHECK_SECONDS = 60.0


class ProcessIndexes:
    """This process's copies of the indexes and how far each has read the change log.

    The module keeps one (``local``); a test makes a second over the same documents to play
    another process."""

    def __init__(self, root) -> None:
        self.registry = IndexRegistry(root, hnsw_threshold=getattr(settings, "INDEX_HNSW_THRESHOLD", HNSW_THRESHOLD))
        self.lock = threading.Lock()
        self.cursors: dict[str, int] = {}  # key -> last sequence number applied (settled)
        self.unsaved: dict[str, int] = {}
        self.saved_at: dict[str, float] = {}
        self.last_sync: dict[str, int | str] = {}
        self.pruned_checked_at = -PRUNE_CHECK_SECONDS

    def get(self, model: str, preprocessing: str) -> VectorIndex:
        """The index for this model, caught up with every change any process logged."""
        key = self.registry.key(model, preprocessing)
        with self.lock:
            index = self.registry.get(model, preprocessing)
            self._sync(index, key, model, preprocessing)
            return index

    def _sync(self, index: VectorIndex, key: str, model: str, preprocessing: str) -> None:
        cursor = self.cursors.get(key)
        if cursor is None:
            saved = index.saved_extra.get("sequence")
            cursor = int(saved) if isinstance(saved, int) else None
        if cursor is None or (self._prune_check_due() and cursor < pruned_to()):
            start = counter_value()  # read before the documents: later changes are caught up next
            _build(index, model, preprocessing)
            self.cursors[key] = start
            self._save(key, model, preprocessing)
            self.last_sync = {"mode": "build", "fetched": len(index)}
            logger.info("index %s built from the documents: %d vectors", key, len(index))
            return
        changed, gone, new_cursor = changes_since(cursor)
        upserted = removed = 0
        if changed:
            removed = index.remove(gone)
            upserted, dropped = _apply(index, [i for i in changed if i not in gone], model, preprocessing)
            removed += dropped
            self.unsaved[key] = self.unsaved.get(key, 0) + upserted + removed
        self.cursors[key] = new_cursor
        self.last_sync = {"mode": "changes", "fetched": len(changed), "upserted": upserted, "removed": removed}
        if self.unsaved.get(key) and (self.unsaved[key] >= SAVE_EVERY_CHANGES
                                      or time.monotonic() - self.saved_at.get(key, 0.0) >= SAVE_EVERY_SECONDS):
            self._save(key, model, preprocessing)

    def _prune_check_due(self) -> bool:
        # The log is pruned of entries days old: a copy that searched a minute ago cannot have
        # fallen behind it, so one round trip per search (the change query) is enough.
        now = time.monotonic()
        if now - self.pruned_checked_at < PRUNE_CHECK_SECONDS:
            return False
        self.pruned_checked_at = now
        return True

    def _save(self, key: str, model: str, preprocessing: str) -> None:
        self.registry.get(model, preprocessing).save(self.registry.path_for(model, preprocessing),
                                                     extra={"sequence": self.cursors[key]})
        self.unsaved[key] = 0
        self.saved_at[key] = time.monotonic()

    def rebuild(self) -> int:
        """Rebuild every index from the documents."""
        total = 0
        with self.lock:
            for model, preprocessing in _origins():
                key = self.registry.key(model, preprocessing)
                start = counter_value()
                index = self.registry.get(model, preprocessing)
                _build(index, model, preprocessing)
                self.cursors[key] = start
                self._save(key, model, preprocessing)
                total += len(index)
        return total

    def on_features(self, asset: Asset, vector: np.ndarray) -> None:
        features = asset.features
        with self.lock:
            index = self.registry.get(features.model, features.preprocessing)
            if index.dim in (None, vector.shape[0]):
                index.add([asset.id], vector[None, :])
        change_record(asset_ids=[asset.id])

    def on_delete(self, asset: Asset) -> dict:
        removed = False
        with self.lock:
            for index in self.registry.cached():
                removed = bool(index.remove([asset.id])) or removed
        change_record(asset_ids=[asset.id], gone=True)
        return {"index_entry": removed or asset.features is not None}


_local: ProcessIndexes | None = None
_local_lock = threading.Lock()


def local() -> ProcessIndexes:
    global _local
    root = settings.DATA_DIR / "index"
    with _local_lock:
        if _local is None or _local.registry.root.parent != root:
            _local = ProcessIndexes(root)
        return _local


def index_forget() -> None:
    """Drop this process's in-memory copies; the next search reloads its snapshot and catches up."""
    global _local
    with _local_lock:
        _local = None
        _shared.clear()
    text_stores_forget()


def _vector_of(row: dict, model: str, preprocessing: str) -> np.ndarray | None:
    features = row.get("features")
    if not features or features.get("model") != model or features.get("preprocessing") != preprocessing:
        return None
    return vector_from_bytes(features["vector"])


def _apply(index: VectorStore, asset_ids: list[str], model: str, preprocessing: str) -> tuple[int, int]:
    """Bring these ids in line with their documents' current state; (upserted, removed)."""
    local_copy = isinstance(index, VectorIndex)
    upserted = removed = 0
    assets = Asset._get_collection()
    for start in range(0, len(asset_ids), _FETCH_CHUNK):
        chunk = asset_ids[start:start + _FETCH_CHUNK]
        wanted: dict[str, np.ndarray] = {}
        for row in assets.find({"_id": {"$in": chunk}}, {"features": 1}):
            vector = _vector_of(row, model, preprocessing)
            if vector is not None and index.dim in (None, vector.shape[0]):
                wanted[row["_id"]] = vector
        removed += index.remove([i for i in chunk if i not in wanted])
        changed = [i for i in wanted if not local_copy or i not in index or not _same(index, i, wanted[i])]
        if changed:
            index.add(changed, np.stack([wanted[i] for i in changed]))
            upserted += len(changed)
    return upserted, removed


def _same(index: VectorIndex, asset_id: str, vector: np.ndarray) -> bool:
    # A change this process made itself comes back through the log: skip it instead of
    # replacing it (each replacement in an HNSW graph leaves a tombstone).
    stored = index.get_vectors([asset_id])[0]
    return bool(np.allclose(stored, vector / max(float(np.linalg.norm(vector)), 1e-12), atol=1e-6))


def _build(index: VectorStore, model: str, preprocessing: str) -> None:
    """The one full read of an origin's vectors: first start, or a snapshot too old to catch up."""
    index.clear()
    query = {"features.model": model, "features.preprocessing": preprocessing}
    ids, vectors = [], []
    for row in Asset._get_collection().find(query, {"features": 1}).batch_size(_FETCH_CHUNK):
        ids.append(row["_id"])
        vectors.append(vector_from_bytes(row["features"]["vector"]))
        if len(ids) == _FETCH_CHUNK:
            index.upsert(ids, np.stack(vectors))
            ids, vectors = [], []
    if ids:
        index.upsert(ids, np.stack(vectors))


class SharedStore:
    """Stores every process shares (Milvus). How far the change log was applied to each is kept
    in MongoDB, so whichever process searches next applies what a failed write left out."""

    def __init__(self, location: StoreLocation) -> None:
        self.location = location
        self.lock = threading.Lock()
        self._stores: dict[str, MilvusStore] = {}
        self.last_sync: dict[str, int | str] = {}

    def _cursor_id(self, key: str) -> str:
        return f"applied|{self.location.uri}|{key}"

    def store(self, model: str, preprocessing: str) -> MilvusStore:
        key = IndexRegistry.key(model, preprocessing)
        if key not in self._stores:
            self._stores[key] = MilvusStore.connect(
                self.location.uri, collection_name(key, self.location.options.get("prefix", "dinov3")),
                token=self.location.options.get("token", ""), index_type=self.location.options.get("index", "HNSW"))
        return self._stores[key]

    def get(self, model: str, preprocessing: str) -> MilvusStore:
        key = IndexRegistry.key(model, preprocessing)
        with self.lock:
            store = self.store(model, preprocessing)
            cursor_doc = VectorCounter.objects(id=self._cursor_id(key)).first()
            if cursor_doc is None or cursor_doc.seq < pruned_to():
                self._build(store, key, model, preprocessing)
                return store
            changed, gone, new_cursor = changes_since(cursor_doc.seq)
            upserted = removed = 0
            if changed:
                removed = store.delete(gone)
                upserted, dropped = _apply(store, [i for i in changed if i not in gone], model, preprocessing)
                removed += dropped
            if new_cursor > cursor_doc.seq:
                VectorCounter.objects(id=self._cursor_id(key)).update_one(max__seq=new_cursor)
            self.last_sync = {"mode": "changes", "fetched": len(changed), "upserted": upserted, "removed": removed}
            return store

    def _build(self, store: MilvusStore, key: str, model: str, preprocessing: str) -> None:
        start = counter_value()
        _build(store, model, preprocessing)
        VectorCounter.objects(id=self._cursor_id(key)).update_one(set__seq=start, upsert=True)
        self.last_sync = {"mode": "build", "fetched": store.count()}

    def rebuild(self) -> int:
        total = 0
        with self.lock:
            for model, preprocessing in _origins():
                store = self.store(model, preprocessing)
                self._build(store, IndexRegistry.key(model, preprocessing), model, preprocessing)
                total += store.count()
        return total

    def on_features(self, asset: Asset, vector: np.ndarray) -> None:
        features = asset.features
        try:
            with self.lock:
                self.store(features.model, features.preprocessing).upsert([asset.id], vector[None, :])
                for key, other in self._stores.items():  # vectors of another origin are stale now
                    if key != IndexRegistry.key(features.model, features.preprocessing):
                        other.delete([asset.id])
        except Exception:  # noqa: BLE001 - the next search applies it from the log
            logger.warning("vector store write for %s failed; the change log carries it", asset.id, exc_info=True)
        change_record(asset_ids=[asset.id])

    def on_delete(self, asset: Asset) -> dict:
        removed = False
        try:
            with self.lock:
                if asset.features is not None:
                    self.store(asset.features.model, asset.features.preprocessing)
                removed = any([store.delete([asset.id]) for store in self._stores.values()])
        except Exception:  # noqa: BLE001
            logger.warning("vector store delete for %s failed; the change log carries it", asset.id, exc_info=True)
        change_record(asset_ids=[asset.id], gone=True)
        return {"index_entry": removed or asset.features is not None}


def _origins() -> set[tuple[str, str]]:
    """The (model, preprocessing) pairs the documents hold vectors of."""
    rows = Asset._get_collection().aggregate([
        {"$match": {"features": {"$type": "object"}}},
        {"$group": {"_id": {"model": "$features.model", "preprocessing": "$features.preprocessing"}}}])
    return {(row["_id"]["model"], row["_id"]["preprocessing"]) for row in rows}


_shared: dict[str, SharedStore] = {}


def stores() -> ProcessIndexes | SharedStore:
    """The stores VECTOR_STORE_URL names: this process's faiss copies, or a shared server's."""
    location = parse_store_url(settings.VECTOR_STORE_URL)
    if location.kind == "faiss":
        return local()
    with _local_lock:
        if settings.VECTOR_STORE_URL not in _shared:
            _shared[settings.VECTOR_STORE_URL] = SharedStore(location)
        return _shared[settings.VECTOR_STORE_URL]


def index_get(*, model: str, preprocessing: str) -> VectorStore:
    """The store for this model, caught up with every change any process logged."""
    return stores().get(model, preprocessing)


def index_on_features(asset: Asset, vector: np.ndarray) -> None:
    """Features listener: the new vector is searchable here now; other processes read the log."""
    stores().on_features(asset, vector)


def index_on_delete(asset: Asset) -> dict:
    """Asset-delete hook: the vector leaves the store now (other faiss copies on their next search)."""
    return stores().on_delete(asset)


def index_rebuild(*, to: str | None = None) -> int:
    """Rebuild every store from the documents (``manage.py reindex --index-only [--to URL]``):
    ``to`` fills another backend, to migrate; then point VECTOR_STORE_URL at it."""
    if to is None:
        return stores().rebuild()
    location = parse_store_url(to)
    target = ProcessIndexes(settings.DATA_DIR / "index") if location.kind == "faiss" else SharedStore(location)
    return target.rebuild()


def index_log_prune(*, older_than: timedelta = timedelta(days=7)) -> int:
    """Trim the change log; a process whose snapshot is older rebuilds once from the documents."""
    return changes_prune(older_than=older_than)

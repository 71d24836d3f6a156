"""Vector stores of other sources than the DINOv3 features: the asset texts and the shot texts.

A source is a kind of vector kept in some documents (an asset's text embedding in
``text_vectors``, a shot's in ``shots.text_vector``). Its store is obtained the way the features
stores are (analysis/index.py): with ``VECTOR_STORE_URL`` empty a faiss index under
``DATA_DIR/index/sources/<name>`` of which each process keeps its own copy, with ``milvus://...``
one collection all processes share. The documents stay the truth: whoever writes a source's
vector (or deletes its document) logs ``<name>:<id>`` in the vector change log
(``source_changed``); before a search the store applies the log's entries of its own source
above its cursor, re-reading only those documents. A faiss snapshot carries its cursor, a Milvus
collection's is kept in MongoDB; with none (first start, a pruned log) the store is built from
the documents once.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from django.conf import settings

from analysis.engine import text as text_model
from analysis.engine.index import IndexCorruptError, VectorIndex
from analysis.engine.milvus_store import MilvusStore, collection_name
from analysis.engine.vector_store import VectorStore, parse_store_url
from assets.documents import Asset
from core.vectors import vector_from_bytes

from .documents import TextVector, VectorCounter
from .index_changes import change_record, changes_since, counter_value, pruned_to

logger = logging.getLogger(__name__)
# As the features stores (analysis/index.py): exact below 100k vectors, a snapshot after 2,000
# applied changes or a minute with some unsaved.
HNSW_THRESHOLD = 100_000
SAVE_EVERY_CHANGES = 2000
SAVE_EVERY_SECONDS = 60.0
_CHUNK = 1000


@dataclass(frozen=True)
class VectorSource:
    """Where one kind of vector lives in the documents. ``read`` gives the current vectors of
    some ids (an id without one is left out); ``scan`` every vector, for a build."""

    name: str  # the change-log prefix and the store's name: letters, digits and dashes
    dim: int
    read: Callable[[list[str]], dict[str, np.ndarray]]
    scan: Callable[[], Iterable[tuple[str, np.ndarray]]]


def source_changed(source: VectorSource, ids: Iterable[str], *, gone: bool = False) -> None:
    """Log that these documents' vectors changed (or the documents are ``gone``): every store
    of the source, in every process, applies it before its next search."""
    change_record(asset_ids=[f"{source.name}:{i}" for i in ids], gone=gone)


def source_store(source: VectorSource) -> VectorStore:
    """The source's store, caught up with every change any process logged."""
    location = parse_store_url(settings.VECTOR_STORE_URL)
    if location.kind == "faiss":
        key = ("faiss", str(settings.DATA_DIR / "index" / "sources" / source.name))
    else:
        key = ("milvus", settings.VECTOR_STORE_URL, source.name)
    with _lock:
        if key not in _copies:
            _copies[key] = _LocalCopy(source) if location.kind == "faiss" else _SharedCopy(source, location)
        copy = _copies[key]
    return copy.get()


def text_stores_forget() -> None:
    """Drop this process's copies (the next search reloads a snapshot and catches up)."""
    with _lock:
        _copies.clear()


_copies: dict[tuple, _LocalCopy | _SharedCopy] = {}
_lock = threading.Lock()


def _apply(store: VectorStore, source: VectorSource, ids: list[str]) -> int:
    """Bring these ids in line with their documents; how many were written or removed."""
    touched = 0
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        wanted = {i: v for i, v in source.read(chunk).items() if v.shape == (source.dim,) and np.any(v)}
        touched += store.delete([i for i in chunk if i not in wanted])
        if wanted:
            store.upsert(list(wanted), np.stack(list(wanted.values())))
            touched += len(wanted)
    return touched


def _build(store: VectorStore, source: VectorSource) -> None:
    store.clear()
    ids, vectors = [], []
    for item_id, vector in source.scan():
        if vector.shape == (source.dim,) and np.any(vector):
            ids.append(item_id)
            vectors.append(vector)
        if len(ids) == _CHUNK:
            store.upsert(ids, np.stack(vectors))
            ids, vectors = [], []
    if ids:
        store.upsert(ids, np.stack(vectors))


def _catch_up(store: VectorStore, source: VectorSource, cursor: int) -> tuple[int, int]:
    changed, gone, new_cursor = changes_since(cursor, source=source.name)
    touched = 0
    if changed:
        touched = store.delete(gone) + _apply(store, source, [i for i in changed if i not in gone])
    return new_cursor, touched


class _LocalCopy:
    """This process's faiss copy of one source's store, and how far it read the log."""

    def __init__(self, source: VectorSource) -> None:
        self.source = source
        self.path = settings.DATA_DIR / "index" / "sources" / source.name
        self.lock = threading.Lock()
        options = {"hnsw_threshold": getattr(settings, "INDEX_HNSW_THRESHOLD", HNSW_THRESHOLD)}
        try:
            self.index = VectorIndex.load(self.path, **options)
            saved = self.index.saved_extra.get("sequence")
            self.cursor: int | None = int(saved) if isinstance(saved, int) else None
        except IndexCorruptError:
            self.index, self.cursor = VectorIndex(**options), None
        self.unsaved = 0
        self.saved_at = time.monotonic()

    def get(self) -> VectorIndex:
        with self.lock:
            if self.cursor is None or self.cursor < pruned_to():
                start = counter_value()  # read before the documents: later changes are caught up next
                _build(self.index, self.source)
                self.cursor = start
                self._save()
                return self.index
            self.cursor, touched = _catch_up(self.index, self.source, self.cursor)
            self.unsaved += touched
            if self.unsaved and (self.unsaved >= SAVE_EVERY_CHANGES
                                 or time.monotonic() - self.saved_at >= SAVE_EVERY_SECONDS):
                self._save()
            return self.index

    def _save(self) -> None:
        self.index.save(self.path, extra={"sequence": self.cursor})
        self.unsaved, self.saved_at = 0, time.monotonic()


class _SharedCopy:
    """One source's Milvus collection; its cursor lives in MongoDB, so whichever process searches
    next applies what another's failed write left out."""

    def __init__(self, source: VectorSource, location) -> None:
        self.source = source
        self.cursor_id = f"applied|{location.uri}|source:{source.name}"
        self.lock = threading.Lock()
        self.store = MilvusStore.connect(
            location.uri, collection_name(source.name.replace("-", "_"), location.options.get("prefix", "dinov3")),
            token=location.options.get("token", ""), index_type=location.options.get("index", "HNSW"))

    def get(self) -> MilvusStore:
        with self.lock:
            cursor = VectorCounter.objects(id=self.cursor_id).first()
            if cursor is None or cursor.seq < pruned_to():
                start = counter_value()
                _build(self.store, self.source)
                VectorCounter.objects(id=self.cursor_id).update_one(set__seq=start, upsert=True)
                return self.store
            new_cursor, _ = _catch_up(self.store, self.source, cursor.seq)
            if new_cursor > cursor.seq:
                VectorCounter.objects(id=self.cursor_id).update_one(max__seq=new_cursor)
            return self.store


# ----------------------------------------------------------------- the asset texts
def _asset_texts_read(ids: list[str]) -> dict[str, np.ndarray]:
    return {row["_id"]: vector_from_bytes(row["vector"])
            for row in TextVector._get_collection().find({"_id": {"$in": ids}}, {"vector": 1})}


def _asset_texts_scan() -> Iterable[tuple[str, np.ndarray]]:
    for row in TextVector._get_collection().find({}, {"vector": 1}).sort("_id", 1).batch_size(_CHUNK):
        yield row["_id"], vector_from_bytes(row["vector"])


# What text search ranks (analysis/search.py): the embedding of each asset's searchable text.
ASSET_TEXTS = VectorSource("asset-text", text_model.TEXT_EMBEDDING_DIM, _asset_texts_read, _asset_texts_scan)


def asset_text_on_delete(asset: Asset) -> dict:
    """Asset-delete hook: the asset's text vector leaves its document and every store (the
    delete answer's fields stay as they are: it says nothing more)."""
    TextVector.objects(id=asset.id).delete()
    source_changed(ASSET_TEXTS, [asset.id], gone=True)
    return {}

"""The shot texts as a vector source: each shot's sentence embedding (``Shot.text_vector``) in
the vector store, so suggest-shots asks the store for the shots nearest in meaning instead of
reading every shot (analysis/search/text_stores.py keeps the store in step through the change log)."""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from analysis.engine import text as text_model
from analysis.search.text_stores import VectorSource, source_changed
from core.vectors import vector_from_bytes

from .documents import Shot

_CHUNK = 1000


def _vector(row: dict) -> np.ndarray | None:
    raw = row.get("text_vector")
    # A damaged or unfinished vector (wrong length) is no vector: the shot waits for its refresh.
    if not isinstance(raw, bytes) or len(raw) != text_model.TEXT_EMBEDDING_DIM * 4:
        return None
    return vector_from_bytes(raw)


def _read(ids: list[str]) -> dict[str, np.ndarray]:
    rows = Shot._get_collection().find({"_id": {"$in": ids}}, {"text_vector": 1})
    return {row["_id"]: vector for row in rows if (vector := _vector(row)) is not None}


def _scan() -> Iterable[tuple[str, np.ndarray]]:
    # In _id order: the build walks the _id index, not the collection.
    for row in Shot._get_collection().find({}, {"text_vector": 1}).sort("_id", 1).batch_size(_CHUNK):
        vector = _vector(row)
        if vector is not None:
            yield row["_id"], vector


SHOT_TEXTS = VectorSource("shot-text", text_model.TEXT_EMBEDDING_DIM, _read, _scan)


def shot_texts_changed(shot_ids: Iterable[str], *, gone: bool = False) -> None:
    """Log that these shots' text vectors changed (or the shots are ``gone``)."""
    source_changed(SHOT_TEXTS, list(shot_ids), gone=gone)

"""The vector store interface: what the service asks of any place that keeps asset vectors.

Two backends implement it: ``VectorIndex`` (faiss in this process: exact below a threshold,
HNSW above; ``analysis/engine/index.py``) and ``MilvusStore`` (a Milvus server or cluster through
``pymilvus``; ``analysis/engine/milvus_store.py``). Vectors are compared by cosine similarity:
both normalise on the way in and rank by inner product, so the same library gives the same
top-k on either. ``VECTOR_STORE_URL`` picks one: empty is faiss, ``milvus://host:port`` a
server, ``milvus:///path/to/lite.db`` Milvus Lite in a local folder.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable
from urllib.parse import parse_qsl, urlsplit

import numpy as np

__all__ = ["StoreLocation", "VectorStore", "neighbour_pairs", "parse_store_url"]

Hits = list[tuple[str, float]]


@runtime_checkable
class VectorStore(Protocol):
    backend: str

    def upsert(self, ids: Sequence[str], vectors: np.ndarray) -> None:
        """Insert or replace; vectors are L2-normalised on the way in."""

    def delete(self, ids: Iterable[str]) -> int:
        """Remove ids (unknown ones ignored); how many went."""

    def search(self, query: np.ndarray, k: int = 10, *, restrict_to: set[str] | None = None,
               exclude: set[str] | None = None) -> Hits | list[Hits]:
        """Top-k (id, cosine) best first; a (Q, D) batch gives one list per query."""

    def get_vectors(self, ids: Sequence[str]) -> np.ndarray:
        """Stored unit vectors in the order asked; KeyError names a missing id."""

    def count(self) -> int: ...

    def ids(self) -> list[str]: ...

    def clear(self) -> None: ...

    def describe(self) -> dict[str, object]: ...


def neighbour_pairs(store: VectorStore, threshold: float, *, k: int = 10, restrict_to: set[str] | None = None,
                    batch: int = 256) -> list[tuple[str, str, float]]:
    """Pairs ``(id_a, id_b, cosine)`` with cosine >= threshold, each once (id_a < id_b): every
    stored vector's k nearest neighbours, searched in batches, so near-duplicates over a whole
    library need no N x N matrix. A vector with more than k near copies still links to all of
    them through the others."""
    members = sorted(store.ids() if restrict_to is None else set(restrict_to) & set(store.ids()))
    pairs: dict[tuple[str, str], float] = {}
    for start in range(0, len(members), batch):
        chunk = members[start:start + batch]
        hits = store.search(store.get_vectors(chunk), k + 1, restrict_to=restrict_to)
        for a, row in zip(chunk, hits):
            for b, score in row:
                if b != a and score >= threshold:
                    pairs[(min(a, b), max(a, b))] = float(score)
    return [(a, b, score) for (a, b), score in sorted(pairs.items())]


@dataclass(frozen=True)
class StoreLocation:
    kind: str  # "faiss" or "milvus"
    uri: str = ""  # what pymilvus connects to: http://host:port, or a Milvus Lite folder
    options: dict[str, str] = field(default_factory=dict)


def parse_store_url(url: str) -> StoreLocation:
    """``""`` -> faiss; ``milvus://host:port[?token=..&index=HNSW]`` -> a server (``milvus+https``
    for TLS); ``milvus:///abs/path.db`` -> Milvus Lite in that folder. ValueError otherwise."""
    url = (url or "").strip()
    if not url or url == "faiss":
        return StoreLocation("faiss")
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    if parts.scheme not in ("milvus", "milvus+https"):
        raise ValueError(f"VECTOR_STORE_URL must be empty (faiss) or milvus://host:port, not {url!r}")
    if parts.netloc:
        scheme = "https" if parts.scheme == "milvus+https" else "http"
        return StoreLocation("milvus", f"{scheme}://{parts.hostname}:{parts.port or 19530}", options)
    if not parts.path:
        raise ValueError(f"{url!r} names no server and no Milvus Lite path")
    return StoreLocation("milvus", parts.path, options)

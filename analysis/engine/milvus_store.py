"""Asset vectors in Milvus (a server, a cluster, or Milvus Lite) through ``pymilvus``.

One collection per (model, preprocessing version): a VARCHAR primary key (the asset id) and a
FLOAT_VECTOR field, searched by inner product over unit vectors (= cosine, as the faiss backend).
Reads use Strong consistency so a search right after an upsert or a delete sees it, as the faiss
backend does; a cluster trades a few milliseconds per search for that.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence

import numpy as np
from pymilvus import DataType, MilvusClient

from .index import VectorIndexError, _normalise

__all__ = ["MilvusStore", "collection_name"]

# HNSW settings as the faiss backend's (analysis/engine/index.py, from bench/search_speed.py).
HNSW_PARAMS = {"M": 32, "efConstruction": 64}
EF_SEARCH = 256
_ID_MAX = 64  # asset ids are UUIDs (36 characters)
_CHUNK = 1000  # rows per upsert/get/delete call: well under the gRPC message limit at 1024 dims
_MAX_TOPK = 16384  # Milvus refuses a larger limit


def collection_name(key: str, prefix: str = "dinov3") -> str:
    """A Milvus-safe name (letters, digits, underscores) for an index key."""
    return f"{prefix}_{re.sub(r'[^A-Za-z0-9_]', '_', key)}"[:255]


class MilvusStore:
    """One collection of asset vectors. Not tied to a process: every web and worker process
    reads and writes the same collection."""

    backend = "milvus"

    def __init__(self, client: MilvusClient, collection: str, *, index_type: str = "HNSW") -> None:
        self.client = client
        self.collection = collection
        self.index_type = index_type.upper()
        self.dim: int | None = None
        if self.client.has_collection(collection):
            self._load_dim()

    @classmethod
    def connect(cls, uri: str, collection: str, *, token: str = "", index_type: str = "HNSW") -> MilvusStore:
        return cls(MilvusClient(uri=uri, token=token), collection, index_type=index_type)

    def _load_dim(self) -> None:
        info = self.client.describe_collection(self.collection)
        for f in info["fields"]:
            if f["name"] == "vector":
                self.dim = int(f["params"]["dim"])
        self.client.load_collection(self.collection)

    def _create(self, dim: int) -> None:
        schema = self.client.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("id", DataType.VARCHAR, is_primary=True, max_length=_ID_MAX)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
        params = self.client.prepare_index_params()
        if self.index_type == "HNSW":
            params.add_index(field_name="vector", index_type="HNSW", metric_type="IP", params=HNSW_PARAMS)
        else:
            params.add_index(field_name="vector", index_type=self.index_type, metric_type="IP")
        self.client.create_collection(self.collection, schema=schema, index_params=params,
                                      consistency_level="Strong")
        self.client.load_collection(self.collection)
        self.dim = dim

    # ----------------------------------------------------------------- writing
    def upsert(self, ids: Sequence[str], vectors: np.ndarray) -> None:
        ids = [str(i) for i in ids]
        if len(set(ids)) != len(ids):
            raise VectorIndexError("duplicate ids in one upsert")
        vecs = _normalise(vectors, self.dim)
        if len(ids) != len(vecs):
            raise VectorIndexError(f"{len(ids)} ids but {len(vecs)} vectors")
        if self.dim is None:
            self._create(vecs.shape[1])
        for start in range(0, len(ids), _CHUNK):
            rows = [{"id": i, "vector": v.tolist()} for i, v in zip(ids[start:start + _CHUNK], vecs[start:start + _CHUNK])]
            self.client.upsert(self.collection, rows)

    add = upsert

    def delete(self, ids: Iterable[str]) -> int:
        ids = [str(i) for i in ids]
        if self.dim is None or not ids:
            return 0
        removed = 0
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            present = [row["id"] for row in self.client.get(self.collection, ids=chunk, output_fields=["id"])]
            if present:
                self.client.delete(self.collection, ids=present)
                removed += len(present)
        return removed

    remove = delete

    def clear(self) -> None:
        if self.client.has_collection(self.collection):
            self.client.drop_collection(self.collection)
        self.dim = None

    # ----------------------------------------------------------------- reading
    def count(self) -> int:
        if self.dim is None:
            return 0
        rows = self.client.query(self.collection, filter="", output_fields=["count(*)"])
        return int(rows[0]["count(*)"])

    __len__ = count

    def __contains__(self, asset_id: object) -> bool:
        return self.dim is not None and bool(self.client.get(self.collection, ids=[str(asset_id)], output_fields=["id"]))

    def ids(self) -> list[str]:
        if self.dim is None:
            return []
        out: list[str] = []
        iterator = self.client.query_iterator(self.collection, batch_size=_CHUNK, filter="", output_fields=["id"])
        try:
            while batch := iterator.next():
                out.extend(row["id"] for row in batch)
        finally:
            iterator.close()
        return out

    def get_vectors(self, ids: Sequence[str]) -> np.ndarray:
        found: dict[str, list[float]] = {}
        for start in range(0, len(ids), _CHUNK):
            if self.dim is None:
                break
            for row in self.client.get(self.collection, ids=list(ids[start:start + _CHUNK]), output_fields=["vector"]):
                found[row["id"]] = row["vector"]
        for asset_id in ids:
            if asset_id not in found:
                raise KeyError(asset_id)
        return np.asarray([found[i] for i in ids], dtype=np.float32).reshape(len(ids), self.dim or 0)

    def search(self, query: np.ndarray, k: int = 10, *, restrict_to: set[str] | None = None,
               exclude: set[str] | None = None):
        single = np.asarray(query).ndim == 1
        k = int(k)
        if self.dim is None or k <= 0:
            q = np.atleast_2d(np.asarray(query))
            return [] if single else [[] for _ in range(len(q))]
        q = _normalise(query, self.dim)
        exclude = exclude or set()
        if restrict_to is not None and not restrict_to:
            return [] if single else [[] for _ in range(len(q))]
        expr = f"id in {json.dumps(sorted(restrict_to))}" if restrict_to is not None else ""
        fetch = min(k + len(exclude), _MAX_TOPK)
        ef = max(EF_SEARCH, fetch)
        params = {"metric_type": "IP", "params": {"ef": ef} if self.index_type == "HNSW" else {}}
        answers = self.client.search(self.collection, data=q.tolist(), filter=expr, limit=fetch,
                                     search_params=params, output_fields=["id"])
        results = [[(hit["id"], float(hit["distance"])) for hit in hits if hit["id"] not in exclude][:k]
                   for hits in answers]
        return results[0] if single else results

    def describe(self) -> dict[str, object]:
        return {"backend": self.backend, "collection": self.collection, "count": self.count(), "dim": self.dim,
                "index_type": self.index_type}

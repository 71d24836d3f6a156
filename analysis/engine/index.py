"""Vector index over asset embeddings: nearest-neighbour search by cosine similarity.

One ``VectorIndex`` holds the L2-normalised embeddings of one (model, preprocessing
version) pair, keyed by asset id strings. Small libraries are searched exactly with a
numpy matrix product; past ``hnsw_threshold`` vectors a faiss HNSW graph (inner-product
metric) answers instead. Exact search uses numpy rather than ``faiss.IndexFlatIP``
because numpy was measured faster for single queries on this kind of machine (see
BENCHMARKS.md, "Vector search speed": at 100k x 768 one query took 13 ms with numpy against 20 ms
through IndexFlatIP).

faiss HNSW cannot delete, so removed or replaced entries become tombstones, hidden
from searches by an id-selector bitmap, and the graph is rebuilt when they pass
``tombstone_fraction`` of it.

``save``/``load`` write a snapshot folder and then swing a ``CURRENT`` pointer file
with ``os.replace``, so a crash leaves the previous snapshot or the new one, never a
mix. ``fingerprint`` (count + order-independent hash of the ids) is saved with a snapshot and
checked when it is loaded, so a damaged snapshot is refused rather than searched.

Longer than 400 lines on purpose: the exact matrix, the HNSW graph with its tombstones and the
snapshot share one lock and one id-to-row mapping, and splitting them would hand those
internals from module to module.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path

import faiss
import numpy as np

from .vector_store import neighbour_pairs

__all__ = [
    "IndexCorruptError",
    "VectorIndex",
    "VectorIndexError",
]

FORMAT_VERSION = 1
# Above this many vectors exact search passes the ~5 ms mark per query at 768 dims
# (BENCHMARKS.md, "Vector search speed"); the HNSW graph takes over there.
DEFAULT_HNSW_THRESHOLD = 50_000
# HNSW settings from bench/search_speed.py on clustered vectors: M=16 stalled at
# recall@10 ~0.90-0.94 from 300k vectors whatever efSearch; M=32 with efConstruction 64
# gave 0.9995 at 100k with efSearch 32, and efSearch 256 kept 0.96 at 1M x 384 for a
# p50 of 0.7 ms (128: 0.93).
DEFAULT_HNSW_M = 32
DEFAULT_EF_CONSTRUCTION = 64
DEFAULT_EF_SEARCH = 256
# Rebuild once a fifth of the graph is dead: searches then waste little time on
# tombstones and a rebuild happens at most once per ~N/5 deletions.
DEFAULT_TOMBSTONE_FRACTION = 0.2
# Largest graph rebuilt inside add()/remove(): ~20 s on 2 cores at 768 dims (bench).
INLINE_REBUILD_MAX = 100_000
_MAX_FILTERED_EF = 1024
_MAX_SCORES = 64 * 1024 * 1024  # float32 scores per exact-search chunk (256 MB)


class VectorIndexError(Exception):
    """Base error of the vector index (bad input, dimension mismatch)."""


class IndexCorruptError(VectorIndexError):
    """A saved index is missing or inconsistent; the caller should rebuild it."""


def _id_hash(asset_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(asset_id.encode(), digest_size=8).digest(), "little")


def _normalise(vectors: np.ndarray, dim: int | None) -> np.ndarray:
    arr = np.asarray(vectors, dtype=np.float32)
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2:
        raise VectorIndexError(f"expected a vector or a matrix, got shape {arr.shape}")
    if dim is not None and arr.shape[1] != dim:
        raise VectorIndexError(f"vector dimension {arr.shape[1]} does not match the index ({dim})")
    if not np.all(np.isfinite(arr)):
        raise VectorIndexError("vectors contain NaN or infinity")
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    if np.any(norms == 0):
        raise VectorIndexError("a zero vector has no direction and cannot be indexed")
    return np.ascontiguousarray(arr / norms, dtype=np.float32)


class VectorIndex:
    """Cosine-similarity index mapping asset id strings to unit vectors. Thread-safe."""

    def __init__(
        self,
        dim: int | None = None,
        *,
        hnsw_threshold: int = DEFAULT_HNSW_THRESHOLD,
        hnsw_m: int = DEFAULT_HNSW_M,
        ef_construction: int = DEFAULT_EF_CONSTRUCTION,
        ef_search: int = DEFAULT_EF_SEARCH,
        tombstone_fraction: float = DEFAULT_TOMBSTONE_FRACTION,
    ) -> None:
        self.dim = dim
        self.hnsw_threshold = int(hnsw_threshold)
        self.hnsw_m = int(hnsw_m)
        self.ef_construction = int(ef_construction)
        self.ef_search = int(ef_search)
        self.tombstone_fraction = float(tombstone_fraction)
        self._lock = threading.RLock()
        # What the caller stored with the snapshot this index was loaded from (``save(extra=)``).
        self.saved_extra: dict[str, object] = {}
        self._reset()

    def _reset(self) -> None:
        # Exact store: rows [0, _n) of _vecs are live, _row_ids[i] owns row i.
        self._vecs = np.zeros((0, self.dim or 0), dtype=np.float32)
        self._n = 0
        self._row_ids: list[str] = []
        self._row_of: dict[str, int] = {}
        self._hash_xor = 0
        # HNSW graph (None below the threshold); position -> id, None for tombstones.
        self._hnsw: faiss.IndexHNSWFlat | None = None
        self._hnsw_ids: list[str | None] = []
        self._hnsw_pos_of: dict[str, int] = {}
        self._alive_bits = np.zeros(0, dtype=np.uint8)
        self._tombstones = 0

    # ----------------------------------------------------------------- reading
    def __len__(self) -> int:
        return self._n

    def __contains__(self, asset_id: object) -> bool:
        return asset_id in self._row_of

    def ids(self) -> list[str]:
        with self._lock:
            return list(self._row_ids)

    def count(self) -> int:
        return self._n

    backend = "faiss"

    @property
    def uses_hnsw(self) -> bool:
        return self._hnsw is not None

    @property
    def fingerprint(self) -> str:
        """``"<count>-<hash>"``; equal to ``fingerprint_for(ids)`` of the same id set."""
        with self._lock:
            return f"{self._n}-{self._hash_xor:016x}"

    @staticmethod
    def fingerprint_for(ids: Iterable[str]) -> str:
        """Fingerprint an id set the way the index does (order does not matter)."""
        unique = set(ids)
        acc = 0
        for asset_id in unique:
            acc ^= _id_hash(asset_id)
        return f"{len(unique)}-{acc:016x}"

    def describe(self) -> dict[str, object]:
        """Summary for health/model-info pages."""
        with self._lock:
            return {
                "count": self._n,
                "dim": self.dim,
                "backend": "hnsw" if self._hnsw is not None else "exact",
                "hnsw_threshold": self.hnsw_threshold,
                "tombstones": self._tombstones,
                "fingerprint": self.fingerprint,
            }

    def get_vectors(self, ids: Sequence[str]) -> np.ndarray:
        """Stored unit vectors for ``ids`` in that order; KeyError names a missing id."""
        with self._lock:
            rows = []
            for asset_id in ids:
                if asset_id not in self._row_of:
                    raise KeyError(asset_id)
                rows.append(self._row_of[asset_id])
            return self._vecs[rows].copy()

    # ----------------------------------------------------------------- writing
    def add(self, ids: Sequence[str], vectors: np.ndarray) -> None:
        """Insert or replace (upsert) vectors; they are L2-normalised on the way in."""
        ids = [str(i) for i in ids]
        if len(set(ids)) != len(ids):
            raise VectorIndexError("duplicate ids in one add() call")
        with self._lock:
            vecs = _normalise(vectors, self.dim)
            if len(ids) != len(vecs):
                raise VectorIndexError(f"{len(ids)} ids but {len(vecs)} vectors")
            if self.dim is None:
                self.dim = vecs.shape[1]
                self._vecs = np.zeros((0, self.dim), dtype=np.float32)
            new_ids, new_vecs = [], []
            for asset_id, vec in zip(ids, vecs):
                row = self._row_of.get(asset_id)
                if row is None:
                    new_ids.append(asset_id)
                    new_vecs.append(vec)
                else:
                    self._vecs[row] = vec
            self._append_rows(new_ids, np.asarray(new_vecs, dtype=np.float32).reshape(-1, self.dim))
            if self._hnsw is not None:
                self._kill_in_graph([i for i in ids if i in self._hnsw_pos_of])
                self._graph_add(ids, vecs)
                self._maybe_rebuild()
            elif self._n > self.hnsw_threshold:
                self._build_graph()

    def remove(self, ids: Iterable[str]) -> int:
        """Delete ids (unknown ones are ignored); returns how many were removed."""
        removed = 0
        with self._lock:
            for asset_id in ids:
                row = self._row_of.pop(asset_id, None)
                if row is None:
                    continue
                last = self._n - 1
                if row != last:  # swap-delete keeps the live rows contiguous
                    moved = self._row_ids[last]
                    self._vecs[row] = self._vecs[last]
                    self._row_ids[row] = moved
                    self._row_of[moved] = row
                self._row_ids.pop()
                self._n -= 1
                self._hash_xor ^= _id_hash(asset_id)
                removed += 1
                if self._hnsw is not None:
                    self._kill_in_graph([asset_id])
            if self._hnsw is not None:
                # Hysteresis: drop the graph a bit below the threshold, not at it,
                # so a library hovering around the threshold does not rebuild each time.
                if self._n < 0.9 * self.hnsw_threshold:
                    self._drop_graph()
                else:
                    self._maybe_rebuild()
        return removed

    # The VectorStore protocol's names (analysis/engine/vector_store.py).
    def upsert(self, ids: Sequence[str], vectors: np.ndarray) -> None:
        self.add(ids, vectors)

    def delete(self, ids: Iterable[str]) -> int:
        return self.remove(ids)

    def clear(self) -> None:
        with self._lock:
            self._reset()

    # ----------------------------------------------------------------- search
    def search(
        self,
        query: np.ndarray,
        k: int = 10,
        *,
        restrict_to: set[str] | None = None,
        exclude: set[str] | None = None,
    ) -> list[tuple[str, float]] | list[list[tuple[str, float]]]:
        """Top-``k`` (id, cosine) pairs, best first.

        A 1-D query gives one list; a (Q, D) batch gives one list per query (batching
        is much cheaper than Q calls). ``restrict_to`` limits the candidates to those
        ids, ``exclude`` hides ids (e.g. the query asset itself).
        """
        single = np.asarray(query).ndim == 1
        k = int(k)
        with self._lock:
            q = _normalise(query, self.dim)
            if self._n == 0 or k <= 0:
                return [] if single else [[] for _ in range(len(q))]
            exclude = exclude or set()
            fetch = k + len(exclude & self._row_of.keys())
            if restrict_to is not None:
                rows = np.fromiter(
                    sorted(self._row_of[i] for i in restrict_to if i in self._row_of), dtype=np.int64
                )
                if len(rows) == 0:
                    results: list[list[tuple[str, float]]] = [[] for _ in range(len(q))]
                elif self._hnsw is None or len(rows) <= self.hnsw_threshold:
                    results = self._exact(q, fetch, rows)
                else:
                    results = self._graph_search(q, fetch, allowed=restrict_to)
            elif self._hnsw is None:
                results = self._exact(q, fetch, None)
            else:
                results = self._graph_search(q, fetch, allowed=None)
        if exclude:
            results = [[hit for hit in hits if hit[0] not in exclude][:k] for hits in results]
        return results[0] if single else results

    def neighbour_pairs(
        self, threshold: float, *, k: int = 10, restrict_to: set[str] | None = None, batch: int = 1024
    ) -> list[tuple[str, str, float]]:
        """The vector store's neighbour pairs (``vector_store.neighbour_pairs``), read under this
        index's lock so a concurrent add cannot change it halfway."""
        with self._lock:
            return neighbour_pairs(self, threshold, k=k, restrict_to=restrict_to, batch=batch)

    def _exact(self, q: np.ndarray, k: int, rows: np.ndarray | None) -> list[list[tuple[str, float]]]:
        matrix = self._vecs[: self._n] if rows is None else self._vecs[rows]
        k = min(k, matrix.shape[0])
        # Score queries in chunks so a big batch never holds more than ~256 MB of scores.
        step = max(1, _MAX_SCORES // matrix.shape[0])
        out: list[list[tuple[str, float]]] = []
        for begin in range(0, len(q), step):
            scores = q[begin : begin + step] @ matrix.T
            top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
            for qi in range(len(scores)):
                cand = top[qi]
                # Sort by score, then by row so ties come back in a stable order.
                picked = cand[np.lexsort((cand, -scores[qi, cand]))]
                row_ids = picked if rows is None else rows[picked]
                out.append([(self._row_ids[r], float(scores[qi, c])) for r, c in zip(row_ids, picked)])
        return out

    def _graph_search(
        self, q: np.ndarray, k: int, allowed: set[str] | None
    ) -> list[list[tuple[str, float]]]:
        assert self._hnsw is not None
        ef = max(self.ef_search, k)
        if allowed is not None:
            mask = np.zeros(len(self._hnsw_ids), dtype=bool)
            mask[[self._hnsw_pos_of[i] for i in allowed if i in self._hnsw_pos_of]] = True
            bits = np.packbits(mask, bitorder="little")
            # A filtered walk meets fewer allowed nodes: widen the beam by the share
            # filtered out (capped: past that, exact search over the subset is cheaper).
            ef = int(min(ef * len(mask) / max(1, int(mask.sum())), max(ef, _MAX_FILTERED_EF)))
        else:
            bits = self._alive_bits
        params = faiss.SearchParametersHNSW(efSearch=ef)
        if allowed is not None or self._tombstones:  # a selector costs a check per visit
            selector = faiss.IDSelectorBitmap(len(self._hnsw_ids), faiss.swig_ptr(bits))
            params.sel = selector  # `bits` and `selector` stay alive until search returns
        dist, pos = self._hnsw.search(q, k, params=params)
        return [
            [(self._hnsw_ids[p], float(d)) for d, p in zip(drow, prow) if p >= 0]  # type: ignore[misc]
            for drow, prow in zip(dist, pos)
        ]

    # ----------------------------------------------------------------- internals
    def _append_rows(self, ids: list[str], vecs: np.ndarray) -> None:
        if not ids:
            return
        needed = self._n + len(ids)
        if needed > len(self._vecs):
            grown = np.zeros((max(needed, 2 * len(self._vecs), 64), self.dim), dtype=np.float32)
            grown[: self._n] = self._vecs[: self._n]
            self._vecs = grown
        self._vecs[self._n : needed] = vecs
        for offset, asset_id in enumerate(ids):
            self._row_of[asset_id] = self._n + offset
            self._row_ids.append(asset_id)
            self._hash_xor ^= _id_hash(asset_id)
        self._n = needed

    def _new_graph(self) -> faiss.IndexHNSWFlat:
        graph = faiss.IndexHNSWFlat(self.dim, self.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        graph.hnsw.efConstruction = self.ef_construction
        graph.hnsw.efSearch = self.ef_search
        return graph

    def _build_graph(self) -> None:
        self._hnsw = self._new_graph()
        self._hnsw_ids = []
        self._hnsw_pos_of = {}
        self._alive_bits = np.zeros(0, dtype=np.uint8)
        self._tombstones = 0
        self._graph_add(list(self._row_ids), self._vecs[: self._n])

    def _drop_graph(self) -> None:
        self._hnsw = None
        self._hnsw_ids, self._hnsw_pos_of = [], {}
        self._alive_bits = np.zeros(0, dtype=np.uint8)
        self._tombstones = 0

    def _graph_add(self, ids: list[str], vecs: np.ndarray) -> None:
        assert self._hnsw is not None
        start = len(self._hnsw_ids)
        self._hnsw.add(np.ascontiguousarray(vecs, dtype=np.float32))
        self._hnsw_ids.extend(ids)
        for offset, asset_id in enumerate(ids):
            self._hnsw_pos_of[asset_id] = start + offset
        alive = np.unpackbits(self._alive_bits, count=start, bitorder="little").astype(bool)
        alive = np.concatenate([alive, np.ones(len(ids), dtype=bool)])
        self._alive_bits = np.packbits(alive, bitorder="little")

    def _kill_in_graph(self, ids: list[str]) -> None:
        for asset_id in ids:
            pos = self._hnsw_pos_of.pop(asset_id, None)
            if pos is not None:
                self._hnsw_ids[pos] = None
                self._alive_bits[pos >> 3] &= np.uint8(~(1 << (pos & 7)) & 0xFF)
                self._tombstones += 1

    @property
    def needs_compaction(self) -> bool:
        """True when tombstones pass ``tombstone_fraction`` of the graph."""
        return self._hnsw is not None and self._tombstones > self.tombstone_fraction * len(self._hnsw_ids)

    def compact(self) -> None:
        """Rebuild the HNSW graph without its tombstones (minutes at 1M vectors: run it
        from a background task; searches wait on the lock meanwhile)."""
        with self._lock:
            if self._hnsw is not None:
                self._build_graph()

    def _maybe_rebuild(self) -> None:
        # Small graphs rebuild at once; big ones are left to compact() so that a
        # delete request never stalls for minutes. Results stay correct either way.
        if self.needs_compaction and len(self._hnsw_ids) <= INLINE_REBUILD_MAX:
            self._build_graph()

    # ----------------------------------------------------------------- persistence
    def save(self, directory: str | os.PathLike[str], *, extra: dict[str, object] | None = None) -> Path:
        """Write a snapshot under ``directory`` and make it current atomically.

        ``extra`` (JSON) is kept with it and comes back as ``saved_extra`` on load: the caller's
        position in its change log, so a restarted process catches up from there."""
        root = Path(directory)
        root.mkdir(parents=True, exist_ok=True)
        with self._lock:
            tmp = root / f".tmp-{uuid.uuid4().hex}"
            tmp.mkdir()
            np.save(tmp / "vectors.npy", self._vecs[: self._n])
            (tmp / "ids.json").write_text(json.dumps(self._row_ids))
            if self._hnsw is not None:
                faiss.write_index(self._hnsw, str(tmp / "hnsw.faiss"))
                (tmp / "hnsw_ids.json").write_text(json.dumps(self._hnsw_ids))
            meta = {
                "format_version": FORMAT_VERSION,
                "dim": self.dim,
                "count": self._n,
                "fingerprint": self.fingerprint,
                "has_hnsw": self._hnsw is not None,
                "saved_at": time.time(),
                "extra": extra or {},
            }
            (tmp / "meta.json").write_text(json.dumps(meta))
            for item in tmp.iterdir():
                _fsync(item)
            snapshot = root / f"snap-{time.time_ns()}-{uuid.uuid4().hex[:6]}"
            os.replace(tmp, snapshot)
            pointer = root / f".CURRENT-{uuid.uuid4().hex}"
            pointer.write_text(snapshot.name)
            _fsync(pointer)
            os.replace(pointer, root / "CURRENT")
            for old in root.iterdir():  # previous snapshots and abandoned temp folders
                if old.is_dir() and old.name != snapshot.name:
                    shutil.rmtree(old, ignore_errors=True)
        return snapshot

    @classmethod
    def load(cls, directory: str | os.PathLike[str], **options: float) -> VectorIndex:
        """Read the current snapshot; IndexCorruptError when absent or inconsistent."""
        root = Path(directory)
        try:
            snapshot = _current_snapshot(root)
            meta = json.loads((snapshot / "meta.json").read_text())
            if meta["format_version"] != FORMAT_VERSION:
                raise IndexCorruptError(f"unsupported index format {meta['format_version']}")
            vecs = np.load(snapshot / "vectors.npy")
            ids = json.loads((snapshot / "ids.json").read_text())
            index = cls(meta["dim"], **options)  # type: ignore[arg-type]
            index.saved_extra = dict(meta.get("extra") or {})
            if len(ids) != meta["count"] or vecs.shape != (meta["count"], meta["dim"]):
                raise IndexCorruptError("vector and id counts disagree")
            index._vecs = np.ascontiguousarray(vecs, dtype=np.float32)
            index._n = len(ids)
            index._row_ids = list(ids)
            index._row_of = {asset_id: row for row, asset_id in enumerate(ids)}
            index._hash_xor = 0
            for asset_id in ids:
                index._hash_xor ^= _id_hash(asset_id)
            if len(index._row_of) != len(ids) or index.fingerprint != meta["fingerprint"]:
                raise IndexCorruptError("fingerprint does not match the stored ids")
            if meta["has_hnsw"]:
                index._load_graph(snapshot)
            elif index._n > index.hnsw_threshold:
                index._build_graph()
        except IndexCorruptError:
            raise
        except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
            raise IndexCorruptError(f"cannot read the index in {root}: {exc}") from exc
        return index

    def _load_graph(self, snapshot: Path) -> None:
        graph = faiss.read_index(str(snapshot / "hnsw.faiss"))
        hnsw_ids = json.loads((snapshot / "hnsw_ids.json").read_text())
        if graph.ntotal != len(hnsw_ids) or {i for i in hnsw_ids if i is not None} != self._row_of.keys():
            raise IndexCorruptError("HNSW graph does not match the stored ids")
        if self._n < 0.9 * self.hnsw_threshold:
            return  # the threshold was raised since the save: exact search it is
        self._hnsw = graph
        self._hnsw.hnsw.efSearch = self.ef_search
        self._hnsw_ids = hnsw_ids
        self._hnsw_pos_of = {i: p for p, i in enumerate(hnsw_ids) if i is not None}
        alive = np.array([i is not None for i in hnsw_ids], dtype=bool)
        self._alive_bits = np.packbits(alive, bitorder="little")
        self._tombstones = int((~alive).sum())


def _current_snapshot(root: Path) -> Path:
    """The snapshot CURRENT names. Several processes may save into one folder: when one swung
    CURRENT to a snapshot that another's clean-up just removed, the newest complete one is used."""
    named = root / (root / "CURRENT").read_text().strip()
    if (named / "meta.json").exists():
        return named
    complete = sorted((p for p in root.glob("snap-*") if (p / "meta.json").exists()), key=lambda p: p.name)
    if not complete:
        raise IndexCorruptError(f"no complete snapshot in {root}")
    return complete[-1]


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

"""Where the vector indexes live on disk: one folder per (model, preprocessing version).

The web layer asks the registry for the index of the model it extracts with; a
missing or unreadable folder gives an empty index. The caller keeps the change log's sequence
number with each snapshot (``save(..., extra={"sequence": n})``, back as ``saved_extra``): an
index without one (empty, or from a corrupt folder) is rebuilt from the documents, one with a
number catches up with the changes logged after it.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from analysis.engine.index import IndexCorruptError, VectorIndex

__all__ = ["IndexRegistry"]


class IndexRegistry:
    """One ``VectorIndex`` per (model, preprocessing version), kept under ``data_dir``.

    Indexes are loaded lazily and cached for the process (``cached`` lists them). A missing
    or corrupt folder gives an empty index without a saved sequence number, which the caller
    rebuilds from its documents.
    """

    def __init__(self, data_dir: str | os.PathLike[str], **index_options: float) -> None:
        self.root = Path(data_dir) / "indexes"
        self.index_options = index_options
        self._cache: dict[str, VectorIndex] = {}
        self._lock = threading.Lock()

    @staticmethod
    def key(model_name: str, preprocessing_version: str) -> str:
        """Folder-safe key; the short hash keeps distinct names that slug alike apart."""
        raw = f"{model_name}@{preprocessing_version}"
        slug = re.sub(r"[^A-Za-z0-9._-]+", "_", raw).strip("_")[:80]
        return f"{slug}-{hashlib.sha1(raw.encode()).hexdigest()[:8]}"

    def path_for(self, model_name: str, preprocessing_version: str) -> Path:
        return self.root / self.key(model_name, preprocessing_version)

    def get(self, model_name: str, preprocessing_version: str) -> VectorIndex:
        key = self.key(model_name, preprocessing_version)
        with self._lock:
            if key not in self._cache:
                try:
                    self._cache[key] = VectorIndex.load(self.root / key, **self.index_options)
                except IndexCorruptError:
                    self._cache[key] = VectorIndex(**self.index_options)  # type: ignore[arg-type]
            return self._cache[key]

    def save(self, model_name: str, preprocessing_version: str) -> Path:
        index = self.get(model_name, preprocessing_version)
        return index.save(self.path_for(model_name, preprocessing_version))

    def rebuild(
        self, model_name: str, preprocessing_version: str, ids: Sequence[str], vectors: np.ndarray
    ) -> VectorIndex:
        """Replace the index with one built from ``ids``/``vectors`` and persist it."""
        fresh = VectorIndex(**self.index_options)  # type: ignore[arg-type]
        if len(ids):
            fresh.add(ids, vectors)
        fresh.save(self.path_for(model_name, preprocessing_version))
        with self._lock:
            self._cache[self.key(model_name, preprocessing_version)] = fresh
        return fresh

    def cached(self) -> list[VectorIndex]:
        """The indexes this process has open."""
        with self._lock:
            return list(self._cache.values())

    def keys(self) -> list[str]:
        return sorted(p.name for p in self.root.iterdir() if p.is_dir()) if self.root.exists() else []

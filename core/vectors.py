"""The one byte codec of stored vectors: little-endian float32, as the documents hold them.

Features, keyframe and text vectors are stored as raw bytes (``BinaryField``) so a vector costs
4 bytes a dimension and reads back without parsing; the explicit ``<f4`` keeps the files the
same on every machine.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np

DTYPE = "<f4"


def vector_to_bytes(vector) -> bytes:
    """A vector (any sequence of numbers) as the bytes stored in a document."""
    return np.asarray(vector, dtype=DTYPE).tobytes()


def vector_from_bytes(raw: bytes, *, copy: bool = False) -> np.ndarray:
    """The float32 vector of stored bytes; read-only unless ``copy`` (then it may be changed)."""
    vector = np.frombuffer(raw, dtype=DTYPE)
    return vector.copy() if copy else vector


def vectors_from_bytes(raws: Iterable[bytes]) -> np.ndarray:
    """Stored vectors of one dimension as the rows of one (n, dim) float32 matrix."""
    raws = [bytes(raw) for raw in raws]
    return np.frombuffer(b"".join(raws), dtype=DTYPE).reshape(len(raws), -1)

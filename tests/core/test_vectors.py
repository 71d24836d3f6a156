"""Stored vectors: little-endian float32 bytes, read back exactly."""
import numpy as np

from core.vectors import vector_from_bytes, vector_to_bytes, vectors_from_bytes


def test_a_vector_round_trips_as_little_endian_float32():
    raw = vector_to_bytes([1.0, -0.5, 0.25])
    assert raw == np.array([1.0, -0.5, 0.25], dtype="<f4").tobytes() and len(raw) == 12
    vector = vector_from_bytes(raw)
    assert vector.dtype == np.dtype("<f4") and vector.tolist() == [1.0, -0.5, 0.25]
    assert not vector.flags.writeable


def test_a_copy_may_be_changed():
    vector = vector_from_bytes(vector_to_bytes(np.ones(4)), copy=True)
    vector[0] = 2.0
    assert vector.tolist() == [2.0, 1.0, 1.0, 1.0]


def test_many_vectors_become_one_matrix():
    rows = [vector_to_bytes([i, i + 1]) for i in range(3)]
    assert vectors_from_bytes(rows).tolist() == [[0, 1], [1, 2], [2, 3]]

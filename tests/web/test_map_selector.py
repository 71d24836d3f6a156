"""The library map's projection: one vector origin at a time, two groups land apart."""
from __future__ import annotations

import numpy as np

from analysis.search.map_selectors import library_map
from assets.documents import Asset, FeatureVector


def _asset(name: str, vector: np.ndarray, *, model: str = "m", tag: str = "") -> Asset:
    unit = (vector / np.linalg.norm(vector)).astype("<f4")
    return Asset(kind="image", filename=name, stored_name=f"x/{name}", content_type="image/png", format="PNG",
                 file_size=1, checksum_sha256=name, tags=[tag] if tag else [],
                 features=FeatureVector(model=model, dim=len(unit), preprocessing="p", vector=unit.tobytes())).save()


def test_two_groups_of_vectors_land_apart_and_other_models_stay_off_the_map():
    rng = np.random.default_rng(0)
    base_a, base_b = rng.normal(size=16), rng.normal(size=16)
    for i in range(5):
        _asset(f"a{i}.png", base_a + 0.05 * rng.normal(size=16), tag="hero")
        _asset(f"b{i}.png", base_b + 0.05 * rng.normal(size=16), tag="prop")
    _asset("other.png", rng.normal(size=8), model="another-model")
    Asset(kind="image", filename="bare.png", stored_name="x/bare", content_type="image/png", format="PNG",
          file_size=1, checksum_sha256="bare").save()

    found = library_map(model="m", preprocessing="p")

    assert found["placed"] == 10 and found["without_vectors"] == 2
    assert found["n_clusters"] == 2
    points = {p["filename"]: p for p in found["points"]}
    assert all(0.0 <= p["x"] <= 1.0 and 0.0 <= p["y"] <= 1.0 for p in points.values())
    # Each group shares one cluster, and the groups sit at opposite ends of the first axis.
    assert len({points[f"a{i}.png"]["cluster"] for i in range(5)}) == 1
    assert points["a0.png"]["cluster"] != points["b0.png"]["cluster"]
    xs_a = [points[f"a{i}.png"]["x"] for i in range(5)]
    xs_b = [points[f"b{i}.png"]["x"] for i in range(5)]
    assert max(xs_a) < min(xs_b) or max(xs_b) < min(xs_a)
    assert {p["tag"] for p in points.values()} == {"hero", "prop"}


def test_without_the_loaded_model_the_most_common_origin_is_mapped():
    rng = np.random.default_rng(1)
    for i in range(3):
        _asset(f"old{i}.png", rng.normal(size=8), model="old-model")
    _asset("new.png", rng.normal(size=16), model="new-model")
    found = library_map(model=None, preprocessing=None)
    assert found["model"] == "old-model" and found["placed"] == 3


def test_an_empty_library_has_nothing_to_place():
    assert library_map()["points"] == []

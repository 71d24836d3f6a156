"""Comparison maths: scores, verdicts, groups, near-duplicates and threshold calibration."""

import numpy as np
import pytest

from analysis.engine import similarity as sim


def _with_cosine(base: np.ndarray, cosine: float, rng: np.random.Generator) -> np.ndarray:
    """A unit vector whose cosine with the unit vector ``base`` is exactly ``cosine``."""
    other = rng.standard_normal(base.shape)
    other -= (other @ base) * base
    other /= np.linalg.norm(other)
    return cosine * base + np.sqrt(1 - cosine**2) * other


@pytest.fixture
def rng():
    return np.random.default_rng(7)


def _clusters(rng, sizes, dim=64, spread=0.25):
    """Ids and vectors of tight groups around random centres: ``g<k>-<i>``."""
    ids, vecs = [], []
    for g, size in enumerate(sizes):
        centre = rng.standard_normal(dim)
        centre /= np.linalg.norm(centre)
        for i in range(size):
            ids.append(f"g{g}-{i}")
            vecs.append(centre + spread * rng.standard_normal(dim) / np.sqrt(dim))
    return ids, np.array(vecs)


def test_identical_vectors_score_100_with_zero_distance(rng):
    v = rng.standard_normal(768)
    result = sim.compare(v, 3.0 * v)  # scale does not matter: vectors are normalised
    assert result == {"cosine_similarity": 1.0, "similarity_percentage": 100.0, "euclidean_distance": 0.0}


def test_opposite_vectors_floor_the_percentage_at_zero(rng):
    v = rng.standard_normal(32)
    result = sim.compare(v, -v)
    assert result["cosine_similarity"] == -1.0
    assert result["similarity_percentage"] == 0.0
    assert result["euclidean_distance"] == pytest.approx(2.0)


def test_euclidean_distance_is_between_unit_vectors(rng):
    a = rng.standard_normal(16)
    a /= np.linalg.norm(a)
    b = _with_cosine(a, 0.875, rng)
    result = sim.compare(a * 5, b * 0.1)
    assert result["cosine_similarity"] == pytest.approx(0.875, abs=1e-6)
    assert result["similarity_percentage"] == 87.5
    assert result["euclidean_distance"] == pytest.approx(0.5, abs=1e-6)  # sqrt(2 - 2 * 0.875)


def test_zero_vector_and_shape_mismatch_are_refused(rng):
    with pytest.raises(ValueError):
        sim.compare(np.zeros(8), rng.standard_normal(8))
    with pytest.raises(ValueError):
        sim.compare(rng.standard_normal(8), rng.standard_normal(9))


def test_rank_candidates_orders_best_first(rng):
    ref = rng.standard_normal(64)
    ref /= np.linalg.norm(ref)
    wanted = {"far": 0.1, "close": 0.9, "middle": 0.5, "opposite": -0.4}
    ids = list(wanted)
    vectors = np.array([_with_cosine(ref, wanted[i], rng) for i in ids])
    ranked = sim.rank_candidates(ref, ids, vectors)
    assert [r["asset_id"] for r in ranked] == ["close", "middle", "far", "opposite"]
    assert ranked[0]["similarity_percentage"] == pytest.approx(90.0)
    assert ranked[-1]["similarity_percentage"] == 0.0


def test_similarity_matrix_is_symmetric_with_unit_diagonal(rng):
    m = sim.similarity_matrix(rng.standard_normal((7, 128)))
    assert m.shape == (7, 7)
    assert np.array_equal(m, m.T)
    assert np.all(np.diag(m) == 1.0)
    assert m.max() <= 1.0 and m.min() >= -1.0


def test_seed_example_reads_high_confidence_same_character(rng):
    verdict = sim.consistency_verdict(0.875, 0.75)
    assert verdict["same_character"] is True
    assert verdict["similarity_score"] == 87.5
    assert verdict["confidence_level"] == "high"
    assert verdict["explanation"] == "High similarity suggests same character/person"


@pytest.mark.parametrize(
    ("cosine", "same", "level"),
    [(0.76, True, "low"), (0.81, True, "medium"), (0.74, False, "low"),
     (0.68, False, "medium"), (0.30, False, "high"), (0.75, True, "low")],
)
def test_confidence_follows_distance_to_threshold(cosine, same, level):
    verdict = sim.consistency_verdict(cosine, 0.75)
    assert verdict["same_character"] is same
    assert verdict["confidence_level"] == level
    if not same:
        assert "different" in verdict["explanation"]


def test_match_report_lists_failing_assets_weakest_first(rng):
    ref = rng.standard_normal(32)
    ref /= np.linalg.norm(ref)
    cosines = {"shot1": 0.9, "shot2": 0.6, "shot3": 0.8, "shot4": 0.2}
    report = sim.match_report(ref, list(cosines), np.array([_with_cosine(ref, c, rng) for c in cosines.values()]))
    assert [r["asset_id"] for r in report["results"]] == list(cosines)  # input order kept
    assert report["summary"]["failing"] == ["shot4", "shot2"]
    assert report["summary"]["matching"] == 2
    assert report["summary"]["all_consistent"] is False


def test_groups_by_character_and_stable_under_input_order(rng):
    ids, vecs = _clusters(rng, [4, 3, 1])
    groups = sim.group_by_threshold(ids, vecs, 0.75)
    assert [g["asset_ids"] for g in groups] == [
        ["g0-0", "g0-1", "g0-2", "g0-3"], ["g1-0", "g1-1", "g1-2"], ["g2-0"]]
    assert all(0.75 <= g["cohesion"] <= 1.0 for g in groups)
    assert groups[0]["representative"] in groups[0]["asset_ids"]
    perm = rng.permutation(len(ids))
    shuffled = sim.group_by_threshold([ids[i] for i in perm], vecs[perm], 0.75)
    assert shuffled == groups


def test_threshold_one_keeps_every_distinct_asset_apart(rng):
    ids, vecs = _clusters(rng, [3, 3])
    assert [g["size"] for g in sim.group_by_threshold(ids, vecs, 0.999999)] == [1] * 6


def test_representative_is_the_medoid(rng):
    centre = rng.standard_normal(16)
    centre /= np.linalg.norm(centre)
    vecs = np.array([centre, _with_cosine(centre, 0.95, rng), _with_cosine(centre, 0.95, rng)])
    group = sim.describe_group(["b", "a", "c"], sim.unit(vecs))
    assert group["representative"] == "b"
    assert group["asset_ids"] == ["a", "b", "c"]


def test_near_duplicates_found_across_blocks(rng):
    base = rng.standard_normal((50, 64))
    ids = [f"img{i:02d}" for i in range(50)]
    vecs = base.copy()
    vecs[7] = base[3] + 0.01 * rng.standard_normal(64)   # near copy of img03
    vecs[41] = base[3] + 0.01 * rng.standard_normal(64)  # another, in a later block
    vecs[20] = base[10] * 2                               # same direction, rescaled
    groups = sim.near_duplicate_groups(ids, vecs, 0.95, block=8)
    assert [g["asset_ids"] for g in groups] == [["img03", "img07", "img41"], ["img10", "img20"]]
    assert groups[0]["min_similarity"] >= 0.95


def test_calibration_finds_a_separating_threshold(rng):
    same = [(float(c), True) for c in rng.uniform(0.8, 0.95, 40)]
    different = [(float(c), False) for c in rng.uniform(0.2, 0.6, 40)]
    result = sim.calibrate_threshold(same + different)
    assert 0.6 <= result["threshold"] <= 0.8
    assert result["precision"] == 1.0 and result["recall"] == 1.0 and result["separable"]
    assert result["n_same"] == 40 and result["n_different"] == 40


def test_calibration_with_overlap_reports_the_errors():
    pairs = [(0.9, True), (0.85, True), (0.7, True), (0.72, False), (0.5, False), (0.4, False)]
    result = sim.calibrate_threshold(pairs)
    assert not result["separable"]
    assert result["false_positives"] + result["false_negatives"] >= 1
    assert result["f1"] >= 0.8
    with pytest.raises(ValueError):
        sim.calibrate_threshold([(0.9, True), (0.8, True)])

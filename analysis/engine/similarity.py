"""Comparison maths on embedding vectors: scores, verdicts, groups, near-duplicates.

Everything here takes plain numpy vectors (any norm; they are L2-normalised first) and
returns JSON-ready Python values, following the API's conventions (docs/api.md):
``cosine_similarity`` in -1..1, ``*_percentage``/``similarity_score`` = cosine x 100
floored at 0, ``euclidean_distance`` between the unit vectors (= sqrt(2 - 2 cos)).

Clustering and anomaly scores live in ``analytics``. Groupings are deterministic: inputs
are sorted by id before any computation, so the same set of assets gives the same
groups whatever order the request listed them in.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

__all__ = [
    "DEFAULT_SIMILARITY_THRESHOLD",
    "HIGH_MARGIN",
    "MEDIUM_MARGIN",
    "calibrate_threshold",
    "compare",
    "confidence_level",
    "consistency_explanation",
    "consistency_verdict",
    "describe_group",
    "group_by_threshold",
    "groups_from_labels",
    "groups_from_pairs",
    "match_report",
    "near_duplicate_groups",
    "percentage",
    "rank_candidates",
    "similarity_matrix",
    "sort_by_id",
    "unit",
]

# The documented default (PUT config/similarity-threshold example).
DEFAULT_SIMILARITY_THRESHOLD = 0.75
# Confidence is the distance of the cosine from the threshold. The margins are a design
# choice, anchored on docs/api.md's example (cosine 0.875 at threshold 0.75 reads "high",
# i.e. a margin of 0.125 must be high); calibrate_threshold's report helps revisit them.
HIGH_MARGIN = 0.10
MEDIUM_MARGIN = 0.05


def unit(vectors: np.ndarray) -> np.ndarray:
    """L2-normalise a vector or the rows of a matrix (float64); zero vectors are refused."""
    arr = np.asarray(vectors, dtype=np.float64)
    if arr.ndim not in (1, 2) or arr.shape[-1] == 0:
        raise ValueError(f"expected a vector or a matrix of vectors, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError("vectors contain NaN or infinity")
    norms = np.linalg.norm(arr, axis=-1, keepdims=True)
    if np.any(norms == 0):
        raise ValueError("a zero vector has no direction; similarity is undefined")
    return arr / norms


def percentage(cosine: float) -> float:
    """The API's score (docs/api.md): cosine x 100, floored at 0, rounded to 2 decimals."""
    return round(max(0.0, float(cosine)) * 100.0, 2)


def _clip(cosine: float | np.ndarray) -> float | np.ndarray:
    return np.clip(cosine, -1.0, 1.0)


def _scores(cosine: float) -> dict[str, float]:
    cosine = float(_clip(cosine))
    return {
        "cosine_similarity": round(cosine, 6),
        "similarity_percentage": percentage(cosine),
        "euclidean_distance": round(float(np.sqrt(max(0.0, 2.0 - 2.0 * cosine))), 6),
    }


def compare(a: np.ndarray, b: np.ndarray) -> dict[str, float]:
    """``{cosine_similarity, similarity_percentage, euclidean_distance}`` of two vectors."""
    ua, ub = unit(a), unit(b)
    if ua.shape != ub.shape or ua.ndim != 1:
        raise ValueError(f"cannot compare vectors of shapes {ua.shape} and {ub.shape}")
    return _scores(float(ua @ ub))


def similarity_matrix(vectors: np.ndarray) -> np.ndarray:
    """Symmetric (N, N) cosine matrix with an exact unit diagonal."""
    u = unit(np.atleast_2d(vectors))
    sim = _clip(u @ u.T)
    sim = (sim + sim.T) / 2.0  # float rounding can break symmetry by an ulp
    np.fill_diagonal(sim, 1.0)
    return sim


def rank_candidates(
    reference: np.ndarray, ids: Sequence[str], vectors: np.ndarray
) -> list[dict[str, float | str]]:
    """Candidates scored against the reference, best first (ties broken by id)."""
    if len(ids) != len(vectors):
        raise ValueError(f"{len(ids)} ids but {len(vectors)} vectors")
    if len(ids) == 0:
        return []
    cos = unit(np.atleast_2d(vectors)) @ unit(reference)
    rows = [{"asset_id": i, **_scores(c)} for i, c in zip(ids, cos)]
    return sorted(rows, key=lambda r: (-r["cosine_similarity"], r["asset_id"]))


# ----------------------------------------------------------------- verdicts
def confidence_level(
    cosine: float,
    threshold: float = DEFAULT_SIMILARITY_THRESHOLD,
    *,
    high_margin: float = HIGH_MARGIN,
    medium_margin: float = MEDIUM_MARGIN,
) -> str:
    """``high`` when the cosine is at least ``high_margin`` away from the threshold
    (either side), ``medium`` from ``medium_margin``, else ``low``: how sure the
    same/different verdict is, not how similar the images are."""
    margin = abs(float(cosine) - float(threshold))
    if margin >= high_margin:
        return "high"
    if margin >= medium_margin:
        return "medium"
    return "low"


_EXPLANATIONS = {
    (True, "high"): "High similarity suggests same character/person",
    (True, "medium"): "Similarity above the threshold suggests the same character/person",
    (True, "low"): (
        "Similarity is only just above the threshold: probably the same character/person, "
        "worth a manual check"
    ),
    (False, "low"): (
        "Similarity is only just below the threshold: probably a different character/person, "
        "worth a manual check"
    ),
    (False, "medium"): "Similarity below the threshold suggests a different character/person",
    (False, "high"): "Low similarity suggests a different character/person",
}


def consistency_explanation(*, same_character: bool, confidence: str) -> str:
    """Sentence for the verdict; the high/same one is docs/api.md's wording."""
    return _EXPLANATIONS[(bool(same_character), confidence)]


def consistency_verdict(
    cosine: float,
    threshold: float = DEFAULT_SIMILARITY_THRESHOLD,
    *,
    high_margin: float = HIGH_MARGIN,
    medium_margin: float = MEDIUM_MARGIN,
) -> dict[str, object]:
    """validate-consistency's fields for one cosine: same_character (cosine >= threshold),
    similarity_score, confidence_level, explanation, cosine_similarity, euclidean_distance."""
    scores = _scores(cosine)
    same = scores["cosine_similarity"] >= threshold
    level = confidence_level(
        scores["cosine_similarity"], threshold, high_margin=high_margin, medium_margin=medium_margin
    )
    return {
        "same_character": bool(same),
        "similarity_score": scores["similarity_percentage"],
        "confidence_level": level,
        "explanation": consistency_explanation(same_character=same, confidence=level),
        "cosine_similarity": scores["cosine_similarity"],
        "euclidean_distance": scores["euclidean_distance"],
        "threshold": float(threshold),
    }


def match_report(
    reference: np.ndarray,
    ids: Sequence[str],
    vectors: np.ndarray,
    threshold: float = DEFAULT_SIMILARITY_THRESHOLD,
) -> dict[str, object]:
    """Each asset's verdict against one reference (input order kept) and a summary:
    what character-matching, validate-shot-consistency and reference-enforcement need.
    ``summary.failing`` lists the assets below the threshold, weakest first."""
    if len(ids) != len(vectors):
        raise ValueError(f"{len(ids)} ids but {len(vectors)} vectors")
    if len(ids) == 0:
        raise ValueError("no assets to compare with the reference")
    cos = unit(np.atleast_2d(vectors)) @ unit(reference)
    results = [{"asset_id": i, **consistency_verdict(float(c), threshold)} for i, c in zip(ids, cos)]
    failing = sorted((r for r in results if not r["same_character"]),
                     key=lambda r: (r["cosine_similarity"], r["asset_id"]))
    scores = [float(r["similarity_score"]) for r in results]  # type: ignore[arg-type]
    return {
        "results": results,
        "summary": {
            "total": len(results),
            "matching": len(results) - len(failing),
            "failing_count": len(failing),
            "match_rate": round(100.0 * (len(results) - len(failing)) / len(results), 2),
            "mean_similarity_score": round(float(np.mean(scores)), 2),
            "min_similarity_score": round(min(scores), 2),
            "max_similarity_score": round(max(scores), 2),
            "all_consistent": not failing,
            "failing": [r["asset_id"] for r in failing],
            "threshold": float(threshold),
        },
    }


# ----------------------------------------------------------------- groups
def sort_by_id(ids: Sequence[str], vectors: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Unique ids sorted, with their unit vectors: the canonical input of every grouping."""
    if len(ids) != len(vectors):
        raise ValueError(f"{len(ids)} ids but {len(vectors)} vectors")
    if len(set(ids)) != len(ids):
        raise ValueError("ids must be unique")
    order = sorted(range(len(ids)), key=lambda i: ids[i])
    u = unit(np.atleast_2d(vectors)) if len(ids) else np.zeros((0, 1))
    return [ids[i] for i in order], u[order]


def describe_group(member_ids: Sequence[str], unit_vectors: np.ndarray) -> dict[str, object]:
    """Sorted members, cohesion (mean pairwise cosine; 1 for a singleton), minimum
    pairwise cosine and representative (medoid: highest mean cosine to the others)."""
    order = sorted(range(len(member_ids)), key=lambda i: member_ids[i])
    members = [member_ids[i] for i in order]
    vecs = unit_vectors[order]
    n = len(members)
    if n == 1:
        return {"asset_ids": members, "size": 1, "cohesion": 1.0, "min_similarity": 1.0,
                "representative": members[0]}
    sim = _clip(vecs @ vecs.T)
    off = sim[~np.eye(n, dtype=bool)]
    mean_to_others = (sim.sum(axis=1) - 1.0) / (n - 1)
    return {
        "asset_ids": members,
        "size": n,
        "cohesion": round(float(off.mean()), 6),
        "min_similarity": round(float(off.min()), 6),
        # argmax takes the first maximum and members are sorted: ties go to the smaller id.
        "representative": members[int(np.argmax(np.round(mean_to_others, 9)))],
    }


def groups_from_labels(ids: list[str], u: np.ndarray, labels: np.ndarray) -> list[dict[str, object]]:
    """describe_group for each label, largest first (ties: smallest id), numbered 0..n-1."""
    groups = [describe_group([ids[i] for i in np.flatnonzero(labels == lab)], u[labels == lab])
              for lab in np.unique(labels)]
    groups.sort(key=lambda g: (-g["size"], g["asset_ids"][0]))  # type: ignore[operator,index]
    for number, group in enumerate(groups):
        group["group_id"] = number
    return groups


def group_by_threshold(
    ids: Sequence[str], vectors: np.ndarray, threshold: float = DEFAULT_SIMILARITY_THRESHOLD
) -> list[dict[str, object]]:
    """Group assets (e.g. by character) with average-linkage clustering cut at
    ``threshold``: two groups merge while the mean cosine between their members is at
    least the threshold. Unlike connected components this does not chain A~B~C into
    one group when A and C are unlike. Largest groups first; singletons included."""
    sids, u = sort_by_id(ids, vectors)
    if len(sids) == 0:
        return []
    if len(sids) == 1:
        return groups_from_labels(sids, u, np.zeros(1, dtype=int))
    dist = 1.0 - similarity_matrix(u)
    condensed = np.clip(dist[np.triu_indices(len(sids), k=1)], 0.0, 2.0)
    tree = linkage(condensed, method="average")
    # fcluster's "distance" keeps merges with height <= t; a tiny epsilon keeps a pair
    # sitting exactly on the threshold together, matching same_character (>=).
    labels = fcluster(tree, t=1.0 - threshold + 1e-9, criterion="distance")
    return groups_from_labels(sids, u, labels)


def near_duplicate_groups(
    ids: Sequence[str], vectors: np.ndarray, threshold: float = 0.95, *, block: int = 2048
) -> list[dict[str, object]]:
    """Groups (size >= 2) of assets linked by cosine >= ``threshold`` (connected
    components: at 0.95 chaining barely matters and it scales to a whole library). The
    cosine matrix is computed in row blocks so memory stays O(block x N)."""
    sids, u = sort_by_id(ids, vectors)
    n = len(sids)
    if n < 2:
        return []
    u32 = u.astype(np.float32)
    rows, cols = [], []
    for start in range(0, n, block):
        sims = u32[start : start + block] @ u32.T
        r, c = np.nonzero(sims >= threshold)
        keep = c > r + start  # each unordered pair once, no self-pairs
        rows.append(r[keep] + start)
        cols.append(c[keep])
    return _linked_groups(sids, u, np.concatenate(rows), np.concatenate(cols))


def _linked_groups(sids: list[str], u: np.ndarray, r: np.ndarray, c: np.ndarray) -> list[dict[str, object]]:
    n = len(sids)
    graph = coo_matrix((np.ones(len(r)), (r, c)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    keep = np.bincount(labels)[labels] >= 2
    return groups_from_labels([i for i, k in zip(sids, keep) if k], u[keep], labels[keep])


def groups_from_pairs(
    ids: Sequence[str], vectors: np.ndarray, pairs: Sequence[tuple[str, str, float]]
) -> list[dict[str, object]]:
    """Near-duplicate groups from precomputed pairs (``VectorIndex.neighbour_pairs``):
    connected components over the pairs, described like ``near_duplicate_groups``.
    ``ids``/``vectors`` must cover every id named in the pairs (only those are used)."""
    sids, u = sort_by_id(ids, vectors)
    position = {asset_id: i for i, asset_id in enumerate(sids)}
    missing = {x for a, b, _ in pairs for x in (a, b)} - position.keys()
    if missing:
        raise ValueError(f"pairs name ids without vectors: {sorted(missing)[:5]}")
    r = np.array([position[a] for a, _, _ in pairs], dtype=np.int64)
    c = np.array([position[b] for _, b, _ in pairs], dtype=np.int64)
    return _linked_groups(sids, u, r, c)


# ----------------------------------------------------------------- calibration
def calibrate_threshold(pairs: Sequence[tuple[float, bool]]) -> dict[str, object]:
    """Threshold that best separates labelled pairs ``(cosine, same)``.

    Predicts "same" when cosine >= threshold. Candidates are the midpoints between
    consecutive distinct cosines; the best maximises F1 of the "same" class, then
    accuracy, then the gap around it (a threshold in a wide empty gap generalises
    better than one squeezed between two examples).
    """
    if not pairs:
        raise ValueError("no labelled pairs")
    cos = np.array([float(c) for c, _ in pairs])
    same = np.array([bool(s) for _, s in pairs])
    if same.all() or not same.any():
        raise ValueError("calibration needs both same and different pairs")
    values = np.unique(cos)
    lows = np.concatenate([[values[0] - 0.01], values])
    highs = np.concatenate([values, [values[-1] + 0.01]])
    best: tuple[tuple[float, float, float], dict[str, object]] | None = None
    for lo, hi in zip(lows, highs):
        t = float((lo + hi) / 2)
        pred = cos >= t
        tp = int((pred & same).sum())
        fp = int((pred & ~same).sum())
        fn = int((~pred & same).sum())
        tn = int((~pred & ~same).sum())
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        accuracy = (tp + tn) / len(cos)
        rank = (round(f1, 12), round(accuracy, 12), float(hi - lo))
        if best is None or rank > best[0]:
            best = (rank, {
                "threshold": round(float(np.clip(t, -1.0, 1.0)), 6),
                "precision": round(precision, 6),
                "recall": round(recall, 6),
                "f1": round(f1, 6),
                "accuracy": round(accuracy, 6),
                "true_positives": tp, "false_positives": fp,
                "false_negatives": fn, "true_negatives": tn,
                "separable": fp == 0 and fn == 0,
            })
    assert best is not None
    return {**best[1], "n_pairs": len(cos), "n_same": int(same.sum()), "n_different": int((~same).sum())}

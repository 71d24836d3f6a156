"""Comparisons between assets: pairs, rankings, matrices, character checks, groups, anomalies.

Every function takes asset ids, fetches the assets (ASSET_NOT_FOUND names the field), gets
their vectors through ``features_for`` (extracting what is missing, MODEL_NOT_LOADED without
weights) and hands plain vectors to the maths in ``analysis.engine``. The same-character
threshold comes from the persisted configuration unless the request gives one.
"""
from __future__ import annotations

import numpy as np
from django.conf import settings

from analysis.engine import analytics, heatmap, open_image, to_rgb
from analysis.engine import similarity as maths
from analysis.features.services import decode_failures, features_for, loaded_engine
from assets.documents import Asset
from assets.selectors import asset_get, assets_get_many
from assets.storage import file_read
from core.errors import ValidationFailed
from core.limits import batch_check
from dinov3site.config.services import config_set, config_value

from .documents import LabelledScore, ThresholdCalibration


ANOMALY_METHOD = (
    "Each asset's distance is its mean cosine distance to its k nearest reference assets. The reference set is "
    "calibrated leave-one-out (each reference against the others) for the mean and spread of that distance; "
    "anomaly_score is the z-score of the test asset's distance, and is_anomaly means it exceeds the threshold "
    "(config anomaly_threshold, 3 by default: the three-sigma rule)."
)


def _vectors(assets: list[Asset]) -> np.ndarray:
    found = features_for(assets=assets)
    return np.stack([found[asset.id] for asset in assets])


def _threshold(value: float | None) -> float:
    return config_value("similarity_threshold") if value is None else float(value)


def _unique(ids: list[str], field: str) -> list[str]:
    batch_check(ids, limit=settings.MAX_BATCH_SIZE, field=field)
    seen: dict[str, None] = {}
    for asset_id in ids:
        seen.setdefault(str(asset_id).strip().lower(), None)
    return list(seen)


def similarity_calculate(*, asset_id_1: str, asset_id_2: str) -> dict:
    first = asset_get(asset_id=asset_id_1, field="asset_id_1")
    second = asset_get(asset_id=asset_id_2, field="asset_id_2")
    a, b = _vectors([first, second])
    return {"asset_id_1": first.id, "asset_id_2": second.id, **maths.compare(a, b)}


def consistency_validate(*, asset_id_1: str, asset_id_2: str, threshold: float | None = None) -> dict:
    first = asset_get(asset_id=asset_id_1, field="asset_id_1")
    second = asset_get(asset_id=asset_id_2, field="asset_id_2")
    a, b = _vectors([first, second])
    cosine = float(maths.compare(a, b)["cosine_similarity"])
    return {"asset_id_1": first.id, "asset_id_2": second.id, **maths.consistency_verdict(cosine, _threshold(threshold))}


def best_match_find(*, reference_asset_id: str, candidate_asset_ids: list[str]) -> dict:
    candidate_ids = _unique(candidate_asset_ids, "candidate_asset_ids")
    reference = asset_get(asset_id=reference_asset_id, field="reference_asset_id")
    candidates = assets_get_many(asset_ids=candidate_ids, field="candidate_asset_ids")
    vectors = _vectors([reference, *candidates])
    names = {asset.id: asset.filename for asset in candidates}
    ranked = maths.rank_candidates(vectors[0], [a.id for a in candidates], vectors[1:])
    for rank, row in enumerate(ranked, 1):
        row["filename"], row["rank"] = names[row["asset_id"]], rank
    return {"reference_asset_id": reference.id, "candidates_processed": len(ranked),
            "best_match": ranked[0], "ranked_results": ranked}


def similarity_batch(*, asset_ids: list[str], comparison_type: str = "all_pairs") -> dict:
    ids = _unique(asset_ids, "asset_ids")
    assets = assets_get_many(asset_ids=ids)
    vectors = _vectors(assets)
    matrix = maths.similarity_matrix(vectors)
    if comparison_type == "reference_vs_all":
        return {"comparison_type": comparison_type, "reference_asset_id": ids[0], "asset_ids": ids,
                "similarity_matrix": [np.round(matrix[0], 6).tolist()]}
    return {"comparison_type": comparison_type, "asset_ids": ids,
            "similarity_matrix": np.round(matrix, 6).tolist()}


def _match(reference_id: str, reference_field: str, test_ids: list[str], test_field: str,
           threshold: float | None) -> tuple[Asset, list[Asset], dict]:
    ids = _unique(test_ids, test_field)
    reference = asset_get(asset_id=reference_id, field=reference_field)
    tests = assets_get_many(asset_ids=ids, field=test_field)
    vectors = _vectors([reference, *tests])
    report = maths.match_report(vectors[0], [a.id for a in tests], vectors[1:], _threshold(threshold))
    names = {asset.id: asset.filename for asset in tests}
    for row in report["results"]:
        row["filename"] = names[row["asset_id"]]
    return reference, tests, report


def characters_match(*, reference_asset_id: str, test_asset_ids: list[str], threshold: float | None = None) -> dict:
    reference, _, report = _match(reference_asset_id, "reference_asset_id", test_asset_ids, "test_asset_ids", threshold)
    return {"reference_asset_id": reference.id, **report}


def shot_consistency_validate(*, character_reference_asset_id: str, shot_asset_ids: list[str],
                              threshold: float | None = None) -> dict:
    reference, _, report = _match(character_reference_asset_id, "character_reference_asset_id",
                                  shot_asset_ids, "shot_asset_ids", threshold)
    summary = report["summary"]
    breaking = [row for row in report["results"] if not row["same_character"]]
    breaking.sort(key=lambda row: row["cosine_similarity"])
    verdict = "consistent" if not breaking else ("inconsistent" if len(breaking) > len(report["results"]) / 2
                                                 else "mostly_consistent")
    return {
        "character_reference_asset_id": reference.id,
        "overall_verdict": verdict,
        "consistent": not breaking,
        "shot_reports": report["results"],
        "breaking_shots": [{"asset_id": row["asset_id"], "filename": row["filename"],
                            "similarity_score": row["similarity_score"]} for row in breaking],
        "summary": summary,
    }


def reference_enforce(*, master_reference_asset_id: str, generated_asset_ids: list[str],
                      minimum: float | None = None) -> dict:
    """Compliance = similarity score (0–100) to the master; pass at or above the minimum."""
    reference, _, report = _match(master_reference_asset_id, "master_reference_asset_id",
                                  generated_asset_ids, "generated_asset_ids", minimum)
    threshold = report["summary"]["threshold"]
    rows = []
    for row in report["results"]:
        passed = row["same_character"]
        rows.append({
            "asset_id": row["asset_id"], "filename": row["filename"],
            "compliance_score": row["similarity_score"], "cosine_similarity": row["cosine_similarity"],
            "passed": passed, "recommendation": "keep" if passed else "regenerate",
            "reason": (f"{row['similarity_score']:.1f} is at or above the minimum {threshold * 100:.1f}" if passed
                       else f"{row['similarity_score']:.1f} is below the minimum {threshold * 100:.1f}: "
                            "regenerate closer to the master reference"),
        })
    kept = sum(row["passed"] for row in rows)
    return {"master_reference_asset_id": reference.id, "minimum_compliance": round(threshold * 100, 2),
            "results": rows, "summary": {"total": len(rows), "keep": kept, "regenerate": len(rows) - kept,
                                         "compliance_rate": round(100.0 * kept / len(rows), 2)}}


def characters_group(*, asset_ids: list[str], threshold: float | None = None) -> dict:
    ids = _unique(asset_ids, "asset_ids")
    assets = assets_get_many(asset_ids=ids)
    groups = maths.group_by_threshold([a.id for a in assets], _vectors(assets), _threshold(threshold))
    return {"threshold": _threshold(threshold), "total_groups": len(groups), "groups": groups,
            "method": "average-linkage clustering cut at the threshold (mean cosine between groups)"}


def features_cluster(*, asset_ids: list[str], n_clusters: int | None = None, method: str = "kmeans") -> dict:
    ids = _unique(asset_ids, "asset_ids")
    assets = assets_get_many(asset_ids=ids)
    if n_clusters is not None and n_clusters > len(assets):
        raise ValidationFailed(f"n_clusters ({n_clusters}) cannot exceed the number of assets ({len(assets)}).",
                               details={"n_clusters": [f"At most {len(assets)}."]})
    return analytics.cluster([a.id for a in assets], _vectors(assets), n_clusters, method=method)


def anomalies_detect(*, reference_asset_ids: list[str], test_asset_ids: list[str],
                     threshold: float | None = None) -> dict:
    reference_ids = _unique(reference_asset_ids, "reference_asset_ids")
    test_ids = _unique(test_asset_ids, "test_asset_ids")
    if len(reference_ids) < 2:
        raise ValidationFailed("anomaly-detection needs at least two reference assets.",
                               details={"reference_asset_ids": ["At least 2 ids."]})
    references = assets_get_many(asset_ids=reference_ids, field="reference_asset_ids")
    tests = assets_get_many(asset_ids=test_ids, field="test_asset_ids")
    vectors = _vectors([*references, *tests])
    z = config_value("anomaly_threshold") if threshold is None else float(threshold)
    scored = analytics.anomaly_scores(vectors[: len(references)], vectors[len(references):], z)
    for row, asset in zip(scored["results"], tests):
        row["asset_id"] = asset.id
        row["nearest_reference"] = references[row["nearest_reference"]].id
    return {**scored, "method_description": ANOMALY_METHOD}


def heatmap_render(*, reference_asset_id: str, test_asset_id: str) -> dict:
    """Where the test image departs from the reference, from DINOv3 patch tokens."""
    reference = asset_get(asset_id=reference_asset_id, kind="image", field="reference_asset_id")
    test = asset_get(asset_id=test_asset_id, kind="image", field="test_asset_id")
    current = loaded_engine()
    with decode_failures():
        images = [to_rgb(open_image(file_read(asset.stored_name))) for asset in (reference, test)]
        cls, patches = current.embed_with_patches(images)
    diff = heatmap.patch_difference_map(patches[0], patches[1])
    picture = images[1].copy()
    picture.thumbnail((1024, 1024))
    png = heatmap.render_heatmap_png(picture, diff)
    return {"reference_asset_id": reference.id, "test_asset_id": test.id,
            "cosine_similarity": round(float(cls[0] @ cls[1]), 6), **heatmap.difference_summary(diff),
            "grid": list(diff.shape), "png": png}


def threshold_calibrate(*, pairs: list[dict], apply: bool = False, actor=None) -> dict:
    batch_check([p.get("asset_id_1") for p in pairs], limit=settings.MAX_BATCH_SIZE, field="pairs")
    assets: dict[str, Asset] = {}
    for index, pair in enumerate(pairs):
        for field in ("asset_id_1", "asset_id_2"):
            asset = asset_get(asset_id=pair[field], field=f"pairs[{index}].{field}")
            assets[asset.id] = asset
    vectors = features_for(assets=list(assets.values()))
    labelled = []
    for pair in pairs:
        a = vectors[str(pair["asset_id_1"]).lower()]
        b = vectors[str(pair["asset_id_2"]).lower()]
        labelled.append((float(a @ b), bool(pair["same"])))
    try:
        report = maths.calibrate_threshold(labelled)
    except ValueError as exc:
        raise ValidationFailed(f"Calibration needs labelled pairs of both kinds: {exc}.",
                               details={"pairs": [str(exc)]}) from exc
    if apply:
        report["applied"] = True
        report["config"] = config_set(name="similarity_threshold", value=report["threshold"], actor=actor)
    # Kept so the character-check page can show how the threshold separates the studio's pairs.
    stored = ThresholdCalibration(scores=[LabelledScore(cosine=c, same=s) for c, s in labelled],
                                  threshold=report["threshold"], applied=bool(apply),
                                  report={k: v for k, v in report.items() if k != "config"}).save()
    report["calibration_id"] = stored.id
    return report

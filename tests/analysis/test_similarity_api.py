"""Comparison endpoints with the tiny model: behaviour a user can check by eye."""
import numpy as np
import pytest

pytestmark = pytest.mark.django_db


def post(api, path, body):
    response = api.post(f"/api/v1/{path}", body, format="json")
    return response


@pytest.fixture
def library(model, upload_image):
    """Four photos plus a re-encoded copy of the first (a near-duplicate)."""
    assets = {name: upload_image("PNG", name)["asset_id"] for name in ("astronaut", "coffee", "chelsea", "rocket")}
    assets["astronaut_copy"] = upload_image("JPEG", "astronaut", quality=92)["asset_id"]
    return assets


def test_identical_images_score_100(api, library):
    body = post(api, "calculate-similarity", {"asset_id_1": library["astronaut"],
                                             "asset_id_2": library["astronaut"]}).json()
    assert body["similarity_percentage"] == pytest.approx(100.0)
    assert body["cosine_similarity"] == pytest.approx(1.0)
    assert body["euclidean_distance"] == pytest.approx(0.0, abs=1e-3)
    assert body["processing_time"] >= 0


def test_validate_consistency_has_the_seed_fields(api, library):
    body = post(api, "validate-consistency", {"asset_id_1": library["astronaut"],
                                             "asset_id_2": library["astronaut_copy"]}).json()
    assert {"asset_id_1", "asset_id_2", "same_character", "similarity_score", "confidence_level", "explanation",
            "cosine_similarity", "euclidean_distance", "processing_time"} <= body.keys()
    assert body["same_character"] is True and body["confidence_level"] == "high"
    assert body["explanation"] == "High similarity suggests same character/person"
    assert body["threshold"] == 0.75


def test_consistency_follows_the_configured_threshold(api, library):
    pair = {"asset_id_1": library["astronaut"], "asset_id_2": library["rocket"]}
    cosine = post(api, "calculate-similarity", pair).json()["cosine_similarity"]
    api.put("/api/v1/config/similarity-threshold", {"threshold": min(cosine + 0.2, 1.0)}, format="json")

    body = post(api, "validate-consistency", pair).json()

    assert body["same_character"] is False
    assert "different" in body["explanation"]


def test_find_best_match_ranks_the_copy_first(api, library):
    candidates = [library["rocket"], library["astronaut_copy"], library["coffee"]]
    body = post(api, "find-best-match", {"reference_asset_id": library["astronaut"],
                                        "candidate_asset_ids": candidates}).json()

    assert body["candidates_processed"] == 3
    assert body["best_match"]["asset_id"] == library["astronaut_copy"]
    assert body["best_match"]["filename"] == "astronaut.jpg"
    scores = [row["cosine_similarity"] for row in body["ranked_results"]]
    assert scores == sorted(scores, reverse=True)


def test_batch_similarity_matrix_is_symmetric_with_unit_diagonal(api, library):
    ids = [library[name] for name in ("astronaut", "coffee", "chelsea", "rocket")]
    body = post(api, "batch-similarity", {"asset_ids": ids, "comparison_type": "all_pairs"}).json()
    matrix = np.array(body["similarity_matrix"])

    assert body["asset_ids"] == ids
    assert matrix.shape == (4, 4)
    assert np.allclose(matrix, matrix.T) and np.allclose(np.diag(matrix), 1.0)

    row = post(api, "batch-similarity", {"asset_ids": ids, "comparison_type": "reference_vs_all"}).json()
    assert np.allclose(row["similarity_matrix"][0], matrix[0], atol=1e-5)


def test_character_matching_lists_failures_weakest_first(api, library):
    tests = [library["astronaut_copy"], library["rocket"], library["coffee"]]
    body = post(api, "character-matching", {"reference_asset_id": library["astronaut"], "test_asset_ids": tests,
                                           "threshold": 0.999}).json()

    assert [r["asset_id"] for r in body["results"]] == tests
    assert body["results"][0]["same_character"] is True
    assert body["summary"]["matching"] == 1
    failing = body["summary"]["failing"]
    assert set(failing) == {library["rocket"], library["coffee"]}


def test_shot_consistency_names_the_breaking_shots(api, library):
    body = post(api, "validate-shot-consistency", {
        "character_reference_asset_id": library["astronaut"],
        "shot_asset_ids": [library["astronaut_copy"], library["rocket"]], "threshold": 0.999}).json()
    assert body["overall_verdict"] == "mostly_consistent" or body["overall_verdict"] == "inconsistent"
    assert [shot["asset_id"] for shot in body["breaking_shots"]] == [library["rocket"]]


def test_reference_enforcement_recommends_keep_or_regenerate(api, library):
    body = post(api, "reference-enforcement", {
        "master_reference_asset_id": library["astronaut"],
        "generated_asset_ids": [library["astronaut_copy"], library["chelsea"]], "minimum": 0.999}).json()
    recommendations = {row["asset_id"]: row["recommendation"] for row in body["results"]}
    assert recommendations == {library["astronaut_copy"]: "keep", library["chelsea"]: "regenerate"}
    assert body["summary"] == {"total": 2, "keep": 1, "regenerate": 1, "compliance_rate": 50.0}


def test_groups_are_stable_under_input_order(api, library):
    ids = list(library.values())
    first = post(api, "group-by-character", {"asset_ids": ids, "threshold": 0.999}).json()
    second = post(api, "group-by-character", {"asset_ids": ids[::-1], "threshold": 0.999}).json()

    assert first["groups"] == second["groups"]
    together = [g for g in first["groups"] if library["astronaut"] in g["asset_ids"]][0]
    assert library["astronaut_copy"] in together["asset_ids"]
    assert together["representative"] in together["asset_ids"] and together["cohesion"] > 0.999


def test_feature_clustering_is_deterministic_with_representatives(api, library):
    ids = list(library.values())
    first = post(api, "feature-clustering", {"asset_ids": ids, "n_clusters": 2}).json()
    second = post(api, "feature-clustering", {"asset_ids": ids[::-1], "n_clusters": 2}).json()

    assert first["assignments"] == second["assignments"]
    assert sum(cluster["size"] for cluster in first["clusters"]) == 5
    assert first["assignments"][library["astronaut"]] == first["assignments"][library["astronaut_copy"]]
    too_many = post(api, "feature-clustering", {"asset_ids": ids, "n_clusters": 9})
    assert too_many.status_code == 400 and too_many.json()["error"]["code"] == "VALIDATION_ERROR"


def test_anomaly_detection_flags_the_outsider(api, model, upload_image):
    from PIL import Image  # noqa: F401

    references = [upload_image("PNG", "astronaut", size=(256 + 8 * i, 256))["asset_id"] for i in range(4)]
    inlier = upload_image("PNG", "astronaut", size=(300, 256))["asset_id"]
    outsider = upload_image("PNG", "hubble_deep_field")["asset_id"]

    body = post(api, "anomaly-detection", {"reference_asset_ids": references,
                                          "test_asset_ids": [inlier, outsider]}).json()

    verdicts = {row["asset_id"]: row["is_anomaly"] for row in body["results"]}
    assert verdicts == {inlier: False, outsider: True}
    assert "z-score" in body["method_description"]


def test_semantic_search_by_image_uses_the_whole_library(api, library):
    body = post(api, "semantic-search", {"query_asset_id": library["astronaut"], "limit": 2}).json()

    assert body["mode"] == "image->image"
    assert body["results"][0]["asset_id"] == library["astronaut_copy"]
    assert library["astronaut"] not in [r["asset_id"] for r in body["results"]]
    assert len(body["results"]) == 2 and body["searched"] == 4


def test_semantic_search_by_text_matches_meaning(api, model, upload_image):
    from tests.media import image_bytes, upload

    api.post("/api/v1/upload-media", {"file": upload(image_bytes("PNG", "chelsea"), "img_0001.png"),
                                      "description": "a kitten napping on the couch"}, format="multipart")
    api.post("/api/v1/upload-media", {"file": upload(image_bytes("PNG", "rocket"), "img_0002.png"),
                                      "description": "quarterly tax report"}, format="multipart")

    body = post(api, "semantic-search", {"query_text": "a cat sleeping on a sofa"}).json()

    assert body["mode"] == "text->metadata"
    assert body["results"][0]["filename"] == "img_0001.png"


def test_near_duplicates_over_the_library(api, library):
    body = post(api, "near-duplicates", {"threshold": 0.98}).json()
    groups = [sorted(g["asset_ids"]) for g in body["groups"]]
    assert sorted([library["astronaut"], library["astronaut_copy"]]) in groups
    assert all(library["rocket"] not in g for g in groups)


def test_deleted_asset_leaves_the_index(api, library):
    api.delete(f"/api/v1/media/{library['astronaut_copy']}")

    body = post(api, "semantic-search", {"query_asset_id": library["astronaut"], "limit": 10}).json()

    assert library["astronaut_copy"] not in [r["asset_id"] for r in body["results"]]
    assert body["searched"] == 3


def test_heatmap_shows_where_the_test_departs(api, library):
    body = post(api, "similarity-heatmap", {"reference_asset_id": library["astronaut"],
                                           "test_asset_id": library["coffee"]}).json()
    same = post(api, "similarity-heatmap", {"reference_asset_id": library["astronaut"],
                                           "test_asset_id": library["astronaut"]}).json()

    assert body["heatmap_png"].startswith("data:image/png;base64,")
    assert same["mean_difference"] == pytest.approx(0.0, abs=1e-4)
    assert body["mean_difference"] > same["mean_difference"]


def test_calibration_finds_a_separating_threshold_and_applies_it(api, library):
    pairs = [
        {"asset_id_1": library["astronaut"], "asset_id_2": library["astronaut_copy"], "same": True},
        {"asset_id_1": library["astronaut"], "asset_id_2": library["astronaut"], "same": True},
        {"asset_id_1": library["astronaut"], "asset_id_2": library["rocket"], "same": False},
        {"asset_id_1": library["coffee"], "asset_id_2": library["chelsea"], "same": False},
    ]
    body = post(api, "calibrate-threshold", {"pairs": pairs, "apply": True}).json()

    assert body["separable"] is True and body["precision"] == 1.0 and body["recall"] == 1.0
    assert api.get("/api/v1/config").json()["similarity_threshold"] == pytest.approx(body["threshold"], abs=1e-6)


@pytest.mark.parametrize("path,body", [
    ("calculate-similarity", {"asset_id_1": "nope", "asset_id_2": "00000000-0000-0000-0000-000000000000"}),
    ("find-best-match", {"reference_asset_id": "x", "candidate_asset_ids": ["y"]}),
])
def test_unknown_ids_name_the_field(api, model, path, body):
    response = post(api, path, body)
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "ASSET_NOT_FOUND"
    assert set(error["details"]) & {"asset_id_1", "reference_asset_id"}


def test_oversize_batches_are_refused(api, model, settings):
    settings.MAX_BATCH_SIZE = 2
    response = post(api, "batch-similarity", {"asset_ids": ["a", "b", "c"]})
    assert response.status_code == 400 and response.json()["error"]["code"] == "BATCH_TOO_LARGE"


def test_video_is_refused_where_an_image_is_needed(api, model, media_root, tmp_path, upload_image):
    from tests.media import mp4_bytes, upload

    video = api.post("/api/v1/upload-media", {"file": upload(mp4_bytes(tmp_path), "c.mp4")}, format="multipart").json()
    image = upload_image("PNG")["asset_id"]
    response = post(api, "similarity-heatmap", {"reference_asset_id": image, "test_asset_id": video["asset_id"]})
    assert response.status_code == 404 and "needs an image" in response.json()["error"]["message"]


def test_without_weights_comparisons_answer_503(api, no_model, upload_image):
    a = upload_image("PNG")["asset_id"]
    response = post(api, "calculate-similarity", {"asset_id_1": a, "asset_id_2": a})
    assert response.status_code == 503 and response.json()["error"]["code"] == "MODEL_NOT_LOADED"

"""Feature extraction through the API with a tiny DINOv3 checkpoint loaded the users' way."""
import numpy as np
import pytest

from tests.media import mp4_bytes, upload

pytestmark = pytest.mark.django_db


def extract(api, asset_id, **extra):
    return api.post("/api/v1/extract-features", {"asset_id": asset_id, **extra}, format="json")


def test_extract_answers_the_seed_fields_with_a_unit_vector(api, model, upload_image):
    asset = upload_image("JPEG")

    response = extract(api, asset["asset_id"])

    assert response.status_code == 200, response.content
    body = response.json()
    assert {"asset_id", "features", "features_extracted", "features_timestamp", "processing_time", "cached"} <= body.keys()
    assert body["features_extracted"] is True and body["cached"] is False
    assert body["dim"] == len(body["features"]) == 32
    assert np.linalg.norm(body["features"]) == pytest.approx(1.0, abs=1e-5)
    assert body["model"] == str(model)


def test_second_call_is_cached_and_identical(api, model, upload_image):
    asset = upload_image("PNG")
    first = extract(api, asset["asset_id"]).json()

    second = extract(api, asset["asset_id"]).json()

    assert second["cached"] is True
    assert second["features"] == first["features"]
    assert second["features_timestamp"] == first["features_timestamp"]


def test_force_re_extracts(api, model, upload_image):
    asset = upload_image("PNG")
    extract(api, asset["asset_id"])

    assert extract(api, asset["asset_id"], force=True).json()["cached"] is False


def test_same_pixels_in_different_formats_give_the_same_vector(api, model, upload_image):
    png = extract(api, upload_image("PNG")["asset_id"]).json()["features"]
    webp = extract(api, upload_image("WEBP", lossless=True)["asset_id"]).json()["features"]

    assert float(np.dot(png, webp)) > 0.9999


def test_media_detail_shows_the_feature_summary_and_vector_on_request(api, model, upload_image):
    asset = upload_image("JPEG")
    vector = extract(api, asset["asset_id"]).json()["features"]

    summary = api.get(f"/api/v1/media/{asset['asset_id']}").json()
    full = api.get(f"/api/v1/media/{asset['asset_id']}", {"include_features": "true"}).json()

    assert summary["features_extracted"] is True
    assert summary["features"]["dim"] == 32 and "vector" not in summary["features"]
    assert summary["processing_status"] == "processed"
    assert np.allclose(full["features"]["vector"], vector, atol=1e-6)


def test_video_vector_is_the_mean_of_sampled_frames(api, model, media_root, tmp_path):
    body = api.post("/api/v1/upload-media", {"file": upload(mp4_bytes(tmp_path, frames=24), "clip.mp4")},
                    format="multipart").json()

    response = extract(api, body["asset_id"]).json()

    assert response["source"] == "video: mean of 8 sampled frames"
    assert np.linalg.norm(response["features"]) == pytest.approx(1.0, abs=1e-5)


def test_model_change_makes_stored_vectors_stale(api, model, upload_image, settings, tmp_path):
    from analysis.engine import reset_engine
    from analysis.engine.testing import build_tiny_checkpoint

    asset = upload_image("JPEG")
    before = extract(api, asset["asset_id"]).json()
    settings.DINOV3_MODEL_NAME = str(build_tiny_checkpoint(tmp_path / "other", hidden_size=48, seed=7))
    reset_engine()

    after = extract(api, asset["asset_id"]).json()

    assert after["cached"] is False
    assert (before["dim"], after["dim"]) == (32, 48)


def test_batch_extract_reports_each_asset(api, model, upload_image):
    ids = [upload_image("PNG", name)["asset_id"] for name in ("astronaut", "coffee")]
    extract(api, ids[0])

    body = api.post("/api/v1/batch-extract-features", {"asset_ids": ids + ["missing"]}, format="json").json()

    assert [r["status"] for r in body["results"]] == ["cached", "extracted", "failed"]
    assert body["results"][2]["error"]["code"] == "ASSET_NOT_FOUND"
    assert body["summary"] == {"total": 3, "extracted": 1, "cached": 1, "failed": 1}


def test_async_batch_answers_a_job_with_progress(api, model, upload_image):
    ids = [upload_image("PNG", name)["asset_id"] for name in ("astronaut", "coffee", "chelsea")]

    response = api.post("/api/v1/batch-extract-features", {"asset_ids": ids, "async": True}, format="json")

    assert response.status_code == 202
    job = api.get(response["Location"]).json()
    assert job["status"] == "succeeded"
    assert job["progress"] == {"done": 3, "total": 3, "fraction": 1.0}
    assert job["result"]["summary"]["extracted"] == 3


def test_oversize_batch_is_refused_before_any_work(api, model, settings):
    settings.MAX_BATCH_SIZE = 3
    response = api.post("/api/v1/batch-extract-features", {"asset_ids": ["a", "b", "c", "d"]}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "BATCH_TOO_LARGE"


def test_preprocess_image_describes_the_input_with_a_preview(api, model, upload_image):
    asset = upload_image("JPEG", size=(300, 200))

    body = api.post("/api/v1/preprocess-image", {"asset_id": asset["asset_id"]}, format="json").json()

    assert body["original_size"] == {"width": 300, "height": 200}
    assert body["tensor_shape"] == [3, 64, 64]
    assert body["image_mean"] == pytest.approx([0.485, 0.456, 0.406])
    assert body["preview_png"].startswith("data:image/png;base64,")


def test_preprocess_image_refuses_a_video_saying_why(api, model, media_root, tmp_path):
    body = api.post("/api/v1/upload-media", {"file": upload(mp4_bytes(tmp_path), "clip.mp4")}, format="multipart").json()

    response = api.post("/api/v1/preprocess-image", {"asset_id": body["asset_id"]}, format="json")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "ASSET_NOT_FOUND"
    assert "needs an image" in response.json()["error"]["message"]


class TestWithoutWeights:
    def test_model_endpoints_answer_503_with_instructions(self, api, no_model, upload_image):
        asset = upload_image("JPEG")

        for response in (extract(api, asset["asset_id"]),
                         api.post("/api/v1/preprocess-image", {"asset_id": asset["asset_id"]}, format="json"),
                         api.post("/api/v1/batch-extract-features", {"asset_ids": [asset["asset_id"]]}, format="json")):
            assert response.status_code == 503
            error = response.json()["error"]
            assert error["code"] == "MODEL_NOT_LOADED"
            assert "DINOV3_MODEL_NAME" in error["details"]["how_to_fix"]
            assert int(response["Retry-After"]) > 0

    def test_health_and_model_info_say_the_same_and_nothing_else_breaks(self, api, no_model, upload_image):
        health = api.get("/api/v1/health").json()
        info = api.get("/api/v1/model-info").json()

        assert health["status"] == "degraded" and health["model"]["loaded"] is False
        assert info["loaded"] is False and info["instructions"] == health["model"]["instructions"]
        assert "huggingface" in info["instructions"].lower() or "DINOV3_MODEL_NAME" in info["instructions"]
        assert upload_image("PNG")["asset_id"]
        assert api.get("/api/v1/media").status_code == 200


def test_model_info_describes_the_loaded_model(api, model):
    body = api.get("/api/v1/model-info").json()

    assert body["loaded"] is True
    assert (body["embedding_dim"], body["patch_size"]) == (32, 16)
    assert body["device"] == "cpu" and body["dtype"] == "float32"
    assert body["preprocessing"]["image_mean"] == pytest.approx([0.485, 0.456, 0.406])
    assert api.get("/api/v1/health").json()["model"]["loaded"] is True


def test_features_survive_asset_deletion_cleanup(api, model, upload_image):
    asset = upload_image("JPEG")
    extract(api, asset["asset_id"])

    deleted = api.delete(f"/api/v1/media/{asset['asset_id']}").json()

    assert deleted["features"] is True
    assert extract(api, asset["asset_id"]).status_code == 404

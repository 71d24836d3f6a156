"""Quality endpoints as a QC pipeline uses them (no model needed)."""
import io

import numpy as np
import pytest
from PIL import Image, ImageFilter

from bench.degradations import enlarge, flat_illustration
from tests.media import photo, upload

pytestmark = pytest.mark.django_db


def post_image(api, image: Image.Image, name: str) -> str:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    response = api.post("/api/v1/upload-media", {"file": upload(buffer.getvalue(), name)}, format="multipart")
    return response.json()["asset_id"]


@pytest.fixture
def sharp_and_blurred(api, media_root):
    sharp = photo("astronaut", (512, 512))
    return post_image(api, sharp, "sharp.png"), post_image(api, sharp.filter(ImageFilter.GaussianBlur(6)), "blur.png")


def test_analyze_quality_has_the_seed_fields_and_blur_scores_lower(api, sharp_and_blurred):
    sharp_id, blurred_id = sharp_and_blurred

    sharp = api.post("/api/v1/analyze-quality", {"asset_id": sharp_id}, format="json").json()
    blurred = api.post("/api/v1/analyze-quality", {"asset_id": blurred_id}, format="json").json()

    assert {"asset_id", "quality_score", "quality_grade", "technical_metrics", "recommendations",
            "processing_time"} <= sharp.keys()
    assert {"sharpness", "contrast", "brightness", "noise_level"} == set(sharp["technical_metrics"])
    assert 0 <= blurred["quality_score"] < sharp["quality_score"] <= 100
    assert blurred["technical_metrics"]["sharpness"] < sharp["technical_metrics"]["sharpness"]
    assert any("sharp" in text.lower() or "blur" in text.lower() or "focus" in text.lower()
               for text in blurred["recommendations"])


def test_batch_quality_check_gates_on_the_configured_threshold(api, sharp_and_blurred):
    sharp_id, blurred_id = sharp_and_blurred
    sharp_score = api.post("/api/v1/analyze-quality", {"asset_id": sharp_id}, format="json").json()["quality_score"]
    blurred_score = api.post("/api/v1/analyze-quality", {"asset_id": blurred_id}, format="json").json()["quality_score"]
    middle = (sharp_score + blurred_score) / 2
    api.put("/api/v1/config/quality-threshold", {"threshold": middle / 100}, format="json")

    body = api.post("/api/v1/batch-quality-check", {"asset_ids": [sharp_id, blurred_id, "missing"]},
                    format="json").json()

    verdicts = {row["asset_id"]: row["passed"] for row in body["results"]}
    assert verdicts == {sharp_id: True, blurred_id: False}
    assert body["summary"]["passed"] == 1 and body["summary"]["failed"] == 1 and body["summary"]["errors"] == 1
    assert body["errors"][0]["error"]["code"] == "ASSET_NOT_FOUND"


def test_batch_quality_check_runs_as_a_job_when_asked(api, sharp_and_blurred):
    response = api.post("/api/v1/batch-quality-check", {"asset_ids": list(sharp_and_blurred), "async": True},
                        format="json")
    assert response.status_code == 202
    job = api.get(response["Location"]).json()
    assert job["status"] == "succeeded" and job["result"]["summary"]["total"] == 2


def test_image_metrics_and_composition_answer_without_the_model(api, no_model, media_root):
    asset_id = post_image(api, photo("astronaut", (400, 400)), "face.png")

    metrics = api.post("/api/v1/analyze-image-metrics", {"asset_id": asset_id}, format="json")
    composition = api.post("/api/v1/analyze-image-composition", {"asset_id": asset_id}, format="json")

    assert metrics.status_code == 200 and composition.status_code == 200
    assert "overall_rating" in metrics.json()
    body = composition.json()
    assert body["used_dinov3_patch_tokens"] is False
    assert body["framing"]["basis"] == "face"
    assert {"subject_position", "rule_of_thirds", "balance", "horizon"} <= body.keys()


def test_composition_uses_patch_tokens_when_the_model_is_loaded(api, model, upload_image):
    asset = upload_image("PNG", "coffee")
    body = api.post("/api/v1/analyze-image-composition", {"asset_id": asset["asset_id"]}, format="json").json()
    assert body["used_dinov3_patch_tokens"] is True


def test_quality_refuses_videos_and_bad_uses(api, media_root, tmp_path, upload_image):
    from tests.media import mp4_bytes

    video = api.post("/api/v1/upload-media", {"file": upload(mp4_bytes(tmp_path), "c.mp4")}, format="multipart").json()
    response = api.post("/api/v1/analyze-quality", {"asset_id": video["asset_id"]}, format="json")
    assert response.status_code == 404 and "needs an image" in response.json()["error"]["message"]

    image = upload_image("PNG")["asset_id"]
    bad_use = api.post("/api/v1/analyze-quality", {"asset_id": image, "intended_use": "cinema"}, format="json")
    assert bad_use.status_code == 400 and "intended_use" in bad_use.json()["error"]["details"]


def test_an_enlarged_render_scores_below_its_original_and_says_what_its_detail_supports(api, media_root):
    original = photo("astronaut", (512, 512))
    enlarged = Image.fromarray(enlarge(np.asarray(original), 4, "bicubic"))
    art = Image.fromarray(flat_illustration(5))
    ids = {name: post_image(api, image, f"{name}.png")
           for name, image in (("original", original), ("enlarged", enlarged), ("art", art))}

    scores = {name: api.post("/api/v1/analyze-quality", {"asset_id": asset_id}, format="json").json()
              for name, asset_id in ids.items()}
    assert scores["enlarged"]["quality_score"] < scores["original"]["quality_score"] - 10
    metrics = api.post("/api/v1/analyze-image-metrics", {"asset_id": ids["enlarged"]}, format="json").json()
    eff = metrics["effective_resolution"]
    assert eff["upscaled"] and eff["width"] == 512 and eff["effective_width"] < 256
    assert any(f"detail supports about {eff['effective_width']} px of the 512 px width" in text
               for text in metrics["recommendations"])
    # Flat-shaded art has little detail at any size, but it is not an enlargement.
    art_metrics = api.post("/api/v1/analyze-image-metrics", {"asset_id": ids["art"]}, format="json").json()
    assert not art_metrics["effective_resolution"]["upscaled"]
    assert "effective_resolution" not in scores["art"]["shortfalls"]

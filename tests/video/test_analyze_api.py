"""analyze-video-shots through the API: an editor uploads a generated video and gets its shots,
keyframe assets and (with the model) keyframe features; long videos run as jobs."""
from __future__ import annotations

import numpy as np
import pytest
from django.template.defaultfilters import floatformat

from video.engine.analyze import ShotAnalysis

CONTRACT = {"shot_id", "start_time", "end_time", "duration", "movement_type", "camera_angle", "emotional_tone",
            "keyframe_features", "technical_quality"}
ENGINE_KEYS = set(ShotAnalysis.__dataclass_fields__) - {"keyframe_image"}


def test_scripted_video_gives_the_shots_an_editor_would_mark(api, no_model, scripted, upload_video, analyze):
    video = upload_video(scripted.path, "scripted.mp4")
    response = analyze(video["asset_id"])
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["video_asset_id"] == video["asset_id"]
    assert data["total_shots"] == len(scripted.shots) == len(data["shot_analyses"])
    assert data["video_duration"] == pytest.approx(scripted.frame_count / scripted.fps, abs=0.001)
    assert data["shot_detection_threshold"] == 0.3  # the config's default
    assert data["processing_time"] > 0
    for shot, truth in zip(data["shot_analyses"], scripted.shots):
        assert CONTRACT | ENGINE_KEYS | {"keyframe_asset_id"} <= set(shot)
        assert abs(shot["start_frame"] - truth.start_frame) <= 2
        assert shot["movement_type"] == truth.movement_type
        assert shot["transition_in"] == (truth.transition_in or "start")
        assert 0.0 <= shot["technical_quality"] <= 1.0
        assert {"pan", "tilt", "zoom", "shake"} <= set(shot["motion"])
        assert shot["tone"]["basis"] == "estimate_from_cinematography"
    # Without the model, features are null and the answer says why (never invented).
    assert all(shot["keyframe_features"] is None for shot in data["shot_analyses"])
    assert data["model_loaded"] is False and data["model_note"]["model_loaded"] is False
    assert data["model_note"]["how_to_fix"]


def test_keyframes_are_stored_as_image_assets_of_their_shot(api, no_model, short_video, upload_video, analyze):
    video = upload_video(short_video.path, "short.mp4")
    data = analyze(video["asset_id"]).json()
    ids = [shot["keyframe_asset_id"] for shot in data["shot_analyses"]]
    assert all(ids) and len(set(ids)) == 3 and data["keyframe_asset_ids"] == ids
    for shot, keyframe_id in zip(data["shot_analyses"], ids):
        keyframe = api.get(f"/api/v1/media/{keyframe_id}").json()
        assert keyframe["kind"] == "image" and keyframe["format"] == "PNG"
        assert (keyframe["width"], keyframe["height"]) == (160, 120)
        assert "keyframe" in keyframe["tags"]
        assert f"shot {shot['shot_id']}" in keyframe["description"] and video["asset_id"] in keyframe["description"]
        assert keyframe["filename"] == f"short-shot{shot['shot_id']:03d}.png"


def test_with_the_model_each_keyframe_has_dinov3_features(api, model, short_video, upload_video, analyze):
    video = upload_video(short_video.path)
    data = analyze(video["asset_id"]).json()
    assert data["model_loaded"] is True and data["model_note"] is None
    vectors = [np.asarray(shot["keyframe_features"]) for shot in data["shot_analyses"]]
    assert len({v.shape for v in vectors}) == 1 and vectors[0].ndim == 1 and vectors[0].size > 8
    assert all(abs(np.linalg.norm(v) - 1.0) < 1e-3 for v in vectors)
    # The same vector the keyframe asset now carries (extract-features answers it from the cache).
    first = data["shot_analyses"][0]
    stored = api.post("/api/v1/extract-features", {"asset_id": first["keyframe_asset_id"]}, format="json").json()
    assert stored["cached"] is True
    assert np.allclose(stored["features"], first["keyframe_features"], atol=1e-6)


def test_without_extract_keyframes_no_asset_is_stored_but_features_still_come(api, model, short_video,
                                                                               upload_video, analyze):
    video = upload_video(short_video.path)
    data = analyze(video["asset_id"], extract_keyframes=False).json()
    assert data["total_shots"] == 3 and data["keyframe_asset_ids"] == []
    assert all(shot["keyframe_asset_id"] is None for shot in data["shot_analyses"])
    assert all(len(shot["keyframe_features"]) > 8 for shot in data["shot_analyses"])
    assert api.get("/api/v1/media", {"kind": "image"}).json()["count"] == 0


@pytest.mark.django_db  # a config change is written to the audit trail
def test_threshold_comes_from_the_config_unless_given(api, no_model, short_video, upload_video, analyze):
    from dinov3site.config.services import config_set

    video = upload_video(short_video.path)
    config_set(name="shot_detection_threshold", value=0.95)
    assert analyze(video["asset_id"], extract_keyframes=False).json()["shot_detection_threshold"] == 0.95
    given = analyze(video["asset_id"], extract_keyframes=False, shot_detection_threshold=0.2).json()
    assert given["shot_detection_threshold"] == 0.2 and given["total_shots"] == 3


def test_async_request_answers_a_job_that_ends_with_the_analysis(api, no_model, short_video, upload_video, analyze):
    video = upload_video(short_video.path)
    response = analyze(video["asset_id"], **{"async": True})
    assert response.status_code == 202
    job = response.json()
    assert response["Location"] == f"/api/v1/jobs/{job['job_id']}"
    finished = api.get(f"/api/v1/jobs/{job['job_id']}").json()
    assert finished["status"] == "succeeded" and finished["kind"] == "video.shots_analyze"
    assert finished["progress"]["done"] == finished["progress"]["total"] == short_video.frame_count + 1
    assert finished["result"]["total_shots"] == 3
    assert [s["movement_type"] for s in finished["result"]["shot_analyses"]] == ["static", "pan_left", "zoom_in"]


def test_without_async_the_answer_is_the_analysis_whatever_the_length(api, no_model, short_video, upload_video,
                                                                        analyze):
    # Clients read shot_analyses from the answer: only "async": true turns the call into a job.
    video = upload_video(short_video.path)
    response = analyze(video["asset_id"])
    assert response.status_code == 200
    assert response.json()["total_shots"] == 3 and len(response.json()["shot_analyses"]) == 3


def test_progress_rises_to_completion_only_when_the_answer_is_ready(no_model, media_root, short_video, upload_video):
    from assets.selectors import asset_get
    from video.services import video_shots_analyze

    asset = asset_get(asset_id=upload_video(short_video.path)["asset_id"])
    calls: list[tuple[int, int]] = []
    video_shots_analyze(asset=asset, threshold=0.3, extract_keyframes=True,
                        progress=lambda done, total: calls.append((done, total)))
    assert len(calls) >= 3
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert calls[-1][0] == calls[-1][1] and all(d < t for d, t in calls[:-1])


def test_wrong_ids_and_kinds_are_clear_errors(api, upload_image, analyze):
    image = upload_image()
    for asset_id, reason in (("not-a-uuid", "malformed id"), ("6f1c1f59-4e2d-4a7c-9a53-2f7f0d0c5a11", "no such asset")):
        response = analyze(asset_id)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "ASSET_NOT_FOUND"
        assert response.json()["error"]["details"]["reason"] == reason
    response = analyze(image["asset_id"])
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "ASSET_NOT_FOUND" and "needs a video" in error["message"]
    assert error["details"]["kind"] == "image"


@pytest.mark.parametrize("body, field", [({}, "video_asset_id"),
                                         ({"shot_detection_threshold": 2}, "shot_detection_threshold"),
                                         ({"extract_keyframes": "perhaps"}, "extract_keyframes")])
def test_malformed_requests_name_the_field(api, body, field):
    payload = {"video_asset_id": "6f1c1f59-4e2d-4a7c-9a53-2f7f0d0c5a11", **body}
    if not body:
        payload = {}
    response = api.post("/api/v1/analyze-video-shots", payload, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert field in response.json()["error"]["details"]


def test_a_keyframe_has_one_quality_score_on_its_shot_card_and_its_asset_page(
        api, client, django_user_model, no_model, scripted, upload_video, analyze):
    video = upload_video(scripted.path, "scripted.mp4")
    shots = analyze(video["asset_id"]).json()["shot_analyses"]
    client.force_login(django_user_model.objects.create_user("editor", password="a-long-test-password-9"))
    card_page = client.get(f"/videos/{video['asset_id']}").content.decode()
    for shot in shots:
        asked = api.post("/api/v1/analyze-quality", {"asset_id": shot["keyframe_asset_id"]}, format="json").json()
        # One measure: the shot's technical_quality is its keyframe asset's quality_score / 100.
        assert shot["technical_quality"] == pytest.approx(asked["quality_score"] / 100, abs=1e-9)
        assert shot["quality"]["quality_score"] == asked["quality_score"]
        assert shot["quality"]["quality_grade"] == asked["quality_grade"]
        # One number: the shot card and the keyframe's asset page print the same score.
        shown = floatformat(asked["quality_score"], 0)
        assert f'data-quality="{shot["technical_quality"]}">quality {shown} / 100<' in card_page
        asset_page = client.get(f"/assets/{shot['keyframe_asset_id']}").content.decode()
        assert f'<span class="score">{shown}<span class="muted small"> / 100</span>' in asset_page

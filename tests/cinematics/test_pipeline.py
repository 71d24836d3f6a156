"""The whole path a studio takes: upload, analyze-video-shots, store its answer as is, suggest."""
from __future__ import annotations

import pytest

from cinematics.documents import Shot

pytestmark = pytest.mark.django_db


def analyze(api, video_id: str) -> dict:
    response = api.post("/api/v1/analyze-video-shots", {"video_asset_id": video_id, "extract_keyframes": True},
                        format="json")
    assert response.status_code == 200, response.content
    return response.json()


def test_an_analysis_answer_is_stored_as_is_and_survives_reanalysis(model, api, video, store, suggest):
    analysis = analyze(api, video["asset_id"])
    stored = store(video_asset_id=video["asset_id"], shots=analysis["shot_analyses"],
                   scene_context="An astronaut prepares for launch", manual_tags=["space"])
    assert stored["stored_shots"] == analysis["total_shots"] == stored["keyframe_vectors"]
    assert [s["keyframe_asset_id"] for s in stored["shots"]] == analysis["keyframe_asset_ids"]

    again = analyze(api, video["asset_id"])  # new keyframes; the stored shots keep theirs until stored again
    assert Shot.objects(keyframe_asset_id__in=analysis["keyframe_asset_ids"]).count() == analysis["total_shots"]
    assert again["library_keyframes_kept"] == analysis["total_shots"]
    restored = store(video_asset_id=video["asset_id"], shots=again["shot_analyses"],
                     scene_context="An astronaut prepares for launch", manual_tags=["space"])
    assert restored["shot_ids"] == stored["shot_ids"] and restored["keyframe_vectors"] == again["total_shots"]

    reference = api.get(f"/api/v1/media/{again['keyframe_asset_ids'][-1]}").json()
    answer = suggest(scene_description="rocket liftoff", reference_asset_id=reference["asset_id"], limit=3)
    assert answer["suggested_shots"][0]["keyframe_asset_id"] == reference["asset_id"]
    assert answer["suggested_shots"][0]["score_components"]["visual"]["score"] == pytest.approx(1.0, abs=1e-4)

"""Shot library fixtures: a stored video (uploaded through the API), its real analysis, and
helpers that store shots and ask for suggestions the way a client does."""
from __future__ import annotations

import json

import pytest

from tests.media import upload
from video.engine.analyze import analyze_video
from video.engine.synthetic import ShotSpec, write_video

SCRIPT = [
    ShotSpec("astronaut", "static", frames=30),
    ShotSpec("coffee", "pan_left", frames=30, transition="cut"),
    ShotSpec("rocket", "zoom_in", frames=30, transition="dissolve", transition_frames=8),
]


@pytest.fixture(scope="session")
def film(tmp_path_factory):
    """A three-shot video and its analysis (written and analysed once per run)."""
    path = tmp_path_factory.mktemp("film") / "film.mp4"
    truth = write_video(path, SCRIPT, size=(240, 180), fps=12.0, seed=3)
    return truth, analyze_video(truth.path)


@pytest.fixture
def video(api, media_root, film):
    """The film uploaded as a video asset (the response JSON)."""
    truth, _ = film
    with open(truth.path, "rb") as handle:
        response = api.post("/api/v1/upload-media", {"file": upload(handle.read(), "film.mp4")}, format="multipart")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def analysed(video, film):
    """analyze-video-shots' shot_analyses for the uploaded video, with keyframes stored as assets
    (what the analyze endpoint does with extract_keyframes), passed through JSON as a client would."""
    from assets.services import asset_create_from_image

    _, analysis = film
    items = []
    for shot in analysis.shots:
        keyframe = asset_create_from_image(image=shot.keyframe_image, filename=f"film_shot{shot.shot_id}.png",
                                           source_asset_id=video["asset_id"], source_time=shot.keyframe_time)
        items.append({**shot.to_dict(), "keyframe_asset_id": keyframe.id})
    return json.loads(json.dumps(items))


@pytest.fixture
def store(api):
    def _store(expect: int = 200, **body) -> dict:
        response = api.post("/api/v1/store-shot-data", body, format="json")
        assert response.status_code == expect, response.content
        return response.json()

    return _store


@pytest.fixture
def suggest(api):
    def _suggest(expect: int = 200, **body) -> dict:
        response = api.post("/api/v1/suggest-shots", body, format="json")
        assert response.status_code == expect, response.content
        return response.json()

    return _suggest


def minimal_shot(number: int, start: float, end: float, **extra) -> dict:
    """A shot as docs/api.md's store-shot-data example shows it."""
    return {"shot_id": number, "start_time": start, "end_time": end, "duration": round(end - start, 3),
            "movement_type": "static", "camera_angle": "medium_shot", "emotional_tone": "neutral",
            "keyframe_features": [0.234, -0.567], "technical_quality": 0.89, **extra}

"""Test videos generated from scikit-image's photos, with their ground truth (session-scoped:
each is written and analysed once)."""
from __future__ import annotations

import pytest

from video.engine.analyze import analyze_video
from video.engine.synthetic import ShotSpec, write_video

FPS = 20.0
SIZE = (320, 240)

# One shot of every movement, entered by every kind of transition.
SCRIPT = [
    ShotSpec("astronaut", "static", frames=36, window=0.62, center=(0.45, 0.3)),
    ShotSpec("coffee", "pan_left", frames=36, transition="cut"),
    ShotSpec("rocket", "tilt_up", frames=36, transition="dissolve", transition_frames=10),
    ShotSpec("chelsea", "zoom_in", frames=36, transition="fade", transition_frames=6, hold_frames=3),
    ShotSpec("hubble_deep_field", "pan_right", frames=36, transition="cut"),
    ShotSpec("immunohistochemistry", "tilt_down", frames=36, transition="dissolve", transition_frames=12),
    ShotSpec("retina", "zoom_out", frames=36, transition="cut"),
    ShotSpec("camera", "handheld", frames=36, transition="fade", transition_frames=8, hold_frames=2),
    ShotSpec("coffee", "static", frames=30, transition="cut", window=0.9),
]


@pytest.fixture(scope="session")
def scripted(tmp_path_factory):
    path = tmp_path_factory.mktemp("video") / "scripted.mp4"
    truth = write_video(path, SCRIPT, size=SIZE, fps=FPS, seed=1)
    return truth


@pytest.fixture(scope="session")
def scripted_analysis(scripted):
    calls: list[tuple[int, int]] = []
    analysis = analyze_video(scripted.path, progress=lambda done, total: calls.append((done, total)))
    analysis.progress_calls = calls  # kept for the progress test
    return analysis


@pytest.fixture(scope="session")
def static_video(tmp_path_factory):
    path = tmp_path_factory.mktemp("video") / "static.mp4"
    return write_video(path, [ShotSpec("astronaut", "static", frames=30)], size=(160, 120), fps=10.0)


# A short three-shot video for the API tests: a cut into a pan, a fade into a zoom.
SHORT_SCRIPT = [
    ShotSpec("astronaut", "static", frames=20),
    ShotSpec("coffee", "pan_left", frames=20),
    ShotSpec("rocket", "zoom_in", frames=20, transition="fade", transition_frames=4, hold_frames=2),
]


@pytest.fixture(scope="session")
def short_video(tmp_path_factory):
    path = tmp_path_factory.mktemp("video") / "short.mp4"
    return write_video(path, SHORT_SCRIPT, size=(160, 120), fps=10.0)


@pytest.fixture
def upload_video(api, media_root):
    """Upload an MP4 through the API; return the response JSON."""
    from pathlib import Path

    from tests.media import upload

    def _upload(path, filename: str = "clip.mp4") -> dict:
        content = path if isinstance(path, bytes) else Path(path).read_bytes()
        response = api.post("/api/v1/upload-media", {"file": upload(content, filename)}, format="multipart")
        assert response.status_code == 200, response.content
        return response.json()

    return _upload


@pytest.fixture
def analyze(api):
    """POST analyze-video-shots; return the response."""

    def _analyze(video_asset_id: str, **body):
        return api.post("/api/v1/analyze-video-shots", {"video_asset_id": video_asset_id, **body}, format="json")

    return _analyze

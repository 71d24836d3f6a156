"""The analysis as the web layer receives it: documented fields (docs/api.md), keyframes, progress."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

from video.engine.analyze import analyze_video

CONTRACT = {"shot_id", "start_time", "end_time", "duration", "movement_type", "camera_angle", "emotional_tone",
            "keyframe_features", "technical_quality"}


def test_answer_has_the_contract_fields(scripted, scripted_analysis):
    data = json.loads(json.dumps(scripted_analysis.to_dict()))  # plain JSON all the way down
    assert data["total_shots"] == len(scripted.shots) == len(data["shot_analyses"])
    assert data["video_duration"] == round(scripted.frame_count / scripted.fps, 3)
    for k, shot in enumerate(data["shot_analyses"], start=1):
        assert CONTRACT <= set(shot)
        assert shot["shot_id"] == k
        assert 0.0 <= shot["technical_quality"] <= 1.0
        assert {"pan", "tilt", "zoom", "shake"} <= set(shot["motion"])
        assert shot["framing_basis"]["method"] in ("face", "spectral_scale")


def test_keyframes_are_full_size_images_inside_their_shot(scripted, scripted_analysis):
    for shot in scripted_analysis.shots:
        assert isinstance(shot.keyframe_image, Image.Image)
        assert shot.keyframe_image.size == (scripted.width, scripted.height) and shot.keyframe_image.mode == "RGB"
        assert shot.start_frame <= shot.keyframe_frame <= shot.end_frame
        # Not inside a transition: the keyframe shows this shot only.
        if shot.transition_frames:
            assert shot.keyframe_frame > shot.transition_frames[1]


def test_progress_is_reported_up_to_completion(scripted_analysis):
    calls = scripted_analysis.progress_calls
    assert len(calls) >= 3
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert calls[-1][0] == calls[-1][1]


def test_without_keyframes_no_images_are_returned(static_video):
    analysis = analyze_video(static_video.path, keyframes=False)
    assert analysis.shots[0].keyframe_image is None
    assert analysis.shots[0].camera_angle  # framing is still measured


def test_the_engines_share_the_quality_measure_without_django():
    code = ("import sys, video.engine.analyze, analysis.engine.quality; "
            "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env,
                         cwd=str(Path(__file__).resolve().parents[2]))
    assert out.stdout.strip() == "[]"

"""Camera movement labels: on generated shots, and the rules on measured numbers."""
from __future__ import annotations

from video.engine.motion import PairMotion, summarise_motion


def test_every_scripted_shot_gets_its_movement(scripted, scripted_analysis):
    labels = [s.movement_type for s in scripted_analysis.shots]
    assert labels == [s.movement_type for s in scripted.shots]


def test_measured_motion_has_the_direction_an_editor_expects(scripted_analysis):
    by_label = {s.movement_type: s.motion for s in scripted_analysis.shots}
    assert by_label["pan_right"]["pan"] > 0.1 and by_label["pan_left"]["pan"] < -0.1
    assert by_label["tilt_up"]["tilt"] > 0.1 and by_label["tilt_down"]["tilt"] < -0.1
    assert by_label["zoom_in"]["zoom"] > 0.1 and by_label["zoom_out"]["zoom"] < -0.1
    assert by_label["handheld"]["shake"] > by_label["static"]["shake"] + 0.05
    # The generator zooms at 0.25 log-units per second: the measure should be close.
    assert abs(by_label["zoom_in"]["zoom"] - 0.25) < 0.05


def _pairs(dx=0.0, dy=0.0, zoom=0.0, n=20, jitter=0.0):
    return [PairMotion(dx + (jitter if i % 2 else -jitter), dy, zoom, 0.0, 1.0, 0.1, True) for i in range(n)]


def test_rules_on_measured_rates():
    # 320x240 frames at 25 fps: 2 px a frame is 0.16 frame widths a second.
    assert summarise_motion(_pairs(), width=320, height=240, fps=25).movement_type == "static"
    assert summarise_motion(_pairs(dx=-2), width=320, height=240, fps=25).movement_type == "pan_right"
    assert summarise_motion(_pairs(dy=2), width=320, height=240, fps=25).movement_type == "tilt_up"
    assert summarise_motion(_pairs(zoom=-0.01), width=320, height=240, fps=25).movement_type == "zoom_out"
    assert summarise_motion(_pairs(jitter=4), width=320, height=240, fps=25).movement_type == "handheld"
    # Pan and tilt at once, neither dominant: complex.
    assert summarise_motion(_pairs(dx=2, dy=1.6), width=320, height=240, fps=25).movement_type == "complex"


def test_untrackable_shot_is_static_with_low_confidence():
    untracked = [PairMotion(0, 0, 0, 0, 0, 0, False)] * 10
    motion = summarise_motion(untracked, width=320, height=240, fps=25)
    assert motion.movement_type == "static" and motion.confidence < 0.5 and motion.tracked_ratio == 0

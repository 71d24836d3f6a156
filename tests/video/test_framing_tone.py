"""Shot size from faces or scene scale, and the tone estimate with its descriptors."""
from __future__ import annotations

from video.engine.framing import CAMERA_ANGLES, estimate_framing
from video.engine.synthetic import ShotSpec, render_shot
from video.engine.tone import estimate_tone


def _frame(photo, window, center=(0.5, 0.5)):
    return render_shot(ShotSpec(photo, "static", 1, window=window, center=center), 1, size=(400, 300), fps=25)[0]


def test_a_face_sets_the_shot_size_and_says_so():
    tight = estimate_framing(_frame("astronaut", 0.6, (0.42, 0.3)))
    loose = estimate_framing(_frame("astronaut", 0.95, (0.42, 0.3)))
    assert tight.basis["method"] == loose.basis["method"] == "face"
    assert tight.basis["face_height_ratio"] > loose.basis["face_height_ratio"]
    assert tight.camera_angle == "close_up"
    assert CAMERA_ANGLES.index(loose.camera_angle) >= CAMERA_ANGLES.index("close_up")


def test_without_a_face_the_scene_scale_decides_with_low_confidence():
    close = estimate_framing(_frame("coffee", 0.25))
    wide = estimate_framing(_frame("hubble_deep_field", 0.95))
    assert close.basis == {**close.basis, "method": "spectral_scale", "faces": 0, "confidence": "low"}
    assert CAMERA_ANGLES.index(close.camera_angle) < CAMERA_ANGLES.index(wide.camera_angle)


def test_tone_follows_lighting_pace_and_palette():
    tense = estimate_tone(luma=0.15, contrast=0.2, saturation=0.3, warmth=0.0, motion_energy=0.4, cuts_per_minute=40)
    joyful = estimate_tone(luma=0.7, contrast=0.15, saturation=0.55, warmth=0.12, motion_energy=0.05,
                           cuts_per_minute=12)
    calm = estimate_tone(luma=0.45, contrast=0.2, saturation=0.3, warmth=0.0, motion_energy=0.0, cuts_per_minute=5)
    assert (tense.emotional_tone, joyful.emotional_tone, calm.emotional_tone) == ("tense", "joyful", "calm")
    report = tense.to_dict()
    assert report["basis"] == "estimate_from_cinematography"
    assert report["descriptors"]["lighting_key"] == "low_key" and report["descriptors"]["cutting_pace"] == "fast"


def test_each_analysed_shot_carries_its_tone_descriptors(scripted_analysis):
    for shot in scripted_analysis.shots:
        descriptors = shot.tone["descriptors"]
        assert shot.emotional_tone == shot.tone["emotional_tone"]
        assert {"brightness", "contrast", "saturation", "warmth", "motion_energy", "cuts_per_minute"} <= set(descriptors)
    # The handheld shot moves most; the static one least.
    energy = {s.movement_type: s.tone["descriptors"]["motion_energy"] for s in scripted_analysis.shots}
    assert energy["handheld"] > energy["static"]

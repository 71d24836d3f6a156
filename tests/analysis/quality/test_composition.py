"""Composition: subject placement, balance, horizon tilt and framing from real cues."""

import cv2
import numpy as np
import pytest
from PIL import Image

from analysis.engine.quality import analyze_composition, image_metrics

from .conftest import pil


def _scene(cx: float, cy: float, w: int = 600, h: int = 400) -> Image.Image:
    rng = np.random.default_rng(0)
    arr = np.full((h, w, 3), (150, 170, 190), np.float32) + rng.normal(0, 4, (h, w, 3))
    cv2.circle(arr, (int(cx * w), int(cy * h)), 40, (200, 60, 40), -1)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def _horizon(tilt_deg: float, w: int = 800, h: int = 500) -> Image.Image:
    rng = np.random.default_rng(1)
    yy, xx = np.mgrid[:h, :w]
    line = h * 0.5 - (xx - w / 2) * np.tan(np.radians(tilt_deg))
    arr = np.where((yy < line)[..., None], (170, 200, 235), (40, 70, 90)).astype(np.float32)
    arr += rng.normal(0, 5, arr.shape)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def test_a_subject_on_a_thirds_point_scores_higher_than_one_in_the_centre():
    thirds = analyze_composition(_scene(1 / 3, 1 / 3))
    centre = analyze_composition(_scene(0.5, 0.5))

    assert thirds["subject_position"]["x"] == pytest.approx(1 / 3, abs=0.04)
    assert thirds["subject_position"]["y"] == pytest.approx(1 / 3, abs=0.04)
    assert thirds["rule_of_thirds"]["placement"] == "upper-left thirds point"
    assert centre["rule_of_thirds"]["placement"] == "centre"
    assert thirds["rule_of_thirds"]["score"] > 0.9 > 0.5 > centre["rule_of_thirds"]["score"]


def test_balance_weighs_the_side_the_subject_is_on():
    result = analyze_composition(_scene(0.25, 0.7))
    balance = result["balance"]
    assert balance["left_weight"] > 0.6 > balance["right_weight"]
    assert balance["bottom_weight"] > balance["top_weight"]
    assert balance["horizontal"] < analyze_composition(_scene(0.5, 0.5))["balance"]["horizontal"]


@pytest.mark.parametrize("tilt", [0.0, 4.0, -7.0])
def test_horizon_tilt_is_measured(tilt):
    horizon = analyze_composition(_horizon(tilt))["horizon"]
    assert horizon["detected"]
    assert horizon["tilt_degrees"] == pytest.approx(tilt, abs=1.0)
    assert horizon["position_y"] == pytest.approx(0.5, abs=0.05)


def test_a_steep_horizon_reads_as_a_dutch_angle_and_a_level_one_as_eye_level():
    assert analyze_composition(_horizon(15))["camera_angle"]["estimate"] == "dutch_angle"
    assert analyze_composition(_horizon(0))["camera_angle"]["estimate"] == "eye_level"


def test_a_portrait_is_framed_from_the_face(astronaut):
    framing = analyze_composition(pil(astronaut))["framing"]
    assert framing["basis"] == "face"
    assert framing["shot_size"] == "medium_close_up"
    face = framing["faces"][0]
    assert 0.3 < face["x"] + face["width"] / 2 < 0.6  # her face is left of centre
    assert "face" in framing["explanation"]


def test_without_a_face_the_framing_says_it_rests_on_the_subject(coffee):
    result = analyze_composition(pil(coffee))
    assert result["framing"]["basis"] == "subject_size"
    assert result["framing"]["faces"] == []
    assert "salient subject" in result["basis"]


def test_dinov3_patch_tokens_locate_the_subject_when_given():
    rng = np.random.default_rng(2)
    tokens = rng.normal(0, 0.1, (16, 24, 32)).astype(np.float32)
    tokens[2:6, 15:20] += 3.0 * np.eye(32, dtype=np.float32)[0]  # a distinct object, upper right
    image = _scene(0.5, 0.5, w=600, h=400)  # pixels say "centre"; tokens must win

    result = analyze_composition(image, patch_tokens=tokens)

    assert result["saliency_source"] == "dinov3_patch_tokens"
    assert result["subject_position"]["x"] > 0.6 and result["subject_position"]["y"] < 0.4
    flat = analyze_composition(image, patch_tokens=tokens.reshape(-1, 32), patch_grid=(16, 24))
    assert flat["subject_position"] == result["subject_position"]


def test_malformed_tokens_are_refused():
    with pytest.raises(ValueError):
        analyze_composition(_scene(0.5, 0.5), patch_tokens=np.zeros((7, 8)), patch_grid=(2, 3))


def test_image_metrics_combines_quality_and_composition(astronaut):
    metrics = image_metrics(pil(astronaut))
    for key in ("sharpness", "exposure", "dynamic_range", "colourfulness", "noise", "resolution"):
        assert key in metrics
    assert 0.0 <= metrics["composition_score"] <= 1.0
    assert metrics["overall_rating"]["quality_grade"] in {"excellent", "high", "medium", "low", "poor"}

"""Score, grade, pass/fail and batch summary behave as a render gate needs."""

import json

import cv2
import numpy as np
import pytest

from analysis.engine.quality import GRADES, batch_summary, grade_for, measure_image, passes
from bench.degradations import degrade, sample_photos

from .conftest import pil


def test_grade_boundaries_follow_the_documented_scale():
    assert [grade_for(b) for b, _ in GRADES] == [name for _, name in GRADES]
    assert grade_for(85.7) == "high"  # docs/api.md's example
    assert grade_for(89.99) == "high"
    assert grade_for(34.9) == "poor"


def test_a_clean_photo_at_its_size_passes_and_says_why(astronaut):
    # Native pixels large enough for the web frame: nine crops of real photos side by side
    # (an enlarged photo would rightly fail the effective-resolution measure).
    photos = sample_photos(("astronaut", "camera", "coffee", "chelsea", "rocket", "coins", "china", "flower"))
    crops = [p[:300, :380] if p.ndim == 3 else np.repeat(p[:300, :380, None], 3, axis=2) for p in photos.values()]
    crops.append(astronaut[200:500, 100:480])
    big = pil(np.vstack([np.hstack(crops[i:i + 3]) for i in (0, 3, 6)]))
    report = measure_image(big, intended_use="web")

    assert report.quality_grade in {"excellent", "high"}
    assert report.shortfalls == []
    assert report.recommendations[0].startswith("No measure fell short")
    assert f"sharpness {report.technical_metrics['sharpness']:.2f}" in report.recommendations[0]
    assert passes(report, 0.7)


def test_worse_images_score_lower_and_fail_the_gate(astronaut):
    pristine = measure_image(pil(astronaut))
    ruined = measure_image(pil(degrade(degrade(astronaut, "gaussian_blur", 5), "gaussian_noise", 5)))

    assert ruined.quality_score < pristine.quality_score - 20
    assert not passes(ruined, 0.7)
    assert {"sharpness", "noise"} <= set(ruined.shortfalls)


def test_recommendations_come_worst_first(astronaut):
    report = measure_image(pil(degrade(astronaut, "over_exposure", 5)))
    assert report.shortfalls[0] == "clipped_highlights"


def test_threshold_reads_percentages_and_refuses_nonsense():
    report = {"quality_score": 72.0}
    assert passes(report, 0.72) and passes(report, 72)
    assert not passes(report, 0.73)
    with pytest.raises(ValueError):
        passes(report, -0.1)


def test_batch_summary_counts_passes_and_grades(astronaut):
    reports = {
        "a": measure_image(pil(astronaut)),
        "b": measure_image(pil(degrade(astronaut, "over_exposure", 4))),
    }
    out = batch_summary(reports, 0.7)

    assert [r["asset_id"] for r in out["results"]] == ["a", "b"]
    assert [r["passed"] for r in out["results"]] == [True, False]
    assert out["summary"]["passed"] == 1 and out["summary"]["failed"] == 1
    assert sum(out["summary"]["by_grade"].values()) == 2


def test_report_serialises_to_plain_json_with_documented_names(astronaut):
    data = json.loads(json.dumps(measure_image(pil(astronaut)).to_dict()))
    assert set(data["technical_metrics"]) == {"sharpness", "contrast", "brightness", "noise_level"}
    for key in ("quality_score", "quality_grade", "recommendations", "detailed_metrics"):
        assert key in data

"""Effective resolution: enlarged renders are caught, native photos and flat art are not."""

import numpy as np
import pytest
import skimage.data

from analysis.engine.quality import image_metrics, measure_image
from bench.degradations import INTERPOLATIONS, enlarge, flat_illustration

from .conftest import pil


@pytest.mark.parametrize("interpolation", list(INTERPOLATIONS))
def test_an_enlarged_photo_scores_below_its_original_and_says_how_much_detail_is_left(astronaut, interpolation):
    original = measure_image(pil(enlarge(astronaut, 1, interpolation)))
    enlarged = measure_image(pil(enlarge(astronaut, 3, interpolation)))

    assert enlarged.quality_score < original.quality_score - 5
    eff = enlarged.detailed_metrics["effective_resolution"]
    assert eff["upscaled"] and 1 / 4.5 < eff["ratio"] < 1 / 1.6  # bilinear reads low: see resolution.py
    assert "effective_resolution" in enlarged.shortfalls
    text = next(t for t in enlarged.recommendations if t.startswith("Detail below the nominal resolution"))
    assert f"supports about {eff['effective_width']} px of the 510 px width" in text
    assert original.detailed_metrics["effective_resolution"]["ratio"] >= 0.8
    assert "effective_resolution" not in original.shortfalls


def test_a_larger_enlargement_leaves_less_detail(camera):
    ratios = [measure_image(pil(enlarge(camera, k, "bicubic"))).detailed_metrics["effective_resolution"]["ratio"]
              for k in (1, 2, 4, 6)]
    assert ratios == sorted(ratios, reverse=True) and len(set(ratios)) == 4


def test_nearest_neighbour_blocks_are_measured_at_their_period(coffee):
    eff = measure_image(pil(enlarge(coffee, 4, "nearest"))).detailed_metrics["effective_resolution"]
    assert eff["method"] == "pixel_repeat"
    assert eff["factor_x"] == pytest.approx(4.0, abs=0.05) and eff["factor_y"] == pytest.approx(4.0, abs=0.05)
    assert eff["effective_width"] == pytest.approx(coffee.shape[1] // 4 * 4 / 4, abs=2)


@pytest.mark.parametrize("antialias,shading", [(True, False), (False, False), (True, True)])
def test_flat_shaded_illustration_at_its_size_is_not_called_upscaled(antialias, shading):
    art = flat_illustration(3, antialias=antialias, shading=shading)
    report = measure_image(pil(art))
    eff = report.detailed_metrics["effective_resolution"]
    assert not eff["upscaled"] and eff["ratio"] >= 0.8
    assert "effective_resolution" not in report.shortfalls
    # ...but the same art enlarged 4x from a quarter-size original is.
    enlarged = measure_image(pil(enlarge(art, 4, "bilinear"))).detailed_metrics["effective_resolution"]
    assert enlarged["upscaled"] and enlarged["ratio"] < 0.5


def test_the_shipped_moon_photo_is_read_as_the_2x_enlargement_it_is():
    # scikit-image's moon repeats every pixel twice in both directions (a 256 px original).
    moon = skimage.data.moon()
    assert (moon[:, 0::2] == moon[:, 1::2]).all()
    eff = measure_image(pil(moon)).detailed_metrics["effective_resolution"]
    assert eff["method"] == "pixel_repeat" and (eff["effective_width"], eff["effective_height"]) == (256, 256)


def test_image_metrics_reports_effective_resolution_in_pixels_and_as_a_ratio(astronaut):
    metrics = image_metrics(pil(enlarge(astronaut, 2, "lanczos")))
    eff = metrics["effective_resolution"]
    assert {"effective_width", "effective_height", "width", "height", "ratio", "factor_x", "factor_y",
            "method", "upscaled"} <= eff.keys()
    assert eff["width"] == 512 and eff["effective_width"] < 0.7 * 512
    assert np.isclose(eff["ratio"], eff["value"], atol=1e-3)

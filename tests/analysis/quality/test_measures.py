"""Each measure moves the right way when a real photo gets worse, and says so in words."""

import re

import cv2
import numpy as np
import pytest

from analysis.engine.quality import measure_image
from bench.degradations import degrade

from .conftest import pil


def _numbers(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"\d+(?:\.\d+)?", text)]


def test_blur_lowers_sharpness_and_the_advice_names_focus(astronaut):
    sharp = measure_image(pil(astronaut))
    blurred = measure_image(pil(degrade(astronaut, "gaussian_blur", 4)))

    assert blurred.technical_metrics["sharpness"] < sharp.technical_metrics["sharpness"] - 0.3
    advice = [r for r in blurred.recommendations if "focus" in r]
    assert advice, blurred.recommendations
    assert f"{blurred.technical_metrics['sharpness']:.2f}" in advice[0]
    assert "sharpness" in blurred.shortfalls


def test_noise_raises_noise_level_and_estimates_sigma(camera):
    clean = measure_image(pil(camera))
    noisy_arr = np.clip(camera + np.random.default_rng(1).normal(0, 10, camera.shape), 0, 255).astype(np.uint8)
    noisy = measure_image(pil(noisy_arr))

    assert clean.technical_metrics["noise_level"] < 0.2  # lower is better; docs/api.md's example of a clean image has 0.15
    assert noisy.technical_metrics["noise_level"] > clean.technical_metrics["noise_level"] + 0.3
    sigma = noisy.detailed_metrics["noise"]["sigma_grey_levels"]
    assert 7 <= sigma <= 12  # 10 grey levels were added to this greyscale photo
    assert any(r.startswith("Visible noise") and f"{sigma:.1f}" in r for r in noisy.recommendations)


def test_heavy_jpeg_is_seen_as_blocky(astronaut):
    png = measure_image(pil(astronaut))
    jpeg = measure_image(pil(degrade(astronaut, "jpeg", 5)))

    assert png.detailed_metrics["blockiness"]["value"] < 0.2
    assert jpeg.detailed_metrics["blockiness"]["value"] > 0.5
    assert any("JPEG block" in r for r in jpeg.recommendations)


def test_blockiness_ignores_a_cropped_grid_and_nearest_upscales(astronaut):
    jpeg = degrade(astronaut, "jpeg", 5)
    cropped = measure_image(pil(jpeg[3:, 5:]))  # grid no longer starts at 0
    doubled = measure_image(pil(np.repeat(np.repeat(astronaut, 2, 0), 2, 1)))

    assert cropped.detailed_metrics["blockiness"]["value"] > 0.5
    assert doubled.detailed_metrics["blockiness"]["value"] < 0.2


def test_contrast_loss_lowers_contrast_and_quotes_the_tone_range(coffee):
    flat = measure_image(pil(degrade(coffee, "contrast_loss", 5)))

    assert flat.technical_metrics["contrast"] < measure_image(pil(coffee)).technical_metrics["contrast"] - 0.3
    advice = next(r for r in flat.recommendations if r.startswith("Flat contrast"))
    rms = flat.detailed_metrics["contrast"]["rms"]
    assert f"{rms:.2f}" in advice
    assert "of 0-255" in advice


def test_over_exposure_reports_clipped_highlights_with_their_share(astronaut):
    report = measure_image(pil(degrade(astronaut, "over_exposure", 3)))

    clipped = report.detailed_metrics["exposure"]["clipped_highlights"]
    assert clipped > 0.1
    advice = next(r for r in report.recommendations if r.startswith("Highlights clipped"))
    assert f"{clipped:.1%}"[:-1] in advice or f"{100 * clipped:.1f}" in advice
    assert "lower exposure" in advice


def test_under_exposure_says_how_many_stops_to_raise(coffee):
    report = measure_image(pil(degrade(coffee, "under_exposure", 5)))

    ev = report.detailed_metrics["exposure"]["ev_offset"]
    assert ev < -2.0
    advice = next(r for r in report.recommendations if r.startswith("Underexposed"))
    assert f"raise exposure by about {abs(ev):.1f} EV" in advice
    assert report.technical_metrics["brightness"] < 0.2


def test_brightness_is_mean_luma_with_mid_grey_in_the_middle():
    grey = measure_image(pil(np.full((64, 64, 3), 118, np.uint8)))  # 118/255 = sRGB mid-grey
    assert grey.technical_metrics["brightness"] == pytest.approx(118 / 255, abs=0.005)
    assert abs(grey.detailed_metrics["exposure"]["ev_offset"]) < 0.05


def test_resolution_is_judged_against_the_intended_use(astronaut):
    big = pil(cv2.resize(astronaut, (4000, 3000), interpolation=cv2.INTER_CUBIC))

    web = measure_image(big, intended_use="web")
    small_for_4k = measure_image(pil(astronaut), intended_use="4k")

    assert web.detailed_metrics["resolution"]["value"] == 1.0
    assert "resolution" not in web.shortfalls
    assert small_for_4k.detailed_metrics["resolution"]["value"] < 0.25
    advice = next(r for r in small_for_4k.recommendations if r.startswith("Resolution"))
    assert "3840x2160" in advice and "upscale" in advice


def test_an_upscaled_image_is_soft_at_native_size_but_fine_when_shown_small(astronaut):
    big = pil(cv2.resize(astronaut, (2048, 2048), interpolation=cv2.INTER_CUBIC))

    for_web = measure_image(big, intended_use="web")
    for_print = measure_image(big, intended_use="print")

    assert for_print.detailed_metrics["sharpness"]["edge_width_px"] > 2.5
    assert for_web.technical_metrics["sharpness"] > for_print.technical_metrics["sharpness"] + 0.2


def test_colourfulness_is_zero_for_grey_and_high_for_a_colourful_photo(camera, astronaut):
    assert measure_image(pil(camera)).detailed_metrics["colourfulness"]["value"] == 0.0
    colourful = measure_image(pil(astronaut)).detailed_metrics["colourfulness"]
    assert colourful["value"] > 0.4
    assert colourful["label"].endswith("colourful")


def test_unknown_intended_use_is_refused(astronaut):
    with pytest.raises(ValueError, match="intended_use"):
        measure_image(pil(astronaut), intended_use="billboard")

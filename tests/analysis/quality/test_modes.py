"""Any Pillow mode and any size is analysed without surprises."""

import io

import numpy as np
import pytest
from PIL import Image

from analysis.engine.quality import ImageUnreadableError, measure_image

from .conftest import pil


def _valid(report) -> None:
    assert 0.0 <= report.quality_score <= 100.0
    assert report.quality_grade in {"excellent", "high", "medium", "low", "poor"}
    assert report.recommendations
    for key in ("sharpness", "contrast", "brightness", "noise_level"):
        assert 0.0 <= report.technical_metrics[key] <= 1.0


@pytest.mark.parametrize("mode", ["L", "P", "1", "CMYK", "LA", "RGBA", "YCbCr", "I", "F"])
def test_every_common_mode_gives_a_valid_report(astronaut, mode):
    image = pil(astronaut).convert(mode)
    _valid(measure_image(image))


def test_palette_and_greyscale_versions_score_close_to_the_original(astronaut):
    rgb = measure_image(pil(astronaut))
    palette = measure_image(pil(astronaut).convert("P", palette=Image.Palette.ADAPTIVE, colors=256))
    grey = measure_image(pil(astronaut).convert("L"))

    assert abs(palette.technical_metrics["brightness"] - rgb.technical_metrics["brightness"]) < 0.02
    assert grey.image["greyscale"] and not rgb.image["greyscale"]
    assert abs(grey.technical_metrics["sharpness"] - rgb.technical_metrics["sharpness"]) < 0.1


def test_16_bit_png_is_scaled_not_truncated(camera, tmp_path):
    path = tmp_path / "camera16.png"
    Image.fromarray(camera.astype(np.uint16) * 257).save(path)  # 0..255 -> 0..65535
    with Image.open(path) as loaded:
        assert loaded.mode.startswith("I")
        deep = measure_image(loaded)
    shallow = measure_image(pil(camera))

    assert deep.image["bit_depth"] == 16
    assert deep.technical_metrics["brightness"] == pytest.approx(shallow.technical_metrics["brightness"], abs=0.002)
    assert deep.technical_metrics["sharpness"] == pytest.approx(shallow.technical_metrics["sharpness"], abs=0.02)
    assert deep.quality_score == pytest.approx(shallow.quality_score, abs=1.0)
    assert any("16-bit" in n for n in deep.notes)


def test_transparent_pixels_are_left_out_of_the_statistics(astronaut):
    rgba = np.dstack([astronaut, np.full(astronaut.shape[:2], 255, np.uint8)])
    rgba[:, 256:, 3] = 0  # right half transparent
    rgba[:, 256:, :3] = 0  # ... and black underneath, which must not count as crushed shadows
    report = measure_image(pil(rgba))
    left_only = measure_image(pil(astronaut[:, :256]))

    assert report.image["has_alpha"]
    assert report.technical_metrics["brightness"] == pytest.approx(left_only.technical_metrics["brightness"], abs=0.02)
    assert any("opaque" in n for n in report.notes)


def test_fully_transparent_image_still_gets_a_report():
    image = Image.new("RGBA", (40, 30), (0, 0, 0, 0))
    report = measure_image(image)
    _valid(report)
    assert any("fully transparent" in n for n in report.notes)


@pytest.mark.parametrize("size", [(1, 1), (2, 3), (7, 7), (10000, 3), (3, 5000)])
def test_tiny_and_extreme_aspect_images(size):
    rng = np.random.default_rng(0)
    arr = rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
    report = measure_image(Image.fromarray(arr))
    _valid(report)
    assert report.image["width"] == size[0] and report.image["height"] == size[1]


def test_a_flat_image_has_no_edges_to_judge():
    report = measure_image(Image.new("RGB", (300, 200), (120, 120, 120)))
    assert report.technical_metrics["sharpness"] == 0.0
    assert any("No edges" in r for r in report.recommendations)


def test_a_large_image_is_analysed_on_a_working_copy_and_native_tiles(astronaut):
    big = pil(np.tile(astronaut, (5, 7, 1)))  # 3584x2560, ~9 MP
    report = measure_image(big)
    _valid(report)
    assert any("working copy" in n for n in report.notes)


def test_jpeg_file_opened_lazily_is_read(astronaut):
    buf = io.BytesIO()
    pil(astronaut).save(buf, format="JPEG", quality=95)
    buf.seek(0)
    _valid(measure_image(Image.open(buf)))


@pytest.mark.parametrize("thing", [None, "image.png", np.zeros((4, 4))])
def test_a_non_image_is_refused(thing):
    with pytest.raises(ImageUnreadableError):
        measure_image(thing)


def test_an_empty_image_is_refused():
    with pytest.raises(ImageUnreadableError, match="no pixels"):
        measure_image(Image.new("RGB", (0, 5)))

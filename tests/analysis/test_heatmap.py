"""Patch difference map and its PNG overlay."""

import io

import numpy as np
import pytest
from PIL import Image
from skimage import data

from analysis.engine.heatmap import difference_summary, patch_difference_map, render_heatmap_png


@pytest.fixture
def tokens():
    """A 12 x 16 grid of 64-dim patch tokens standing in for DINOv3's."""
    return np.random.default_rng(11).standard_normal((12, 16, 64)).astype(np.float32)


def test_identical_images_show_no_difference(tokens):
    diff = patch_difference_map(tokens, tokens)
    assert diff.shape == (12, 16)
    assert float(diff.max()) < 1e-5


def test_changed_region_lights_up_and_the_rest_stays_calm(tokens):
    test = tokens.copy()
    test[3:6, 8:12] = np.random.default_rng(12).standard_normal((3, 4, 64))  # new content
    diff = patch_difference_map(tokens, test)
    inside = diff[3:6, 8:12]
    outside = np.delete(diff.reshape(-1), [r * 16 + c for r in range(3, 6) for c in range(8, 12)])
    assert inside.min() > 0.5 and outside.max() < 1e-5
    summary = difference_summary(diff, level=0.3)
    assert summary["changed_box"] == [3, 8, 6, 12]
    assert summary["changed_fraction"] == pytest.approx(12 / 192)


def test_moved_content_is_not_a_difference(tokens):
    shifted = np.roll(tokens, shift=(2, -3), axis=(0, 1))  # same content, reframed
    assert float(patch_difference_map(tokens, shifted).max()) < 1e-5


def test_grids_of_other_sizes_compare_but_dimensions_must_agree(tokens):
    assert patch_difference_map(tokens, tokens[:5, :7]).shape == (5, 7)
    with pytest.raises(ValueError):
        patch_difference_map(tokens, tokens[..., :32])


def test_heatmap_png_overlays_the_difference_on_the_image():
    image = Image.fromarray(data.chelsea())  # 451 x 300 cat photo
    diff = np.zeros((10, 15), dtype=np.float32)
    diff[:, 10:] = 1.0  # the right third of the image differs
    png = render_heatmap_png(image, diff)
    out = Image.open(io.BytesIO(png))
    assert out.format == "PNG" and out.size == image.size
    pixels = np.asarray(out.convert("RGB"), dtype=float)
    original = np.asarray(image, dtype=float)
    left, right = pixels[:, :200], pixels[:, -100:]
    # the changed side turns red, the matching side keeps the photo mostly visible
    assert right[..., 0].mean() - right[..., 2].mean() > 100
    assert np.abs(left - original[:, :200]).mean() < np.abs(right - original[:, -100:]).mean() / 2
    with pytest.raises(ValueError):
        render_heatmap_png(image, np.zeros(5))

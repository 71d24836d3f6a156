"""Patch-level difference heatmap: where a test image departs from a reference.

DINOv3 gives one token per image patch (16 x 16 pixels). For every patch of the test
image we look for the most similar patch anywhere in the reference image; a patch
with no good counterpart (``1 - max cosine`` high) is where the test image differs.
Matching against *any* reference patch rather than the patch at the same position
makes the map indifferent to framing and pose shifts and sensitive to content that is
new or changed (another face, a missing prop, a colour change the features notice).

The colour map is written here with numpy (no matplotlib): anchor colours running
from dark blue (matches the reference) through yellow to red (nothing like it).
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from media.images import to_rgb

__all__ = ["difference_summary", "patch_difference_map", "render_heatmap_png"]

# Our own anchors, evenly spaced over 0..1: dark blue, cyan, yellow, orange, red.
_ANCHORS = np.array(
    [[20, 30, 110], [40, 170, 200], [250, 230, 60], [250, 140, 30], [220, 20, 20]],
    dtype=np.float64,
)
# Colour scale: differences at or above this read as full red. Fixed (not the map's
# own maximum) so that two near-identical images give a calm map, not amplified noise;
# 1 - cosine of 0.6 means the patch found no counterpart better than cosine 0.4.
DEFAULT_VMAX = 0.6


def _unit_rows(patches: np.ndarray) -> np.ndarray:
    arr = np.asarray(patches, dtype=np.float32)
    if arr.ndim != 3:
        raise ValueError(f"patch tokens must be (h, w, dim), got shape {arr.shape}")
    flat = arr.reshape(-1, arr.shape[-1])
    norms = np.linalg.norm(flat, axis=1, keepdims=True)
    return flat / np.maximum(norms, 1e-12)


def patch_difference_map(ref_patches: np.ndarray, test_patches: np.ndarray) -> np.ndarray:
    """(h2, w2) map in 0..2: for each test patch, 1 - its best cosine to any reference
    patch. Grids may differ in size; the feature dimension must agree."""
    ref = _unit_rows(ref_patches)
    test = _unit_rows(test_patches)
    if ref.shape[1] != test.shape[1]:
        raise ValueError(f"patch dimensions differ: {ref.shape[1]} vs {test.shape[1]}")
    best = (test @ ref.T).max(axis=1)
    h2, w2 = np.asarray(test_patches).shape[:2]
    return np.clip(1.0 - best, 0.0, 2.0).reshape(h2, w2).astype(np.float32)


def difference_summary(diff_map: np.ndarray, *, level: float = 0.3) -> dict[str, float | list[int] | None]:
    """Numbers to go with the picture: mean and max difference, the share of patches
    above ``level`` and their bounding box in patch units [row0, col0, row1, col1]."""
    diff = np.asarray(diff_map, dtype=np.float64)
    hot = diff > level
    box = None
    if hot.any():
        rows, cols = np.nonzero(hot)
        box = [int(rows.min()), int(cols.min()), int(rows.max()) + 1, int(cols.max()) + 1]
    return {
        "mean_difference": round(float(diff.mean()), 6),
        "max_difference": round(float(diff.max()), 6),
        "changed_fraction": round(float(hot.mean()), 6),
        "level": float(level),
        "changed_box": box,
    }


def colourise(values: np.ndarray) -> np.ndarray:
    """Map values in 0..1 to RGB uint8 by linear interpolation between the anchors."""
    v = np.clip(np.asarray(values, dtype=np.float64), 0.0, 1.0) * (len(_ANCHORS) - 1)
    low = np.floor(v).astype(int).clip(0, len(_ANCHORS) - 2)
    frac = (v - low)[..., None]
    rgb = _ANCHORS[low] * (1.0 - frac) + _ANCHORS[low + 1] * frac
    return np.round(rgb).astype(np.uint8)


def render_heatmap_png(
    test_image: Image.Image,
    diff_map: np.ndarray,
    *,
    vmax: float = DEFAULT_VMAX,
    max_alpha: float = 0.65,
) -> bytes:
    """PNG of the test image with the difference map laid over it (same size as the
    image). Opacity grows with the difference, so matching areas stay readable."""
    if vmax <= 0:
        raise ValueError("vmax must be positive")
    diff = np.asarray(diff_map, dtype=np.float32)
    if diff.ndim != 2 or diff.size == 0:
        raise ValueError(f"difference map must be a non-empty 2-D array, got {diff.shape}")
    base = to_rgb(test_image)
    width, height = base.size
    # Bilinear upsampling of the float map: patch edges would otherwise show as blocks.
    scaled = Image.fromarray(np.clip(diff / vmax, 0.0, 1.0).astype(np.float32), mode="F")
    level = np.asarray(scaled.resize((width, height), Image.Resampling.BILINEAR), dtype=np.float32)
    colour = colourise(level).astype(np.float32)
    alpha = (0.2 + (max_alpha - 0.2) * level)[..., None]  # 0.2 floor: the scale stays visible
    pixels = np.asarray(base, dtype=np.float32)
    blended = np.round(pixels * (1.0 - alpha) + colour * alpha).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(blended, mode="RGB").save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()

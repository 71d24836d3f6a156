"""Controlled degradations of real photographs, for validating the quality measures.

Each distortion has five increasing levels (level 0 is the pristine image).
The values are picked to run from "just visible" to "plainly unusable" on
a 300-600 px photograph, so a measure that tracks visible damage should rank
the six versions of each photo in order.
"""

from __future__ import annotations

import io

import cv2
import numpy as np
from PIL import Image

__all__ = ["DISTORTIONS", "LEVELS", "degrade", "sample_photos"]

# level -> parameter, for levels 1..5
LEVELS: dict[str, tuple[float, ...]] = {
    "gaussian_blur": (0.6, 1.0, 1.6, 2.5, 4.0),  # sigma, pixels
    "gaussian_noise": (3.0, 6.0, 10.0, 16.0, 25.0),  # sigma, 8-bit grey levels
    "jpeg": (85, 60, 40, 20, 8),  # Pillow JPEG quality
    "contrast_loss": (0.8, 0.6, 0.45, 0.3, 0.15),  # factor applied around the mean
    "under_exposure": (-0.5, -1.0, -1.5, -2.0, -3.0),  # EV, in linear light
    "over_exposure": (0.5, 1.0, 1.5, 2.0, 3.0),  # EV, in linear light
}
DISTORTIONS = tuple(LEVELS)

# The natural photographs that scikit-image and scikit-learn ship (no download
# needed). Left out: textures (brick, grass, gravel), microscopy and medical
# (immunohistochemistry, retina), deep-sky astronomy (hubble_deep_field: mostly
# black sky), text scans and synthetic images (page, text, colorwheel, logo,
# horse). The moon stays: a flat, low-contrast frame is a useful hard case.
SKIMAGE_PHOTOS = ("astronaut", "camera", "coffee", "chelsea", "rocket", "coins", "moon")
SKLEARN_PHOTOS = ("china.jpg", "flower.jpg")


def sample_photos(names: tuple[str, ...] | None = None) -> dict[str, np.ndarray]:
    """Return {name: uint8 array} for the shipped photos (all of them by default)."""
    import skimage.data
    from sklearn.datasets import load_sample_image

    photos: dict[str, np.ndarray] = {}
    for name in SKIMAGE_PHOTOS:
        if names is None or name in names:
            photos[name] = np.ascontiguousarray(getattr(skimage.data, name)())
    for name in SKLEARN_PHOTOS:
        key = name.split(".")[0]
        if names is None or key in names:
            photos[key] = np.ascontiguousarray(load_sample_image(name))
    return photos


def _srgb_to_linear(v: np.ndarray) -> np.ndarray:
    # IEC 61966-2-1 (sRGB) transfer function.
    return np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)


def _linear_to_srgb(v: np.ndarray) -> np.ndarray:
    v = np.clip(v, 0.0, 1.0)
    return np.where(v <= 0.0031308, v * 12.92, 1.055 * v ** (1 / 2.4) - 0.055)


def degrade(photo: np.ndarray, distortion: str, level: int, *, seed: int = 0) -> np.ndarray:
    """Return ``photo`` (uint8, grey or RGB) degraded by ``distortion`` at ``level`` 0..5."""
    if distortion not in LEVELS:
        raise ValueError(f"unknown distortion {distortion!r}; choose from {', '.join(DISTORTIONS)}")
    if not 0 <= level <= len(LEVELS[distortion]):
        raise ValueError(f"level must be 0..{len(LEVELS[distortion])}")
    if level == 0:
        return photo.copy()
    p = LEVELS[distortion][level - 1]
    f = photo.astype(np.float32)
    if distortion == "gaussian_blur":
        out = cv2.GaussianBlur(f, (0, 0), sigmaX=p, sigmaY=p, borderType=cv2.BORDER_REFLECT)
    elif distortion == "gaussian_noise":
        rng = np.random.default_rng(seed)
        out = f + rng.normal(0.0, p, size=f.shape)
    elif distortion == "jpeg":
        buf = io.BytesIO()
        Image.fromarray(photo).save(buf, format="JPEG", quality=int(p))
        return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert(Image.fromarray(photo).mode))
    elif distortion == "contrast_loss":
        mean = f.mean()
        out = mean + (f - mean) * p
    else:  # exposure: scale linear light by 2**EV, as a camera's exposure would
        lin = _srgb_to_linear(f / 255.0) * (2.0**p)
        out = _linear_to_srgb(lin) * 255.0
    return np.clip(np.round(out), 0, 255).astype(np.uint8)

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

__all__ = ["DISTORTIONS", "ENLARGEMENTS", "INTERPOLATIONS", "LEVELS", "degrade", "enlarge", "flat_illustration",
           "sample_photos"]

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


# Enlargement: a render delivered at 1/k of its nominal size and enlarged back by k.
INTERPOLATIONS: dict[str, int] = {
    "nearest": cv2.INTER_NEAREST,
    "bilinear": cv2.INTER_LINEAR,
    "bicubic": cv2.INTER_CUBIC,
    "lanczos": cv2.INTER_LANCZOS4,
}
ENLARGEMENTS = (2, 3, 4, 5, 6)


def enlarge(photo: np.ndarray, factor: int, interpolation: str) -> np.ndarray:
    """``photo`` as if delivered at 1/factor of its size (area-averaged) and enlarged back.

    The photo is first cropped to a multiple of ``factor`` so the enlargement is exact
    (a nearest-neighbour 3x repeats every pixel exactly 3 times), and the result keeps
    that cropped size: the nominal size stays, the detail goes.
    """
    h, w = photo.shape[:2]
    h, w = h // factor * factor, w // factor * factor
    photo = photo[:h, :w]
    if factor == 1:
        return photo.copy()
    small = cv2.resize(photo, (w // factor, h // factor), interpolation=cv2.INTER_AREA)
    return cv2.resize(small, (w, h), interpolation=INTERPOLATIONS[interpolation])


def flat_illustration(seed: int, *, size: tuple[int, int] = (768, 512), antialias: bool = True,
                      shading: bool = False) -> np.ndarray:
    """A flat-shaded illustration (RGB): filled shapes in flat colours over a flat ground.

    Little detail at any size: large flat areas and sharp (optionally antialiased) edges,
    optionally a soft vertical light gradient over everything (cel-shaded look).
    """
    rng = np.random.default_rng(seed)
    w, h = size
    image = np.empty((h, w, 3), np.uint8)
    image[:] = rng.integers(0, 256, 3)
    line = cv2.LINE_AA if antialias else cv2.LINE_8
    for _ in range(25):
        colour = tuple(int(v) for v in rng.integers(0, 256, 3))
        shape = int(rng.integers(0, 4))
        centre = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        if shape == 0:
            cv2.circle(image, centre, int(rng.integers(10, 120)), colour, -1, line)
        elif shape == 1:
            points = rng.integers(0, [w, h], (int(rng.integers(3, 6)), 2)).astype(np.int32)
            cv2.fillPoly(image, [points], colour, line)
        elif shape == 2:
            axes = (int(rng.integers(10, 150)), int(rng.integers(10, 80)))
            cv2.ellipse(image, centre, axes, float(rng.uniform(0, 180)), 0, 360, colour, -1, line)
        else:
            corner = (centre[0] + int(rng.integers(20, 200)), centre[1] + int(rng.integers(20, 150)))
            cv2.rectangle(image, centre, corner, colour, -1, line)
    if shading:
        light = np.linspace(0.75, 1.1, h, dtype=np.float32)[:, None, None]
        image = np.clip(image.astype(np.float32) * light, 0, 255).astype(np.uint8)
    return image

"""Turn any PIL image into the float arrays the quality measures work on.

Two views of one image are produced, so that no measure sees resampling it
should not:

* a **working copy** of at most ``WORKING_PIXELS`` pixels (area-averaged, never
  enlarged) for the global statistics: exposure, contrast, colour, composition.
  Averaging many pixels into one does not move a histogram's mean, and 1 MP is
  plenty for a percentile or a saliency map, so these stay fast at 24 MP;
* **native tiles**, untouched pixels, for the measures that resampling would
  destroy: sensor noise (averaged away by downscaling), JPEG blockiness (the
  8x8 grid vanishes) and edge width (sharpness). Small images are used whole;
  large ones are sampled on an even grid of tiles whose origins sit on
  multiples of 16 so the JPEG block grid (8x8 luma, 16x16 chroma) lines up.

Modes and deep samples follow the media layer's one rule (``media.images``:
``normalise_mode`` and ``sample_range``): ``1``/``P``/``CMYK``/``YCbCr``/``LAB``/``HSV``
go through Pillow's own conversion to ``L``/``RGB``; 16-bit greyscale (``I;16*``)
is scaled by 1/65535, ``I`` by 1/65535 too (or 1/255 when every value fits 8 bits,
the only way Pillow's ``I`` mode says "this was 8-bit"), ``F`` likewise by its
range; 16-bit colour PNGs are already reduced to 8 bits by Pillow when opened.
The samples stay floats here (no 8-bit rounding), unlike ``media.images.to_rgb``. Alpha: colour is composited
over white (what a viewer shows on a blank page) and an opacity mask keeps the
transparent pixels out of every statistic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image

from media.images import normalise_mode, sample_range

__all__ = ["ImageData", "ImageUnreadableError", "load_image", "WORKING_PIXELS"]

# ~1 MP: a 1000x1000 working copy keeps a 24 MP analysis well under a second
# and still has ~10^6 samples for every histogram statistic.
WORKING_PIXELS = 1_000_000
# Native pixels sampled for noise / blockiness / edge width: ~1 MP of tiles.
NATIVE_PIXELS = 1_000_000
TILE = 256  # multiple of 16: keeps JPEG luma and chroma block grids aligned

# Rec. ITU-R BT.709 luma weights (sRGB shares the BT.709 primaries).
LUMA_WEIGHTS = np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)


class ImageUnreadableError(ValueError):
    """The object is not an image that can be analysed (empty, or not a PIL image)."""


@dataclass
class ImageData:
    """An image prepared for analysis: working copy, native tiles and notes."""

    width: int
    height: int
    mode: str
    bit_depth: int
    is_greyscale: bool
    has_alpha: bool
    rgb: np.ndarray  # working copy, float32 (h, w, 3) in 0..1, composited over white
    luma: np.ndarray  # working copy, float32 (h, w), BT.709 luma of the gamma-encoded values
    opaque: np.ndarray  # working copy, bool (h, w): pixels that count in statistics
    tiles: list[tuple[np.ndarray, np.ndarray]]  # native (luma, opaque) tiles
    scale: float  # working copy size / native size
    opaque_fraction: float = 1.0
    notes: list[str] = field(default_factory=list)

    @property
    def megapixels(self) -> float:
        return self.width * self.height / 1e6


def _array(image: Image.Image) -> np.ndarray:
    """Native array of a (tile of a) normalised-mode image; I and F as float32."""
    arr = np.asarray(image)
    if image.mode == "I":
        return np.clip(arr, 0, 65535).astype(np.float32)
    if image.mode == "F":
        return np.nan_to_num(arr.astype(np.float32))
    return arr


def _working_copy(image: Image.Image, size: tuple[int, int]) -> np.ndarray:
    """Area-averaged copy at ``size``: Pillow's integer box reduction (in C, no
    full-size array) to within 2x, then OpenCV's INTER_AREA for the rest."""
    factor = int(min(image.width / size[0], image.height / size[1]) // 2)
    if factor >= 2 and image.mode in ("L", "LA", "RGB", "RGBA", "I", "F"):
        image = image.reduce(factor)
    small = cv2.resize(_array(image), size, interpolation=cv2.INTER_AREA)
    return small


def _split(arr: np.ndarray, divisor: float) -> tuple[np.ndarray, np.ndarray | None]:
    """Float RGB composited over white, and alpha (or None), from a native array slice."""
    f = arr.astype(np.float32) / np.float32(divisor)
    np.clip(f, 0.0, 1.0, out=f)
    if f.ndim == 2:
        f = f[:, :, None]
    channels = f.shape[2]
    alpha = None
    if channels in (2, 4):
        alpha = f[:, :, -1]
        colour = f[:, :, :-1]
        colour = colour * alpha[:, :, None] + (1.0 - alpha[:, :, None])
    else:
        colour = f
    if colour.shape[2] == 1:
        colour = np.repeat(colour, 3, axis=2)
    return colour, alpha


def _luma(rgb: np.ndarray) -> np.ndarray:
    return rgb @ LUMA_WEIGHTS


def _tile_origins(length: int, count: int) -> list[int]:
    """Evenly spread tile origins along one axis, snapped to multiples of 16."""
    if count <= 1 or length <= TILE:
        return [0]
    span = length - TILE
    return sorted({int(round(span * i / (count - 1))) // 16 * 16 for i in range(count)})


def _native_tiles(image: Image.Image, divisor: float) -> list[tuple[np.ndarray, np.ndarray]]:
    w, h = image.size
    if h * w <= NATIVE_PIXELS * 1.5:
        windows = [(0, 0, h, w)]
    else:
        # Tiles per axis in proportion to the image's shape, ~NATIVE_PIXELS in all.
        n_tiles = NATIVE_PIXELS / (TILE * TILE)
        ny = max(1, round(np.sqrt(n_tiles * h / w)))
        nx = max(1, round(n_tiles / ny))
        windows = [
            (y, x, min(TILE, h - y), min(TILE, w - x))
            for y in _tile_origins(h, ny)
            for x in _tile_origins(w, nx)
        ]
    tiles = []
    for y, x, th, tw in windows:
        arr = _array(image.crop((x, y, x + tw, y + th)) if (th, tw) != (h, w) else image)
        colour, alpha = _split(arr, divisor)
        opaque = np.ones((th, tw), bool) if alpha is None else alpha >= 0.5
        tiles.append((_luma(colour), opaque))
    return tiles


def load_image(image: Image.Image) -> ImageData:
    """Prepare ``image`` for analysis; raise ImageUnreadableError if it has no pixels."""
    if not isinstance(image, Image.Image):
        raise ImageUnreadableError(f"expected a PIL image, got {type(image).__name__}")
    width, height = image.size
    if width < 1 or height < 1:
        raise ImageUnreadableError(f"image has no pixels ({width}x{height})")
    original_mode = image.mode
    image, note = normalise_mode(image)
    notes = [note] if note else []
    divisor, depth = sample_range(image)

    scale = min(1.0, float(np.sqrt(WORKING_PIXELS / (width * height))))
    if scale < 1.0:
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        # Area averaging: no aliasing, no ringing, histogram means kept.
        small = _working_copy(image, size)
        notes.append(
            f"global statistics computed on a {size[0]}x{size[1]} area-averaged working copy; "
            "noise, blockiness and edge width on native-resolution pixels"
        )
    else:
        small = _array(image)
    if small.ndim == 2 and len(image.getbands()) > 1:
        small = small[:, :, None]  # OpenCV drops a channel axis of length 1
    rgb, alpha = _split(small, divisor)
    opaque = np.ones(rgb.shape[:2], bool) if alpha is None else alpha >= 0.5
    opaque_fraction = float(opaque.mean())
    has_alpha = alpha is not None
    if has_alpha:
        if opaque_fraction == 0.0:
            notes.append("image is fully transparent: statistics use the colour composited over white")
            opaque[:] = True
        elif opaque_fraction < 1.0:
            notes.append(
                f"alpha: statistics use the {opaque_fraction:.0%} opaque pixels; "
                "transparent areas are composited over white and left out"
            )
    if depth == 16:
        notes.append("16-bit samples scaled by 1/65535 (no 8-bit truncation)")
    tiles = _native_tiles(image, divisor)
    if has_alpha and opaque_fraction == 0.0:
        tiles = [(lum, np.ones_like(mask)) for lum, mask in tiles]
    grey = bool(rgb.shape[2] == 3 and np.allclose(rgb[..., 0], rgb[..., 1], atol=1 / 255)
                and np.allclose(rgb[..., 1], rgb[..., 2], atol=1 / 255))
    return ImageData(
        width=width,
        height=height,
        mode=original_mode,
        bit_depth=depth,
        is_greyscale=grey,
        has_alpha=has_alpha,
        rgb=rgb,
        luma=_luma(rgb),
        opaque=opaque,
        tiles=tiles,
        scale=scale,
        opaque_fraction=opaque_fraction,
        notes=notes,
    )

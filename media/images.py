"""The one image decoding and RGB conversion of the project, in Pillow and numpy only.

Thumbnails (assets), the DINOv3 model input (analysis.engine.preprocess) and the quality measures
(analysis.quality) read pixels through these functions, so an image looks the same to all of them:

* ``open_image`` decodes a path, bytes, binary file or PIL image fully (optionally a JPEG at a
  reduced DCT scale) and raises ``ImageUnreadable`` for anything that does not decode;
* ``normalise_mode`` brings Pillow's many modes to L, LA, RGB, RGBA, I;16*, I or F;
* ``sample_range`` is the one rule for deep samples: 16-bit modes (``I;16*``) are scaled by
  1/65535 whatever their values (a dark 16-bit image is not 8-bit); Pillow's 32-bit ``I`` and
  ``F`` say nothing about the file's depth, so their maximum decides: ``F`` up to 1 is already
  0..1, values up to 255 are 8-bit, anything above is 16-bit;
* ``to_rgb`` is upright 8-bit RGB: EXIF orientation applied, deep samples scaled (rounded, not
  truncated or clipped), transparency composited over white (what a viewer shows on a blank page).
"""
from __future__ import annotations

import io
import os
from typing import IO, Union

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

ImageSource = Union[str, os.PathLike, bytes, IO[bytes], Image.Image]

# JPEGs are decoded at a reduced DCT scale, but at least this many times the wanted size, so the
# final antialiased resize still does the averaging (BENCHMARKS.md, "DINOv3 engine speed"
# measures the effect on embeddings).
DRAFT_OVERSAMPLING = 2
WHITE = (255, 255, 255)
# The modes every reader of pixels handles itself; the others are converted by Pillow.
NATIVE_MODES = ("L", "LA", "RGB", "RGBA", "F", "I")
ALPHA_MODES = ("RGBA", "LA", "La", "RGBa", "PA")


class ImageUnreadable(ValueError):
    """The input is not a decodable image; ``reason`` is ``too_large`` or ``undecodable``."""

    def __init__(self, message: str, *, reason: str):
        super().__init__(message)
        self.reason = reason


def open_image(source: ImageSource, *, formats: list[str] | None = None,
               draft_size: tuple[int, int] | None = None) -> Image.Image:
    """Open ``source`` and decode it fully (a PIL image is returned as it is).

    ``formats`` limits the decoders Pillow tries. With ``draft_size`` a JPEG is decoded at the
    smallest DCT scale that still covers that size (Pillow ``draft``), many times cheaper for a
    4000 px photo. Raises ImageUnreadable."""
    if isinstance(source, Image.Image):
        return source
    if isinstance(source, (bytes, bytearray, memoryview)):
        source = io.BytesIO(source)
    try:
        image = Image.open(source, formats=formats)
        # MPO (multi-picture JPEG from cameras) decodes through the JPEG plugin too.
        if draft_size is not None and image.format in ("JPEG", "MPO"):
            orientation = image.getexif().get(0x0112, 1)
            # EXIF orientations 5-8 swap width and height after transposing.
            w, h = draft_size if orientation < 5 else draft_size[::-1]
            image.draft("RGB", (w * DRAFT_OVERSAMPLING, h * DRAFT_OVERSAMPLING))
        image.load()
    except Image.DecompressionBombError as exc:
        raise ImageUnreadable(f"image has too many pixels: {exc}", reason="too_large") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImageUnreadable(f"cannot decode image: {exc}", reason="undecodable") from exc
    return image


def normalise_mode(image: Image.Image) -> tuple[Image.Image, str | None]:
    """The image in one of L, LA, RGB, RGBA, I;16*, I, F, and a note when Pillow's own conversion
    was the reference (CMYK, YCbCr, LAB, HSV)."""
    mode = image.mode
    if mode in NATIVE_MODES or mode.startswith("I;16"):
        return image, None
    if mode in ("P", "PA"):
        has_alpha = mode == "PA" or "transparency" in image.info
        return image.convert("RGBA" if has_alpha else "RGB"), None
    if mode == "1":
        return image.convert("L"), None
    if mode == "La":
        return image.convert("LA"), None
    if mode == "RGBa":
        return image.convert("RGBA"), None
    if mode == "RGBX":
        return image.convert("RGB"), None
    return image.convert("RGB"), f"mode {mode} converted to RGB by Pillow before analysis"


def sample_range(image: Image.Image) -> tuple[float, int]:
    """(divisor that brings the samples to 0..1, bit depth) of a normalised-mode image."""
    mode = image.mode
    if mode.startswith("I;16"):
        return 65535.0, 16
    if mode in ("I", "F"):
        # getextrema runs in C without building an array.
        top = float(np.nan_to_num(image.getextrema()[1] or 0.0))
        if mode == "F" and top <= 1.0:
            return 1.0, 32
        return (255.0, 8) if top <= 255 else (65535.0, 16)
    return 255.0, 8


def deep_to_l(image: Image.Image) -> Image.Image:
    """16/32-bit integer or float greyscale as 8-bit L, scaled by ``sample_range`` and rounded
    (Pillow's own conversion would clip, not scale)."""
    divisor, _ = sample_range(image)
    values = np.nan_to_num(np.asarray(image, dtype=np.float64) * (255.0 / divisor), nan=0.0)
    return Image.fromarray(np.clip(np.rint(values), 0, 255).astype(np.uint8), mode="L")


def to_rgb(image: Image.Image) -> Image.Image:
    """Upright 8-bit RGB: EXIF orientation applied, deep samples scaled, transparency composited
    over white."""
    image = ImageOps.exif_transpose(image) or image
    mode = image.mode
    if mode == "RGB":
        return image
    if mode in ("I", "F") or mode.startswith("I;16"):
        return deep_to_l(image).convert("RGB")
    if mode in ALPHA_MODES or (mode in ("P", "L") and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, WHITE + (255,))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")


def open_rgb(source: ImageSource, *, formats: list[str] | None = None,
             draft_size: tuple[int, int] | None = None) -> Image.Image:
    """``to_rgb(open_image(...))``: a file, bytes or image as upright 8-bit RGB."""
    return to_rgb(open_image(source, formats=formats, draft_size=draft_size))

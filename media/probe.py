"""Identify an uploaded file by its content and check it against the limits before storing it.

Names and Content-Type headers are never trusted: the first bytes decide the format, then the
file must decode as that format. Images are opened by Pillow with an explicit one-format
allowlist, their size read from the header before any pixel is decoded, and decoded in full so a
truncated file is caught here and not in a later analysis. MP4 files are probed by
`media.video` (OpenCV), which checks dimensions, fps, duration and frame count.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageOps

from core.errors import FileTooLarge, InvalidFileFormat

from .limits import MediaLimits
from .sniff import sniff
from .video import probe_video

ACCEPTED = "JPG, PNG, WEBP or MP4"
IMAGE_TYPES = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
VIDEO_TYPES = {"MP4": ("video/mp4", "mp4")}

# Pillow's own bomb guard is replaced by our explicit check, which happens before decoding.
Image.MAX_IMAGE_PIXELS = None


@dataclass
class MediaInfo:
    kind: str  # "image" or "video"
    format: str  # JPEG, PNG, WEBP, MP4
    content_type: str
    extension: str
    width: int
    height: int
    video: dict = field(default_factory=dict)  # duration, fps, frame_count for videos


# Bits per pixel of Pillow's modes (its decoders widen or keep the file's samples to these).
MODE_BITS = {"1": 1, "L": 8, "P": 8, "LA": 16, "PA": 16, "La": 16, "RGB": 24, "YCbCr": 24, "LAB": 24, "HSV": 24,
             "RGBA": 32, "RGBa": 32, "RGBX": 32, "CMYK": 32, "I": 32, "F": 32, "I;16": 16, "I;16B": 16,
             "I;16L": 16, "I;16N": 16}
# PNG colour types and their channels (PNG specification, IHDR).
PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def decoded_size(path: Path, fmt: str, image: Image.Image) -> tuple[int, dict]:
    """Bytes the image takes once decoded, and what decides it: the larger of Pillow's mode and
    the file's own samples (a 16-bit PNG says so in its header; Pillow may narrow it later)."""
    width, height = image.size
    bits = MODE_BITS.get(image.mode, 32)
    basis = {"mode": image.mode, "bits_per_pixel": bits}
    if fmt == "PNG":
        with open(path, "rb") as handle:
            header = handle.read(33)
        if len(header) >= 26 and header[12:16] == b"IHDR":
            depth, colour = header[24], header[25]
            file_bits = depth * PNG_CHANNELS.get(colour, 4)
            basis.update(bit_depth=depth, channels=PNG_CHANNELS.get(colour, 4))
            if file_bits > bits:
                bits = basis["bits_per_pixel"] = file_bits
    return (width * height * bits + 7) // 8, basis


def probe_file(path: Path, *, limits: MediaLimits) -> MediaInfo:
    with open(path, "rb") as handle:
        head = handle.read(64)
    if not head:
        raise InvalidFileFormat("The file is empty.", details={"accepted": ACCEPTED})
    fmt = sniff(head)
    if fmt is None:
        raise InvalidFileFormat(
            f"The content is not a {ACCEPTED} file (the file name and Content-Type are not trusted).",
            details={"accepted": ACCEPTED},
        )
    if fmt in IMAGE_TYPES:
        return _probe_image(path, fmt, limits)
    return _probe_video(path, limits)


def _probe_image(path: Path, fmt: str, limits: MediaLimits) -> MediaInfo:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=[fmt]) as image:
                width, height = image.size
                if width <= 0 or height <= 0:
                    raise InvalidFileFormat("The image has no pixels.", details={"width": width, "height": height})
                if width * height > limits.max_image_pixels:
                    raise FileTooLarge(
                        f"The image is {width}x{height} pixels, over the limit of {limits.max_image_pixels:,} pixels.",
                        details={"width": width, "height": height, "max_pixels": limits.max_image_pixels},
                    )
                decoded, basis = decoded_size(path, fmt, image)
                if decoded > limits.max_decoded_bytes:
                    mib, limit_mib = decoded / 2**20, limits.max_decoded_bytes / 2**20
                    raise FileTooLarge(
                        f"The image is {width}x{height} at {basis['bits_per_pixel']} bits per pixel: {mib:.0f} MB "
                        f"once decoded, over the limit of {limit_mib:.0f} MB (MAX_DECODED_MB). Save it with 8 bits "
                        f"per channel, without alpha, or smaller.",
                        details={"width": width, "height": height, **basis, "decoded_mb": round(mib, 1),
                                 "max_decoded_mb": round(limit_mib, 1)},
                    )
                image.load()
                # Orientation as the viewer sees it (EXIF rotation applied).
                oriented = ImageOps.exif_transpose(image) if fmt in ("JPEG", "WEBP", "PNG") else image
                width, height = oriented.size
    except (InvalidFileFormat, FileTooLarge):
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise FileTooLarge("The image would decompress to too many pixels.", details={"reason": str(exc)}) from exc
    except Exception as exc:  # noqa: BLE001 - every decoder failure means an unusable file
        raise InvalidFileFormat(
            f"The file starts like a {fmt} image but could not be decoded (truncated or corrupt).",
            details={"format": fmt, "reason": str(exc)[:200]},
        ) from exc
    content_type, extension = IMAGE_TYPES[fmt]
    return MediaInfo("image", fmt, content_type, extension, width, height)


def _probe_video(path: Path, limits: MediaLimits) -> MediaInfo:
    info = probe_video(path, limits)  # refused: INVALID_FILE_FORMAT or FILE_TOO_LARGE
    content_type, extension = VIDEO_TYPES["MP4"]
    return MediaInfo(
        "video", "MP4", content_type, extension, info.width, info.height,
        video={"duration": info.duration, "fps": info.fps, "frame_count": info.frame_count},
    )

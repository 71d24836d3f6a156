"""What an uploaded image or video may be: the one limits object every probe and decoder reads.

The web layer builds it from the settings of the same upper-case names (``MAX_IMAGE_PIXELS``,
``MAX_DECODED_MB``, ``MAX_VIDEO_WIDTH``... in `assets.services.media_limits`); the defaults here
are those settings' defaults, so the engines and the tests can use ``MediaLimits()`` as it is.
"""
from __future__ import annotations

from dataclasses import dataclass

# About 8K x 4K: the largest frames studios deliver; bigger is treated as a decompression bomb.
DEFAULT_MAX_IMAGE_PIXELS = 8192 * 4320
# An 8-bit RGBA frame at the pixel limit (135 MiB) passes; 16 bits per channel at that size
# (270 MiB and more) does not.
DEFAULT_MAX_DECODED_BYTES = 160 * 1024 * 1024


@dataclass(frozen=True)
class MediaLimits:
    """Images: pixels, and bytes once decoded. Videos: 8K UHD picture, 240 fps, one hour, and the
    frames of an hour at 60 fps; `max_processing_s` bounds one analysis' wall-clock time."""

    max_image_pixels: int = DEFAULT_MAX_IMAGE_PIXELS
    max_decoded_bytes: int = DEFAULT_MAX_DECODED_BYTES
    max_video_width: int = 7680
    max_video_height: int = 4320
    max_video_fps: float = 240.0
    max_video_duration_s: float = 3600.0
    max_video_frames: int = 216_000
    max_processing_s: float = 1800.0

    def video_dict(self) -> dict:
        """The video limits, as a refused video's error details name them."""
        return {"max_width": self.max_video_width, "max_height": self.max_video_height, "max_fps": self.max_video_fps,
                "max_duration_s": self.max_video_duration_s, "max_frames": self.max_video_frames,
                "max_processing_s": self.max_processing_s}

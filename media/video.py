"""Open an untrusted MP4 with OpenCV and check it against the limits before any analysis.

The container's header values (dimensions, fps, declared frames, duration) are checked first,
then the first frame must decode. The declared frame count is not trusted by anything later:
`media.frames` bounds the decoding itself. Every OpenCV capture is opened with FFmpeg's open and
read timeouts, so a stalled demuxer returns instead of hanging.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from .errors import VideoRejected
from .limits import MediaLimits
from .sniff import sniff_mp4

# FFmpeg's interrupt callback in OpenCV honours these (milliseconds); 10 s to open and 5 s per
# read are far above what a local file needs and bound a pathological one.
OPEN_TIMEOUT_MS = 10_000
READ_TIMEOUT_MS = 5_000


@dataclass(frozen=True)
class VideoInfo:
    width: int
    height: int
    fps: float
    frame_count: int  # as declared by the container; analysis counts the frames it decodes
    duration: float
    codec: str

    def to_dict(self) -> dict:
        return asdict(self)


def open_capture(path: str | Path) -> cv2.VideoCapture:
    """An FFmpeg capture with open/read timeouts; the caller releases it."""
    return cv2.VideoCapture(str(path), cv2.CAP_FFMPEG,
                            [cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, OPEN_TIMEOUT_MS,
                             cv2.CAP_PROP_READ_TIMEOUT_MSEC, READ_TIMEOUT_MS])


def _fourcc(value: float) -> str:
    code = int(value) if math.isfinite(value) else 0
    text = "".join(chr((code >> (8 * i)) & 0xFF) for i in range(4))
    return text.strip("\x00 ") if text.isprintable() else ""


def probe_video(path: str | Path, limits: MediaLimits | None = None, *, require_mp4: bool = True) -> VideoInfo:
    """Check an uploaded video and describe it.

    Raises VideoRejected with code INVALID_FILE_FORMAT (not an MP4 by content, cannot be opened,
    no picture size or frame rate, first frame undecodable) or FILE_TOO_LARGE (over the limits).
    """
    limits = limits or MediaLimits()
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        raise VideoRejected("The file is empty.", details={"reason": "empty"})
    if require_mp4 and not sniff_mp4(path):
        raise VideoRejected("The file is not an MP4 (no ISO base media 'ftyp' header).", details={"reason": "not_mp4"})
    capture = open_capture(path)
    try:
        if not capture.isOpened():
            raise VideoRejected("No video stream could be opened (corrupt or truncated file).",
                                details={"reason": "unopenable"})
        width = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH))
        height = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
        fps = float(capture.get(cv2.CAP_PROP_FPS) or 0.0)
        frames = int(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        details = {"width": width, "height": height, "fps": fps, "frame_count": frames}
        if width <= 0 or height <= 0:
            raise VideoRejected("The video reports no picture size.", details=details)
        if not math.isfinite(fps) or fps <= 0:
            raise VideoRejected("The video reports no valid frame rate.", details=details)
        too_large = None
        if width > limits.max_video_width or height > limits.max_video_height:
            too_large = (f"The video is {width}x{height}, over the limit of "
                         f"{limits.max_video_width}x{limits.max_video_height}.")
        elif fps > limits.max_video_fps:
            too_large = f"The video runs at {fps:.1f} fps, over the limit of {limits.max_video_fps:g}."
        elif frames > limits.max_video_frames:
            too_large = f"The video declares {frames} frames, over the limit of {limits.max_video_frames}."
        elif frames / fps > limits.max_video_duration_s:
            too_large = f"The video lasts {frames / fps:.0f} s, over the limit of {limits.max_video_duration_s:g} s."
        if too_large:
            raise VideoRejected(too_large, code="FILE_TOO_LARGE", details={**details, "limits": limits.video_dict()})
        ok, frame = capture.read()
        if not ok or frame is None or frame.size == 0:
            raise VideoRejected("The first frame could not be decoded (truncated or corrupt file).",
                                details={**details, "reason": "no_frames"})
        if frames <= 0:
            raise VideoRejected("The video declares no frames.", details={**details, "reason": "no_frames"})
        return VideoInfo(width=width, height=height, fps=fps, frame_count=frames,
                         duration=round(frames / fps, 3), codec=_fourcc(capture.get(cv2.CAP_PROP_FOURCC)))
    finally:
        capture.release()


def poster_frame(path: str | Path, *, at_fraction: float = 0.1) -> Image.Image:
    """An RGB frame a little into the video (the very first is often black), for thumbnails.

    Seeks, which is fine for a thumbnail; falls back to the first frame when the seek fails."""
    capture = open_capture(path)
    try:
        frames = int(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        ok, frame = False, None
        if frames > 1:
            capture.set(cv2.CAP_PROP_POS_FRAMES, int(frames * at_fraction))
            ok, frame = capture.read()
        if not ok:
            capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = capture.read()
        if not ok or frame is None:
            raise VideoRejected("No frame could be decoded for the poster.", details={"reason": "no_frames"})
        return Image.fromarray(np.ascontiguousarray(frame[:, :, ::-1]))
    finally:
        capture.release()

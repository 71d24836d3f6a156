"""Open an MP4 with OpenCV and check it against the limits before it is accepted.

No Django here. The container's header values are checked first (dimensions, fps, declared
frames and duration), then the first frame must decode. Analyses that walk the whole file bound
their decoding separately, since the declared frame count is not trusted.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np


class VideoUnreadable(Exception):
    def __init__(self, message: str, details: dict | None = None):
        super().__init__(message)
        self.details = details or {}


class VideoLimitExceeded(VideoUnreadable):
    pass


@dataclass(frozen=True)
class VideoInfo:
    width: int
    height: int
    fps: float
    frame_count: int
    duration: float


def video_probe(
    path: Path, *, max_width: int, max_height: int, max_fps: float, max_duration_s: float, max_frames: int
) -> VideoInfo:
    capture = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
    try:
        if not capture.isOpened():
            raise VideoUnreadable("The file starts like an MP4 but no video stream could be opened.")
        width = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH))
        height = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
        fps = float(capture.get(cv2.CAP_PROP_FPS) or 0.0)
        frames = int(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        details = {"width": width, "height": height, "fps": fps, "frame_count": frames}
        if width <= 0 or height <= 0:
            raise VideoUnreadable("The video reports no picture size.", details)
        if not np.isfinite(fps) or fps <= 0:
            raise VideoUnreadable("The video reports no valid frame rate.", details)
        if width > max_width or height > max_height:
            raise VideoLimitExceeded(
                f"The video is {width}x{height}, over the limit of {max_width}x{max_height}.", details
            )
        if fps > max_fps:
            raise VideoLimitExceeded(f"The video runs at {fps:.1f} fps, over the limit of {max_fps:.0f}.", details)
        if frames > max_frames:
            raise VideoLimitExceeded(f"The video declares {frames} frames, over the limit of {max_frames}.", details)
        duration = frames / fps if frames > 0 else 0.0
        if duration > max_duration_s:
            raise VideoLimitExceeded(
                f"The video lasts {duration:.0f} s, over the limit of {max_duration_s:.0f} s.", details
            )
        ok, frame = capture.read()
        if not ok or frame is None or frame.size == 0:
            raise VideoUnreadable("The video's first frame could not be decoded (truncated or corrupt).", details)
        return VideoInfo(width, height, fps, frames, round(duration, 3))
    finally:
        capture.release()


def video_poster_frame(path: Path, *, at_fraction: float = 0.1) -> np.ndarray:
    """An RGB frame a little into the video (the very first is often black), for thumbnails."""
    capture = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
    try:
        frames = int(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        if frames > 1:
            capture.set(cv2.CAP_PROP_POS_FRAMES, int(frames * at_fraction))
        ok, frame = capture.read()
        if not ok:
            capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = capture.read()
        if not ok or frame is None:
            raise VideoUnreadable("No frame could be decoded for the poster.")
        return cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
    finally:
        capture.release()


def video_sample_frames(path: Path, *, count: int, max_reads: int = 10_000) -> list[np.ndarray]:
    """Up to ``count`` RGB frames spread evenly over the video (seeking; bounded reads)."""
    capture = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
    try:
        total = int(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        if total <= 0:
            raise VideoUnreadable("The video reports no frames.")
        wanted = sorted({int((i + 0.5) * total / count) for i in range(count)}) if total > count else list(range(total))
        frames: list[np.ndarray] = []
        reads = 0
        for index in wanted:
            capture.set(cv2.CAP_PROP_POS_FRAMES, index)
            ok, frame = capture.read()
            reads += 1
            if ok and frame is not None:
                frames.append(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))
            if reads >= max_reads:
                break
        if not frames:
            raise VideoUnreadable("No frame of the video could be decoded.")
        return frames
    finally:
        capture.release()

"""Decode an untrusted video safely: a frame budget, a wall-clock deadline, reduced resolution.

The container's frame count is not trusted: decoding stops with VideoDecodeError as soon as the
frames actually decoded pass the limits (frames or duration), or the deadline passes, and a file
that yields far fewer frames than it declares is reported as truncated. Analysis works on small
frames (long side 320 px grey, 160 px colour), which is all shot detection and global motion need.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import cv2
import numpy as np

from .errors import VideoDecodeError
from .limits import MediaLimits
from .video import VideoInfo, open_capture

ANALYSIS_LONG_SIDE = 320  # enough texture for optical flow; 36x fewer pixels than 1080p
MAX_ANALYSIS_FPS = 30.0  # faster footage is analysed on every n-th frame
# A file yielding under this share of its declared frames is truncated; the slack absorbs
# decoders that drop a leading frame or two.
TRUNCATION_RATIO = 0.95


@dataclass
class AnalysisFrame:
    index: int  # the frame's index in the file
    time: float  # seconds, index / fps (constant frame rate assumed)
    grey: np.ndarray  # uint8, long side ANALYSIS_LONG_SIDE
    colour: np.ndarray  # BGR uint8, half the grey frame's size


def analysis_size(width: int, height: int, long_side: int = ANALYSIS_LONG_SIDE) -> tuple[int, int]:
    """(w, h) of the analysis frames: the long side at most `long_side`, both even and >= 16."""
    scale = min(1.0, long_side / max(width, height))
    return max(16, int(round(width * scale / 2)) * 2), max(16, int(round(height * scale / 2)) * 2)


def analysis_stride(fps: float, max_fps: float = MAX_ANALYSIS_FPS) -> int:
    return max(1, math.ceil(fps / max_fps - 1e-6))


class FrameBudget:
    """Counts decoded frames against the limits and the deadline; raises when either is passed."""

    def __init__(self, info: VideoInfo, limits: MediaLimits, *, deadline: float | None, max_frames: int | None = None):
        by_duration = int(limits.max_video_duration_s * info.fps) + 1
        self.max_frames = min(limits.max_video_frames, by_duration, max_frames or limits.max_video_frames)
        self.deadline = deadline
        self.decoded = 0

    def tick(self) -> None:
        self.decoded += 1
        if self.decoded > self.max_frames:
            raise VideoDecodeError(
                f"The video yields more than {self.max_frames} frames, more than the limits allow.",
                details={"reason": "frame_budget_exceeded", "max_frames": self.max_frames})
        if self.deadline is not None and self.decoded % 8 == 0 and time.monotonic() > self.deadline:
            raise VideoDecodeError("The analysis ran past its deadline.",
                                   details={"reason": "deadline_exceeded", "frames_decoded": self.decoded})


def iter_analysis_frames(path: str, info: VideoInfo, *, limits: MediaLimits, stride: int = 1,
                         deadline: float | None = None, max_frames: int | None = None,
                         strict: bool = True, stats: dict | None = None) -> Iterator[AnalysisFrame]:
    """Yield every `stride`-th frame, reduced, in order. Raises VideoDecodeError (see module doc).
    `stats["decoded"]` is set to the number of frames the file really had."""
    size = analysis_size(info.width, info.height)
    half = (size[0] // 2, size[1] // 2)
    budget = FrameBudget(info, limits, deadline=deadline, max_frames=max_frames)
    capture = open_capture(path)
    if not capture.isOpened():
        raise VideoDecodeError("The video could not be opened for decoding.", details={"reason": "unopenable"})
    index = -1
    try:
        while True:
            try:
                if not capture.grab():
                    break
                index += 1
                budget.tick()
                if index % stride:
                    continue
                ok, frame = capture.retrieve()
            except cv2.error as exc:  # a decoder error surfaced as an exception
                raise VideoDecodeError(f"Decoding failed at frame {index + 1}.",
                                       details={"reason": "decode_error", "frame": index}) from exc
            if not ok or frame is None or frame.ndim != 3 or frame.size == 0:
                raise VideoDecodeError(f"Frame {index} could not be decoded.",
                                       details={"reason": "decode_error", "frame": index})
            colour = cv2.resize(frame, size, interpolation=cv2.INTER_AREA)
            grey = cv2.cvtColor(colour, cv2.COLOR_BGR2GRAY)
            small = cv2.resize(colour, half, interpolation=cv2.INTER_AREA)
            yield AnalysisFrame(index=index, time=index / info.fps, grey=grey, colour=small)
    finally:
        capture.release()
    decoded = index + 1
    if stats is not None:
        stats["decoded"] = decoded
    if decoded == 0:
        raise VideoDecodeError("No frame could be decoded.", details={"reason": "no_frames"})
    if strict and info.frame_count > 0 and decoded < TRUNCATION_RATIO * info.frame_count - 2:
        raise VideoDecodeError(
            f"The video ends after {decoded} of its {info.frame_count} declared frames (truncated or corrupt).",
            details={"reason": "truncated", "frames_decoded": decoded, "frames_declared": info.frame_count})


def seek_frames(path: str, indices: Iterable[int], *, check: Callable[[int, np.ndarray], bool],
                deadline: float | None = None) -> dict[int, np.ndarray] | None:
    """Full-resolution BGR frames at the given indices by seeking, each confirmed by `check`
    (which compares it with what the first pass saw there). None when any seek misses: seeking
    is exact on well-formed MP4s but not on every file, and `read_frames` then decodes forward."""
    out: dict[int, np.ndarray] = {}
    capture = open_capture(path)
    try:
        for index in sorted(set(int(i) for i in indices if i >= 0)):
            if deadline is not None and time.monotonic() > deadline:
                raise VideoDecodeError("The analysis ran past its deadline.", details={"reason": "deadline_exceeded"})
            try:
                if not capture.set(cv2.CAP_PROP_POS_FRAMES, index):
                    return None
                ok, frame = capture.read()
            except cv2.error:
                return None
            if not ok or frame is None or not check(index, frame):
                return None
            out[index] = frame
    finally:
        capture.release()
    return out


def read_frames(path: str, indices: Iterable[int], info: VideoInfo, *, limits: MediaLimits,
                deadline: float | None = None) -> dict[int, np.ndarray]:
    """Full-resolution BGR frames at the given indices, by decoding forward (no seeking).
    Frames past the end are simply missing from the answer."""
    wanted = sorted(set(int(i) for i in indices if i >= 0))
    out: dict[int, np.ndarray] = {}
    if not wanted:
        return out
    budget = FrameBudget(info, limits, deadline=deadline)
    capture = open_capture(path)
    try:
        index, cursor = -1, 0
        while cursor < len(wanted):
            try:
                if not capture.grab():
                    break
                index += 1
                budget.tick()
                if index == wanted[cursor]:
                    ok, frame = capture.retrieve()
                    if ok and frame is not None:
                        out[index] = frame
                    cursor += 1
            except cv2.error as exc:
                raise VideoDecodeError(f"Decoding failed at frame {index + 1}.",
                                       details={"reason": "decode_error", "frame": index}) from exc
    finally:
        capture.release()
    return out


def sample_frames(path: str, info: VideoInfo, *, count: int, limits: MediaLimits,
                  deadline: float | None = None) -> list[np.ndarray]:
    """Up to ``count`` RGB frames spread evenly over the video (for a video's embedding):
    seeking where the file allows it, decoding forward otherwise."""
    total = max(info.frame_count, 1)
    indices = sorted({int((i + 0.5) * total / count) for i in range(count)}) if total > count else list(range(total))
    found = seek_frames(path, indices, check=lambda index, frame: frame.size > 0, deadline=deadline)
    if found is None:
        found = read_frames(path, indices, info, limits=limits, deadline=deadline)
    if not found:
        raise VideoDecodeError("No frame of the video could be decoded.", details={"reason": "no_frames"})
    return [cv2.cvtColor(found[index], cv2.COLOR_BGR2RGB) for index in sorted(found)]

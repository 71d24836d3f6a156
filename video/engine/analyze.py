"""analyze_video: the whole shot analysis of one file, as plain dataclasses.

One decoding pass gathers the per-frame signals (reduced frames only); boundaries, movement,
tone and keyframe choice work on those; a second, forward-only pass fetches the keyframes at
full resolution for framing and quality. Both passes share the frame budget and the deadline,
so a hostile file costs bounded time. DINOv3 features are the web layer's business: it gets each
keyframe as a PIL image and fills `keyframe_features`.

Raises VideoRejected (before decoding) and VideoDecodeError (while decoding); see media/errors.py.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import cv2
import numpy as np
from PIL import Image

from media.errors import VideoDecodeError
from media.frames import analysis_size, analysis_stride, iter_analysis_frames, read_frames, seek_frames
from media.limits import MediaLimits
from media.video import VideoInfo, probe_video

from .framing import estimate_framing
from .motion import summarise_motion
from .quality import keyframe_quality
from .shots import DEFAULT_MIN_SHOT_S, DEFAULT_THRESHOLD, Boundary, detect_boundaries
from .signals import TINY_SIZE, SignalCollector, Signals
from .tone import estimate_tone

Progress = Callable[[int, int], None]


@dataclass
class ShotAnalysis:
    shot_id: int  # 1-based
    start_frame: int
    end_frame: int  # inclusive
    start_time: float
    end_time: float  # exclusive: the next shot's start_time, so durations add up to the video's
    duration: float
    transition_in: str  # "start" for the first shot, else "cut", "fade" or "dissolve"
    transition_frames: tuple[int, int] | None  # the incoming transition's first and last frame
    movement_type: str
    motion: dict
    camera_angle: str
    framing_basis: dict
    emotional_tone: str
    tone: dict
    technical_quality: float
    quality: dict
    keyframe_frame: int
    keyframe_time: float
    keyframe_features: list[float] | None = None  # filled by the web layer when the model is loaded
    keyframe_image: Image.Image | None = field(default=None, repr=False)  # RGB, full resolution

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("keyframe_image")
        data["transition_frames"] = list(self.transition_frames) if self.transition_frames else None
        return data


@dataclass
class VideoAnalysis:
    info: VideoInfo
    shots: list[ShotAnalysis]
    boundaries: list[Boundary]
    frames_decoded: int
    analysis_stride: int
    threshold: float
    min_shot_s: float
    processing_time: float

    @property
    def total_shots(self) -> int:
        return len(self.shots)

    @property
    def video_duration(self) -> float:
        return round(self.frames_decoded / self.info.fps, 3)

    def to_dict(self) -> dict:
        return {"total_shots": self.total_shots, "video_duration": self.video_duration,
                "shot_analyses": [shot.to_dict() for shot in self.shots], "video": self.info.to_dict(),
                "frames_decoded": self.frames_decoded, "analysis_stride": self.analysis_stride,
                "shot_detection_threshold": self.threshold, "min_shot_s": self.min_shot_s,
                "processing_time": round(self.processing_time, 3)}


def collect_signals(path: str, info: VideoInfo, *, limits: MediaLimits, deadline: float,
                    progress: Progress | None = None, max_frames: int | None = None) -> tuple[Signals, int]:
    """The first pass: per-frame signals, and how many frames the file really has."""
    stride = analysis_stride(info.fps)
    width, height = analysis_size(info.width, info.height)
    collector = SignalCollector(fps=info.fps, stride=stride, width=width, height=height)
    total = max(1, info.frame_count) + 1  # +1: the keyframe pass; the declared count is a guess
    last = 0
    stats: dict = {}
    for frame in iter_analysis_frames(path, info, limits=limits, stride=stride, deadline=deadline,
                                      max_frames=max_frames, stats=stats):
        collector.add(frame)
        if progress is not None and frame.index - last >= 25:
            last = frame.index
            progress(min(frame.index, total - 1), total)
    return collector.signals, int(stats["decoded"])


def _keyframe_position(signals: Signals, lo: int, hi: int) -> int:
    """The sharpest analysed frame in the middle half of [lo, hi] (motion blur avoided)."""
    quarter = (hi - lo) // 4
    a, b = lo + quarter, max(lo + quarter, hi - quarter)
    sharp = np.asarray(signals.sharpness[a:b + 1])
    return a + int(np.argmax(sharp)) if len(sharp) else lo


def _keyframe_images(path: str, wanted: list[int], signals: Signals, info: VideoInfo, *, limits: MediaLimits,
                     deadline: float) -> dict[int, np.ndarray]:
    """Seek to each keyframe (a few frames of decoding each) when the file allows it, checked
    against the thumbnail the first pass kept; otherwise decode forward once more."""
    position = {index: pos for pos, index in enumerate(signals.index)}

    def same_as_first_pass(index: int, frame: np.ndarray) -> bool:
        grey = cv2.cvtColor(cv2.resize(frame, TINY_SIZE, interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2GRAY)
        # Codec noise stays within a grey level or two; a neighbouring frame in motion differs more.
        return float(np.abs(grey.astype(np.float32) - signals.tiny[position[index]]).mean()) < 2.0

    if len(wanted) * 4 < len(signals):
        images = seek_frames(path, wanted, check=same_as_first_pass, deadline=deadline)
        if images is not None:
            return images
    return read_frames(path, wanted, info, limits=limits, deadline=deadline)


def analyze_video(path: str, *, threshold: float = DEFAULT_THRESHOLD, min_shot_s: float = DEFAULT_MIN_SHOT_S,
                  limits: MediaLimits | None = None, keyframes: bool = True, progress: Progress | None = None,
                  deadline_s: float | None = None, info: VideoInfo | None = None,
                  max_frames: int | None = None) -> VideoAnalysis:
    """Analyse one video file. `keyframes=False` leaves `keyframe_image` empty (the keyframes are
    still decoded: framing and quality are measured on them). `deadline_s` is capped by
    `limits.max_processing_s`; `max_frames` lowers the frame budget below the limits."""
    started = time.monotonic()
    limits = limits or MediaLimits()
    path = str(path)
    info = info or probe_video(path, limits)
    budget_s = min(deadline_s if deadline_s is not None else limits.max_processing_s, limits.max_processing_s)
    deadline = started + budget_s
    signals, frames_decoded = collect_signals(path, info, limits=limits, deadline=deadline, progress=progress,
                                              max_frames=max_frames)
    boundaries = detect_boundaries(signals, threshold=threshold, min_shot_s=min_shot_s)
    stride = signals.stride
    n = len(signals)

    starts = [0] + [b.frame // stride for b in boundaries]
    ends = [s - 1 for s in starts[1:]] + [n - 1]
    incoming: list[Boundary | None] = [None] + list(boundaries)
    outgoing: list[Boundary | None] = list(boundaries) + [None]
    plans = []
    for k, (lo, hi) in enumerate(zip(starts, ends)):
        # The clean part of the shot: without the frames of its incoming and outgoing transitions.
        clean_lo = max(lo, incoming[k].span_end // stride + 1) if incoming[k] else lo
        clean_hi = min(hi, outgoing[k].span_start // stride - 1) if outgoing[k] else hi
        if clean_hi - clean_lo < 2:
            clean_lo, clean_hi = lo, hi
        plans.append((lo, hi, clean_lo, clean_hi, _keyframe_position(signals, clean_lo, clean_hi)))

    wanted = [signals.index[p[4]] for p in plans]
    images = _keyframe_images(path, wanted, signals, info, limits=limits, deadline=deadline)
    if len(images) < len(set(wanted)):
        raise VideoDecodeError("Keyframes could not be decoded again.", details={"reason": "decode_error"})

    arrays = signals.arrays()
    durations = [(hi - lo + 1) * stride / info.fps for lo, hi, *_ in plans]
    shots = []
    for k, (lo, hi, clean_lo, clean_hi, key_pos) in enumerate(plans):
        start_frame = signals.index[lo]
        end_frame = (signals.index[hi + 1] - 1) if hi + 1 < n else frames_decoded - 1
        motion = summarise_motion(signals.motion[clean_lo + 1:clean_hi + 1], width=signals.width,
                                  height=signals.height, fps=signals.fps)
        neighbours = durations[max(0, k - 1):k + 2]
        sl = slice(clean_lo, clean_hi + 1)
        tone = estimate_tone(luma=float(arrays["luma"][sl].mean()), contrast=float(arrays["contrast"][sl].mean()),
                             saturation=float(arrays["saturation"][sl].mean()),
                             warmth=float(arrays["warmth"][sl].mean()), motion_energy=motion.energy,
                             cuts_per_minute=60.0 / (sum(neighbours) / len(neighbours)))
        key_frame = signals.index[key_pos]
        image = images[key_frame]
        framing = estimate_framing(image)
        quality = keyframe_quality(image)
        inc = incoming[k]
        shots.append(ShotAnalysis(
            shot_id=k + 1, start_frame=start_frame, end_frame=end_frame,
            start_time=round(start_frame / info.fps, 3), end_time=round((end_frame + 1) / info.fps, 3),
            duration=round((end_frame + 1 - start_frame) / info.fps, 3),
            transition_in=inc.kind if inc else "start",
            transition_frames=(inc.span_start, inc.span_end) if inc else None,
            movement_type=motion.movement_type, motion=motion.to_dict(),
            camera_angle=framing.camera_angle, framing_basis=framing.basis,
            emotional_tone=tone.emotional_tone, tone=tone.to_dict(),
            technical_quality=quality["score"], quality=quality,
            keyframe_frame=key_frame, keyframe_time=round(key_frame / info.fps, 3),
            keyframe_image=Image.fromarray(np.ascontiguousarray(image[:, :, ::-1])) if keyframes else None))
    if progress is not None:
        total = max(1, info.frame_count) + 1
        progress(total, total)
    return VideoAnalysis(info=info, shots=shots, boundaries=boundaries, frames_decoded=frames_decoded,
                         analysis_stride=stride, threshold=threshold, min_shot_s=min_shot_s,
                         processing_time=time.monotonic() - started)

"""Per-frame measurements gathered in one decoding pass; everything later works on these arrays.

For each analysed frame: brightness, contrast, saturation, warmth, sharpness, a colour histogram
and a 48x27 thumbnail (for dissolve tests). For each consecutive pair: the camera motion and two
differences, in colour (histogram distance) and in structure (after undoing the camera motion,
so a fast pan is not mistaken for a cut). Memory is about 1.5 kB per frame: an hour at 30 fps is
about 160 MB, so long videos stay bounded by the frame limits.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from media.frames import AnalysisFrame
from .motion import NO_MOTION, PairMotion, pair_motion, track_corners

TINY_SIZE = (48, 27)
HS_BINS = (16, 4)
V_BINS = 16
# Frames flatter than this (grey standard deviation, 0-255) carry no picture: fade holds, slugs.
FLAT_STD = 6.0


def standardise(grey: np.ndarray) -> np.ndarray:
    """Zero mean, unit mean-absolute-deviation; the +2 keeps noise on flat frames from exploding."""
    g = grey.astype(np.float32)
    g -= g.mean()
    return g / (np.abs(g).mean() + 2.0)


def structure_distance(a: np.ndarray, b: np.ndarray) -> float:
    """0 for the same picture, ~0.7 for unrelated ones, independent of brightness and contrast."""
    return float(min(1.0, np.abs(a - b).mean() / 2))


def colour_histogram(colour: np.ndarray) -> np.ndarray:
    hsv = cv2.cvtColor(colour, cv2.COLOR_BGR2HSV)
    hs = cv2.calcHist([hsv], [0, 1], None, list(HS_BINS), [0, 180, 0, 256]).ravel()
    v = cv2.calcHist([hsv], [2], None, [V_BINS], [0, 256]).ravel()
    return np.concatenate([hs / max(hs.sum(), 1), v / max(v.sum(), 1)]).astype(np.float32)


def histogram_distance(a: np.ndarray, b: np.ndarray) -> np.ndarray | float:
    """0..1: half the L1 distance of the hue-saturation histograms, averaged with the earth
    mover's distance of the brightness histograms (doubled, capped at 1). The latter moves
    smoothly with brightness, so a fade does not jump from bin to bin. Works on stacked rows."""
    n = HS_BINS[0] * HS_BINS[1]
    hs = 0.5 * np.abs(a[..., :n] - b[..., :n]).sum(-1)
    emd = np.abs(np.cumsum(a[..., n:] - b[..., n:], axis=-1)).sum(-1) / (V_BINS - 1)
    result = 0.5 * hs + 0.5 * np.minimum(1.0, 2 * emd)
    return float(result) if np.ndim(result) == 0 else result


@dataclass
class Signals:
    fps: float  # of the analysed frames (the file's fps divided by the stride)
    stride: int
    width: int  # analysis frame size
    height: int
    index: list[int] = field(default_factory=list)  # frame index in the file
    luma: list[float] = field(default_factory=list)  # 0..1
    contrast: list[float] = field(default_factory=list)  # grey std, 0..1
    saturation: list[float] = field(default_factory=list)  # 0..1
    warmth: list[float] = field(default_factory=list)  # (R - B) / 255, -1..1
    sharpness: list[float] = field(default_factory=list)  # variance of the Laplacian
    hist: list[np.ndarray] = field(default_factory=list)
    tiny: list[np.ndarray] = field(default_factory=list)
    # Pair measures: entry i compares frame i-1 with frame i (entry 0 is a placeholder).
    hist_diff: list[float] = field(default_factory=list)
    struct_diff: list[float] = field(default_factory=list)
    motion: list[PairMotion] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.index)

    def arrays(self) -> dict[str, np.ndarray]:
        return {name: np.asarray(getattr(self, name), dtype=np.float32)
                for name in ("luma", "contrast", "saturation", "warmth", "sharpness", "hist_diff", "struct_diff")}


class SignalCollector:
    """Feed analysis frames in order; read `signals` at the end."""

    def __init__(self, *, fps: float, stride: int, width: int, height: int):
        self.signals = Signals(fps=fps / stride, stride=stride, width=width, height=height)
        self._prev: AnalysisFrame | None = None
        self._prev_corners: np.ndarray | None = None
        self._prev_std: np.ndarray | None = None
        margin_x, margin_y = width // 20, height // 20  # compare the centre: warps leave borders
        self._crop = (slice(margin_y // 2 or None, -(margin_y // 2) or None),
                      slice(margin_x // 2 or None, -(margin_x // 2) or None))

    def add(self, frame: AnalysisFrame) -> None:
        s = self.signals
        grey, colour = frame.grey, frame.colour
        small_grey = cv2.cvtColor(colour, cv2.COLOR_BGR2GRAY)
        mean, std = cv2.meanStdDev(small_grey)
        s.index.append(frame.index)
        s.luma.append(float(mean[0, 0]) / 255)
        s.contrast.append(float(std[0, 0]) / 255)
        hsv_s = cv2.cvtColor(colour, cv2.COLOR_BGR2HSV)[:, :, 1]
        s.saturation.append(float(hsv_s.mean()) / 255)
        b, _, r = cv2.mean(colour)[:3]
        s.warmth.append((r - b) / 255)
        s.sharpness.append(float(cv2.Laplacian(small_grey, cv2.CV_32F).var()))
        s.hist.append(colour_histogram(colour))
        s.tiny.append(cv2.resize(small_grey, TINY_SIZE, interpolation=cv2.INTER_AREA))
        current_std = standardise(small_grey)
        corners = track_corners(grey) if float(std[0, 0]) >= FLAT_STD else None
        if self._prev is None:
            s.hist_diff.append(0.0)
            s.struct_diff.append(0.0)
            s.motion.append(NO_MOTION)
        else:
            motion, matrix = pair_motion(self._prev.grey, grey, self._prev_corners)
            s.motion.append(motion)
            s.hist_diff.append(histogram_distance(s.hist[-2], s.hist[-1]))
            previous = self._prev_std
            if matrix is not None:
                half = matrix.copy()
                half[:, 2] /= 2  # the matrix was fitted on frames twice this size
                previous = cv2.warpAffine(previous, half, (previous.shape[1], previous.shape[0]),
                                          flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
            diff = structure_distance(previous[self._crop], current_std[self._crop])
            if matrix is not None:
                # A poor motion estimate must never make an unchanged picture look changed.
                diff = min(diff, structure_distance(self._prev_std[self._crop], current_std[self._crop]))
            s.struct_diff.append(diff)
        self._prev, self._prev_corners, self._prev_std = frame, corners, current_std

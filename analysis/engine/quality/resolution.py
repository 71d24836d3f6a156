"""Effective resolution: how many pixels the image's detail actually supports.

A render delivered below its nominal size and enlarged (nearest, bilinear,
bicubic, Lanczos) keeps its pixel count but loses everything above the small
original's Nyquist frequency. Two signs of that are measured per axis on
native pixels (the loader's tiles, never resampled):

* **Spectral cut-off** (smooth interpolations). The power spectrum of a
  natural image, or of flat art's step edges, falls as a straight line in
  log-log coordinates (about f^-2 for a 1-D cut; van der Schaaf & van Hateren,
  "Modelling the power spectra of natural images", Vision Research 36, 1996)
  down to the Nyquist frequency. An image enlarged k times has almost nothing
  above 0.5 / k cycles per pixel: its spectrum drops off a cliff there. The
  line is fitted on the low band (3/256 to 8/256 cycles per pixel, which even
  a 6x enlargement keeps) and the cut-off is the first frequency above it
  where the measured spectrum lies CUTOFF_DB below the line (5-bin average).
  Effective size = nominal size x 2 x cut-off. Flat-shaded art is *not*
  penalised: its flat areas add no power anywhere, and its sharp edges keep
  power up to Nyquist on the same line, so nothing falls off; only edges
  blurred into ramps do, which is what interpolation makes.
* **Pixel repeats** (nearest neighbour). Nearest-neighbour enlargement keeps
  sharp steps (and aliases, so the spectrum does not drop) but repeats every
  column and row: steps between neighbouring columns are zero except at a
  regular period k, the enlargement factor. Columns whose mean step is under
  REPEAT_STEP of the average are "repeats"; when the gaps between the columns
  that do change are regular (REPEAT_REGULAR of them within one pixel of their
  mean) and at least 2, the image is called pixel-repeated with that mean
  gap as its factor. Flat art with few edges also has many unchanged columns,
  but at irregular gaps, so it is not called upscaled.

The factor per axis is the larger of the two estimates; ``ratio`` is
1 / sqrt(fx * fy), the share of the nominal size the detail supports.
``bench/effective_resolution.py`` validates it (rank correlation with the
enlargement factor, per photo and per interpolation). Known bias: the
spectral estimate reads a smooth k-times enlargement as about 0.85 k,
because interpolators leak some power past the cut-off before the cliff.
"""

from __future__ import annotations

import math

import numpy as np

from .loading import ImageData

__all__ = ["EFFECTIVE_FULL", "effective_resolution"]

SEGMENT = 256  # FFT length along rows/columns (Welch segments): frequency step 1/256
FIT_BAND = (3 / 256, 8 / 256)  # cycles/px: below 0.5/6, so a 6x enlargement keeps it intact
CUTOFF_DB = 12.0  # a drop of 12 dB (1/16 of the power) below the line is a cliff, not a droop
MIN_SIDE = 128  # shorter spans hold too few low-frequency bins to fit the line
REPEAT_STEP = 0.05  # a column step under 5 % of the mean step is a repeat
REPEAT_REGULAR = 0.9  # share of gaps within one pixel of their mean for a regular repeat
MAX_FACTOR = 8.0
# Measured natives (bench/effective_resolution.py) read factors up to ~1.2 from soft focus
# or mild compression: an estimate supporting >= 80 % of the nominal size counts as full.
EFFECTIVE_FULL = 0.8


def _segments(lum: np.ndarray, length: int) -> np.ndarray:
    """Rows of ``lum`` cut into non-overlapping pieces of ``length``, as (n, length)."""
    h, w = lum.shape
    n = w // length
    return lum[:, : n * length].reshape(h * n, length)


def _spectrum(tiles: list[np.ndarray], length: int) -> np.ndarray | None:
    """Mean power spectrum (Hann-windowed rows) over every row segment of every tile."""
    window = np.hanning(length).astype(np.float32)
    total, count = None, 0
    for lum in tiles:
        if lum.shape[1] < length:
            continue
        seg = _segments(lum, length)
        seg = seg - seg.mean(axis=1, keepdims=True)
        power = (np.abs(np.fft.rfft(seg * window, axis=1)) ** 2).sum(axis=0)
        total = power if total is None else total + power
        count += seg.shape[0]
    return None if total is None else total / count


def _spectral_factor(power: np.ndarray, length: int) -> tuple[float, float | None]:
    """(enlargement factor, cut-off in cycles/px or None) from one axis' mean power spectrum."""
    j = np.arange(power.size)
    f = j / length
    level = 10.0 * np.log10(power + 1e-12)
    lo, hi = (int(round(b * length)) for b in FIT_BAND)
    fit = (j >= lo) & (j <= hi)
    if fit.sum() < 3 or power[fit].max() <= 1e-10:
        return 1.0, None  # nothing but a flat field: no detail to judge
    slope, offset = np.polyfit(np.log2(f[fit]), level[fit], 1)
    deficit = slope * np.log2(np.maximum(f, 1e-6)) + offset - level
    deficit = np.convolve(deficit, np.ones(5) / 5, mode="same")
    beyond = np.nonzero((j > hi) & (j < power.size - 2) & (deficit > CUTOFF_DB))[0]
    if beyond.size == 0:
        return 1.0, None
    cutoff = float(f[beyond[0]])
    return min(MAX_FACTOR, 0.5 / cutoff), cutoff


def _repeat_factor(tiles: list[np.ndarray]) -> float:
    """Nearest-neighbour period along rows (1.0 when columns do not repeat regularly)."""
    gaps = []
    for lum in tiles:
        if lum.shape[1] < 16:
            continue
        step = np.abs(np.diff(lum, axis=1)).mean(axis=0)
        mean = float(step.mean())
        if mean <= 0:
            continue
        changing = np.nonzero(step > REPEAT_STEP * mean)[0]
        if changing.size >= 3:
            gaps.append(np.diff(changing))
    if not gaps:
        return 1.0
    g = np.concatenate(gaps).astype(np.float64)
    mean_gap = float(g.mean())
    if mean_gap < 1.5:
        return 1.0
    regular = float((np.abs(g - mean_gap) <= 1.0).mean())
    return min(MAX_FACTOR, mean_gap) if regular >= REPEAT_REGULAR else 1.0


def _axis(tiles: list[np.ndarray]) -> dict:
    length = SEGMENT if max(t.shape[1] for t in tiles) >= SEGMENT else 1 << int(math.log2(max(t.shape[1] for t in tiles)))
    spectral, cutoff = (1.0, None)
    if length >= MIN_SIDE:
        power = _spectrum(tiles, length)
        if power is not None:
            spectral, cutoff = _spectral_factor(power, length)
    repeat = _repeat_factor(tiles)
    factor = max(spectral, repeat)
    method = "pixel_repeat" if repeat > 1.0 and repeat >= spectral else ("spectral_cutoff" if spectral > 1.0 else None)
    return {"factor": factor, "spectral_factor": round(spectral, 2), "repeat_factor": round(repeat, 2),
            "cutoff_cycles_per_px": None if cutoff is None else round(cutoff, 4), "method": method}


def effective_resolution(data: ImageData) -> dict:
    """Effective width and height (px), the factor each was enlarged by, and ``value`` (the ratio)."""
    lums = [lum for lum, _ in data.tiles if min(lum.shape) >= 16]
    if not lums or min(data.width, data.height) < MIN_SIDE:
        return {"value": 1.0, "ratio": 1.0, "effective_width": data.width, "effective_height": data.height,
                "width": data.width, "height": data.height, "factor_x": 1.0, "factor_y": 1.0, "method": None,
                "measured": False, "upscaled": False}
    across = _axis(lums)  # steps along rows: horizontal detail, the width
    down = _axis([np.ascontiguousarray(lum.T) for lum in lums])
    fx, fy = across["factor"], down["factor"]
    ratio = 1.0 / math.sqrt(fx * fy)
    methods = {m for m in (across["method"], down["method"]) if m}
    method = "pixel_repeat" if "pixel_repeat" in methods else (methods.pop() if methods else None)
    return {
        "value": ratio,
        "ratio": round(ratio, 3),
        "effective_width": int(round(data.width / fx)),
        "effective_height": int(round(data.height / fy)),
        "width": data.width,
        "height": data.height,
        "factor_x": round(fx, 2),
        "factor_y": round(fy, 2),
        "method": method,
        "measured": True,
        "upscaled": ratio < EFFECTIVE_FULL,
        "axes": {"horizontal": across, "vertical": down},
    }

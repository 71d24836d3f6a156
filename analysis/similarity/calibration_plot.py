"""Geometry of the calibration plot: two score histograms and the threshold, for an SVG template.

Pure Python (no Django): given the labelled cosines of a calibration and the thresholds, it
returns rectangles and lines in SVG user units, so the page draws them server-side (no script).
"""
from __future__ import annotations

import math
from collections.abc import Sequence

WIDTH, HEIGHT = 480, 170
LEFT, RIGHT, TOP, BOTTOM = 36, 12, 12, 30  # margins for the axis labels
BINS = 24


def _x(value: float, lo: float, hi: float) -> float:
    return LEFT + (value - lo) / (hi - lo) * (WIDTH - LEFT - RIGHT)


def calibration_plot(scores: Sequence[tuple[float, bool]], *, threshold: float,
                     calibrated_threshold: float | None = None) -> dict:
    """Bars for "same character" and "different" pairs over a shared cosine axis, the current
    threshold (and the calibrated one when it differs), ticks, and how many pairs fall on the
    wrong side of the current threshold."""
    values = [c for c, _ in scores] + [threshold] + ([calibrated_threshold] if calibrated_threshold is not None else [])
    lo, hi = min(values), max(values)
    pad = max(0.02, 0.05 * (hi - lo))
    lo, hi = max(-1.0, lo - pad), min(1.0, hi + pad)
    if hi - lo < 1e-6:
        lo, hi = lo - 0.05, hi + 0.05
    step = (hi - lo) / BINS
    counts = {True: [0] * BINS, False: [0] * BINS}
    for cosine, same in scores:
        counts[bool(same)][min(BINS - 1, int((cosine - lo) / step))] += 1
    tallest = max(1, *counts[True], *counts[False])
    plot_h = HEIGHT - TOP - BOTTOM
    bar_w = (WIDTH - LEFT - RIGHT) / BINS
    bars = []
    for same, offset in ((False, 0.0), (True, 0.5)):
        for i, n in enumerate(counts[same]):
            if n:
                h = n / tallest * plot_h
                bars.append({"kind": "same" if same else "different", "n": n,
                             "x": round(LEFT + i * bar_w + offset * bar_w, 1), "w": round(bar_w / 2, 1),
                             "y": round(TOP + plot_h - h, 1), "h": round(h, 1),
                             "range": f"{lo + i * step:.3f}–{lo + (i + 1) * step:.3f}"})
    tick_step = 10 ** math.floor(math.log10((hi - lo) / 2)) if hi > lo else 0.1
    first = math.ceil(lo / tick_step) * tick_step
    ticks = []
    v = first
    while v <= hi + 1e-9 and len(ticks) < 12:
        ticks.append({"x": round(_x(v, lo, hi), 1), "label": f"{v:.2f}"})
        v += tick_step
    wrong_same = sum(1 for c, s in scores if s and c < threshold)
    wrong_diff = sum(1 for c, s in scores if not s and c >= threshold)
    def line(kind: str, value: float) -> dict:
        x = _x(value, lo, hi)
        # Labels near either end are anchored inwards so they stay inside the plot.
        anchor = "end" if x > 0.8 * WIDTH else ("start" if x < 0.2 * WIDTH else "middle")
        return {"kind": kind, "x": round(x, 1), "value": value, "anchor": anchor}

    lines = [line("current", threshold)]
    if calibrated_threshold is not None and abs(calibrated_threshold - threshold) > 1e-6:
        lines.append(line("calibrated", calibrated_threshold))
    return {"width": WIDTH, "height": HEIGHT, "axis_y": HEIGHT - BOTTOM, "top": TOP, "left": LEFT,
            "right": WIDTH - RIGHT, "bars": bars, "ticks": ticks, "lines": lines, "tallest": tallest,
            "missed_same": wrong_same, "accepted_different": wrong_diff}

"""Shot boundaries: hard cuts, fades through black (or any flat colour) and cross-dissolves.

All three work on the per-frame signals (`signals.py`) and one change score,
`0.8 x structure distance + 0.2 x colour-histogram distance`, which is 0 for the same picture
and about 0.6-0.9 across a cut between unrelated shots.

`threshold` (the API's shot_detection_threshold, default 0.3) is the least change score a
boundary must show: between the frames either side of a cut, or between the frames either side
of a dissolve. Lower finds more (and subtler) boundaries, higher fewer. A cut must also stand
out from its neighbourhood (CUT_RATIO times the local median), so steady fast motion does not
cut. A sudden jump of the whole picture (a punch-in on the same set-up, which undoing the camera
motion would hide) is scored as a cut too, 0.3 for a 10 % jump. A dissolve must also fit a
linear mix of its end frames, and must not be explained by the camera: with the camera motion
measured between its end frames undone they must still differ (a slow pan, tilt or zoom over
10-30 s drifts as far as a dissolve changes), and no two consecutive frames in it may fly by as
a whip pan does. A change after which the picture from just before comes back within FLASH_S
(a photo flash, a lightning strike) is no cut and no fade. Fades are found from flat frames and
do not depend on the threshold. Transitions never overlap.

The boundary frame is the first frame of the new shot: for a dissolve the first frame that is at
least half the new shot, for a fade the middle of the flattest frames.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import cv2
import numpy as np

from .motion import NO_MOTION, PairMotion
from .signals import FLAT_STD, TINY_SIZE, Signals, histogram_distance, standardise, structure_distance

DEFAULT_THRESHOLD = 0.3
DEFAULT_MIN_SHOT_S = 0.5  # PySceneDetect's default is 15 frames, i.e. 0.5 s at 30 fps
CUT_RATIO = 3.0  # a cut's score must be 3x its neighbourhood's median (as PySceneDetect's adaptive)
STRUCT_WEIGHT, HIST_WEIGHT = 0.8, 0.2
# A sudden move of 10 % of the frame (or a 10 % scale step) in one frame scores 0.3, the default
# threshold; real camera moves of that speed (3 frames per second at 30 fps) are rare and steady,
# so the neighbourhood test rejects them.
JUMP_SCALE = 3.0
DISSOLVE_HALF_S = (0.2, 0.35, 0.5, 0.75, 1.0)  # half-lengths tried: dissolves of 0.4 s to 2 s
# A dissolve's middle frames may depart from a linear mix of its end frames by this share of
# the end frames' difference (codec noise and camera motion under the dissolve).
BLEND_MAX_ERROR = 0.5
# Within a shot the picture can change a lot and still be the same shot. A slow pan, tilt or zoom
# over 10-30 s drifts far from where it was a second ago, and two frames a dissolve window apart
# can look like a mix of one another; undoing the camera motion measured between them brings
# them back together, which a real dissolve never does. A dissolve is dropped when, with the
# camera's move undone, the end frames differ by less than CAMERA_EXPLAINS of their raw
# difference and less than the threshold.
CAMERA_EXPLAINS = 0.4
MIN_OVERLAP = 0.25  # share of the frame both must still show for the comparison to say anything
MIN_TRACKED_SHARE = 0.6  # share of frame pairs in the window with a motion estimate to trust it
# A photo flash (or a lightning strike, a muzzle flash) whitens a few frames and the same picture
# comes back: a change whose frame before it is matched again within FLASH_S is no boundary.
FLASH_S = 0.35
SAME_PICTURE = 0.5  # x threshold: a structure distance under this is the same picture back
# A camera crossing 4 % of the frame per frame (a frame width in under a second at 25 fps) is
# whipping; the slow moves above go 100 times slower and handheld shake stays under 1 %.
WHIP_RATE = 0.04
MAX_FADE_S = 3.0
FADE_RAMP_EPS = 0.002  # contrast must keep rising by this much per frame to belong to a fade ramp


@dataclass
class Boundary:
    frame: int  # the first frame of the new shot (file index)
    kind: str  # "cut", "fade" or "dissolve"
    score: float  # the change score that found it (fades: 1.0)
    span_start: int  # the transition's first and last frames (file index); equal to frame for a cut
    span_end: int

    def to_dict(self) -> dict:
        return asdict(self)


def change_scores(signals: Signals) -> np.ndarray:
    a = signals.arrays()
    return STRUCT_WEIGHT * a["struct_diff"] + HIST_WEIGHT * a["hist_diff"]


def _rolling_median_excluding(values: np.ndarray, half: int) -> np.ndarray:
    n = len(values)
    out = np.zeros(n, dtype=np.float32)
    for i in range(n):
        lo, hi = max(1, i - half), min(n, i + half + 1)
        window = np.concatenate([values[lo:i], values[i + 1:hi]])
        out[i] = float(np.median(window)) if len(window) else 0.0
    return out


def jump_scores(signals: Signals) -> np.ndarray:
    """How far the whole picture jumps between two frames (shift in frame sizes plus log-scale),
    times JUMP_SCALE: a punch-in on the same set-up looks like one sudden camera move, which
    the structure distance (measured after undoing the camera motion) cannot see."""
    out = np.zeros(len(signals), dtype=np.float32)
    for i, m in enumerate(signals.motion):
        if m.valid:
            out[i] = abs(m.dx) / signals.width + abs(m.dy) / signals.height + abs(m.log_scale)
    return np.minimum(1.0, JUMP_SCALE * out)


def _pair_matrix(m, width: int, height: int) -> np.ndarray:
    """3x3 similarity transform of one frame pair (analysis-frame pixels), from its PairMotion."""
    a = np.exp(m.log_scale) * np.array([[np.cos(m.rotation), -np.sin(m.rotation)],
                                        [np.sin(m.rotation), np.cos(m.rotation)]])
    centre = np.array([width / 2, height / 2])
    out = np.eye(3)
    out[:2, :2] = a
    out[:2, 2] = centre + np.array([m.dx, m.dy]) - a @ centre
    return out


def camera_compensated_distance(signals: Signals, a: int, b: int, *, min_share: float = MIN_TRACKED_SHARE,
                                untrusted: range = range(0)) -> float | None:
    """Structure distance between frames a and b once the camera motion measured between them is
    undone (frame a warped onto b), over the middle of the frame; None when fewer than `min_share`
    of the frame pairs in between have a motion estimate. Pairs without one (a flash, a blur),
    and the `untrusted` pairs (those across the change being judged), are taken to move as the
    others do on average: cameras keep their speed."""
    motions = [NO_MOTION if k in untrusted else signals.motion[k] for k in range(a + 1, b + 1)]
    valid = [m for m in motions if m.valid]
    if not motions or len(valid) < max(1, min_share * len(motions)):
        return None
    fill = PairMotion(*(float(np.mean([getattr(m, f) for m in valid])) for f in ("dx", "dy", "log_scale", "rotation")),
                      1.0, 0.0, True)
    total = np.eye(3)
    for m in motions:
        total = _pair_matrix(m if m.valid else fill, signals.width, signals.height) @ total
    tw, th = TINY_SIZE
    scale = np.diag([tw / signals.width, th / signals.height, 1.0])
    tiny = scale @ total @ np.linalg.inv(scale)
    warped = cv2.warpAffine(signals.tiny[a].astype(np.float32), tiny[:2], (tw, th), flags=cv2.INTER_LINEAR,
                            borderMode=cv2.BORDER_CONSTANT, borderValue=-1.0)
    # Compare only where frame a still covers frame b (and off the outermost pixels, which the
    # interpolation mixes with the border): a long move leaves part of b new ground.
    inside = cv2.erode((warped >= 0).astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    if inside.mean() < MIN_OVERLAP:
        return None
    return structure_distance(standardise(warped[inside]), standardise(signals.tiny[b][inside]))


def _picture_returns(signals: Signals, z: np.ndarray, before: range, after: range, threshold: float) -> bool:
    """True when a frame of `before` is seen again at one of `after`, as it was or moved by the
    camera: a flash (or a whip pan's smear) between them, not a boundary."""
    if not before or not after:
        return False
    for j in before:
        for k in after:
            if not 0 <= j < k < len(z):
                continue
            if structure_distance(z[j], z[k]) < SAME_PICTURE * threshold:
                return True
            moved = camera_compensated_distance(signals, j, k, min_share=0.3, untrusted=range(before[-1] + 1, after[0] + 1))
            if moved is not None and moved < SAME_PICTURE * threshold:
                return True
    return False


def _fast_camera(signals: Signals, lo: int, hi: int) -> bool:
    """True when two consecutive frame pairs in [lo, hi] move the picture faster than WHIP_RATE
    (frame sizes per frame): a whip pan or crash zoom, which smears and then settles on new
    ground inside the same shot; a dissolve's frames do not fly across the screen."""
    fast = [m.valid and abs(m.dx) / signals.width + abs(m.dy) / signals.height + abs(m.log_scale) > WHIP_RATE
            for m in signals.motion[max(1, lo):hi + 1]]
    return any(a and b for a, b in zip(fast, fast[1:]))


def _cuts(score: np.ndarray, jumps: np.ndarray, threshold: float, fps: float) -> list[tuple[int, float]]:
    half = max(2, int(round(0.2 * fps)))
    found = {}
    for values in (score, jumps):
        baseline = _rolling_median_excluding(values, half)
        for i in range(1, len(values)):
            if values[i] >= threshold and values[i] >= CUT_RATIO * baseline[i]:
                found[i] = max(found.get(i, 0.0), float(values[i]))
    return sorted(found.items())


def _flat_runs(contrast: np.ndarray) -> list[tuple[int, int]]:
    flat = contrast < FLAT_STD / 255
    runs, start = [], None
    for i, f in enumerate(flat):
        if f and start is None:
            start = i
        elif not f and start is not None:
            runs.append((start, i - 1))
            start = None
    if start is not None:
        runs.append((start, len(flat) - 1))
    return runs


def _fades(contrast: np.ndarray, fps: float) -> list[tuple[int, int, int]]:
    """(boundary, span_start, span_end) in analysis positions for each fade through a flat frame."""
    n = len(contrast)
    max_ramp = int(MAX_FADE_S * fps)
    fades = []
    for a, b in _flat_runs(contrast):
        if a == 0 or b == n - 1:
            continue  # leader or tail black: part of the first or last shot, not a boundary
        left = a
        while left - 1 >= 0 and a - left < max_ramp and contrast[left - 1] > contrast[left] + FADE_RAMP_EPS:
            left -= 1
        right = b
        while right + 1 < n and right - b < max_ramp and contrast[right + 1] > contrast[right] + FADE_RAMP_EPS:
            right += 1
        if a - left < 2 and right - b < 2:
            continue  # hard edges: a black slug between cuts, which the cut detector handles
        core = [i for i in range(a, b + 1) if contrast[i] <= contrast[a:b + 1].min() + 0.004]
        fades.append((core[len(core) // 2], left, right))
    return fades


def _dissolves(signals: Signals, threshold: float, blocked: np.ndarray) -> list[tuple[int, int, int, float]]:
    """(boundary, span_start, span_end, score) in analysis positions; `blocked` marks positions
    inside cuts or fades, which no dissolve window may cross."""
    n = len(signals)
    if n < 5:
        return []
    tiny = np.stack(signals.tiny).reshape(n, -1).astype(np.float32)
    z = np.stack([standardise(t) for t in signals.tiny]).reshape(n, -1)
    hist = np.stack(signals.hist)
    blocked_cum = np.concatenate([[0], np.cumsum(blocked)])
    found = []
    for half_s in DISSOLVE_HALF_S:
        h = max(2, int(round(half_s * signals.fps)))
        if 2 * h >= n:
            break
        struct = np.minimum(1.0, np.abs(z[2 * h:] - z[:-2 * h]).mean(1) / 2)
        hd = histogram_distance(hist[2 * h:], hist[:-2 * h])
        d = np.zeros(n, dtype=np.float32)
        d[h:n - h] = STRUCT_WEIGHT * struct + HIST_WEIGHT * hd
        for i in range(h, n - h):
            if d[i] < threshold or d[i] < d[max(0, i - h):i + h + 1].max():
                continue
            if blocked_cum[i + h + 1] - blocked_cum[i - h] > 0:
                continue
            a, b = tiny[i - h], tiny[i + h]
            delta = b - a
            norm = float(delta @ delta)
            if norm <= 0:
                continue
            window = tiny[i - h:i + h + 1]
            alpha = (window - a) @ delta / norm
            resid = np.abs(window - a - alpha[:, None] * delta).mean(1)
            error = float(resid[1:-1].mean() / (np.abs(delta).mean() + 1e-6))
            steps = np.arange(len(alpha))
            if error > BLEND_MAX_ERROR or np.corrcoef(steps, alpha)[0, 1] < 0.9:
                continue
            if _fast_camera(signals, i - h, i + h):
                continue  # a whip pan: the camera flew to new ground within the shot
            moved = camera_compensated_distance(signals, i - h, i + h)
            if moved is not None and moved < min(threshold, CAMERA_EXPLAINS * float(struct[i - h])):
                continue  # the camera moved (a slow pan, tilt or zoom): the same shot
            ramp = np.nonzero((alpha > 0.1) & (alpha < 0.9))[0]
            if len(ramp) < 2:
                continue  # the change happens within one frame: a cut, not a dissolve
            # Fit a linear mix (start, length) to the mixing profile, then fit again against the
            # frames just outside that mix: end frames far from the mix drift with the camera.
            start, length = _fit_ramp(alpha)
            a0, b0 = i - h + start - 1, i - h + start + length
            if 0 <= a0 < b0 < n and b0 - a0 >= 3:
                delta2 = tiny[b0] - tiny[a0]
                norm2 = float(delta2 @ delta2)
                if norm2 > 0:
                    alpha2 = (tiny[a0:b0 + 1] - tiny[a0]) @ delta2 / norm2
                    start2, length2 = _fit_ramp(alpha2)
                    start, length = a0 - (i - h) + start2, length2
            s0 = i - h + start
            boundary = s0 + int(np.ceil((length + 1) / 2)) - 1
            found.append((boundary, s0, s0 + length - 1, float(d[i]) * (1 - error)))
    return found


def _fit_ramp(alpha: np.ndarray) -> tuple[int, int]:
    """(start, length) of the linear mix clip((u - start + 1) / (length + 1), 0, 1) nearest to
    `alpha` in least squares: the model of a dissolve whose k-th frame is (k + 1)/(length + 1)."""
    m = len(alpha)
    u = np.arange(m, dtype=np.float32)
    starts = np.arange(1, m, dtype=np.float32)[:, None, None]
    lengths = np.arange(2, m + 1, dtype=np.float32)[None, :, None]
    model = np.clip((u - starts + 1) / (lengths + 1), 0.0, 1.0)
    sse = ((model - alpha.astype(np.float32)) ** 2).sum(-1)
    sse[(starts[:, :, 0] + lengths[:, :, 0]) > m] = np.inf  # the mix must end inside the window
    si, li = np.unravel_index(int(np.argmin(sse)), sse.shape)
    return int(starts[si, 0, 0]), int(lengths[0, li, 0])


def detect_boundaries(signals: Signals, *, threshold: float = DEFAULT_THRESHOLD,
                      min_shot_s: float = DEFAULT_MIN_SHOT_S) -> list[Boundary]:
    """Every boundary, in order, at least `min_shot_s` apart (and from the ends of the video)."""
    n = len(signals)
    if n < 2:
        return []
    fps = signals.fps
    min_len = max(1, int(round(min_shot_s * fps)))
    score = change_scores(signals)
    contrast = signals.arrays()["contrast"]
    z = np.stack([standardise(t) for t in signals.tiny]).reshape(n, -1)
    flash = max(1, int(round(FLASH_S * fps)))
    fades = [(pos, s0, s1) for pos, s0, s1 in _fades(contrast, fps)
             if not _picture_returns(signals, z, range(s0 - flash, s0), range(s1 + 1, s1 + 1 + flash), threshold)]
    cuts = [(pos, value) for pos, value in _cuts(score, jump_scores(signals), threshold, fps)
            if not _picture_returns(signals, z, range(pos - flash, pos), range(pos + 1, pos + 1 + flash), threshold)]

    candidates: list[tuple[int, int, str, float, int, int]] = []  # (priority, pos, kind, score, s0, s1)
    blocked = np.zeros(n, dtype=np.int32)
    for pos, s0, s1 in fades:
        candidates.append((0, pos, "fade", 1.0, s0, s1))
        blocked[s0:s1 + 1] = 1
    for pos, value in cuts:
        if not blocked[max(0, pos - 1):pos + 2].any():
            candidates.append((1, pos, "cut", value, pos, pos))
    cut_blocked = blocked.copy()
    for pos, _ in cuts:
        cut_blocked[pos] = 1
    for pos, s0, s1, value in _dissolves(signals, threshold, cut_blocked):
        candidates.append((2, pos, "dissolve", value, s0, s1))

    # Strongest first: fades, then cuts, then dissolves (each by score); keep those that leave
    # every shot at least min_len long.
    candidates.sort(key=lambda c: (c[0], -c[3]))
    kept: list[tuple[int, int, str, float, int, int]] = []
    for cand in candidates:
        pos = cand[1]
        if pos < min_len or n - pos < min_len:
            continue
        if any(abs(pos - k[1]) < min_len for k in kept):
            continue
        if cand[2] == "dissolve" and any(k[4] <= cand[5] and cand[4] <= k[5] for k in kept):  # transitions never overlap
            continue
        kept.append(cand)
    kept.sort(key=lambda c: c[1])
    index = signals.index
    return [Boundary(frame=index[pos], kind=kind, score=round(value, 4), span_start=index[s0], span_end=index[s1])
            for _, pos, kind, value, s0, s1 in kept]

"""Global camera motion from sparse optical flow, and each shot's movement label.

Between consecutive analysis frames, corners (Shi-Tomasi) are tracked with pyramidal
Lucas-Kanade and a similarity transform (shift, scale, rotation) is fitted with RANSAC; its
shift is taken at the frame centre so a zoom does not read as a pan. Per shot the robust
(median) rates become a camera description in an editor's terms: `pan` > 0 is the camera turning
right (the picture slides left), `tilt` > 0 is the camera tilting up (the picture slides down),
`zoom` > 0 is zooming in. Shifts are in frame widths/heights per second, zoom in log-scale per
second, so the numbers do not depend on resolution or frame rate.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import cv2
import numpy as np

MAX_CORNERS = 120
MIN_TRACKED = 10  # fewer tracked corners than this and the frame pair has no motion estimate
# Thresholds below come from the generated test footage and from what reads as movement: a pan
# crossing the frame in under ~50 s (0.02 frame/s) is a pan; handheld shake is frame-to-frame
# velocity scatter above 0.08 frame/s that dominates the mean motion.
STATIC_MAX_RATE = 0.02
SHAKE_MIN = 0.08
DOMINANCE = 1.8  # the leading component must be this many times the next one, or it is "complex"
ROTATION_COMPLEX_DEG_S = 4.0

MOVEMENT_TYPES = ("static", "pan_left", "pan_right", "tilt_up", "tilt_down", "zoom_in", "zoom_out",
                  "handheld", "complex")


@dataclass
class PairMotion:
    dx: float  # picture shift at the frame centre, pixels of the analysis frame
    dy: float
    log_scale: float
    rotation: float  # radians
    inlier_ratio: float
    residual: float  # median reprojection error of the inliers, pixels
    valid: bool


NO_MOTION = PairMotion(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, False)


def track_corners(grey: np.ndarray) -> np.ndarray | None:
    """Corners to track from this frame (float32 N x 1 x 2), or None on a flat frame."""
    return cv2.goodFeaturesToTrack(grey, maxCorners=MAX_CORNERS, qualityLevel=0.01, minDistance=7, blockSize=7)


def pair_motion(prev: np.ndarray, cur: np.ndarray, corners: np.ndarray | None) -> tuple[PairMotion, np.ndarray | None]:
    """The similarity transform mapping `prev` onto `cur`; also returns its 2x3 matrix (or None)."""
    if corners is None or len(corners) < MIN_TRACKED:
        return NO_MOTION, None
    moved, status, _ = cv2.calcOpticalFlowPyrLK(prev, cur, corners, None, winSize=(15, 15), maxLevel=3,
                                                criteria=(cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 20, 0.03))
    if moved is None:
        return NO_MOTION, None
    ok = status.ravel() == 1
    p0, p1 = corners[ok].reshape(-1, 2), moved[ok].reshape(-1, 2)
    if len(p0) < MIN_TRACKED:
        return NO_MOTION, None
    matrix, inliers = cv2.estimateAffinePartial2D(p0, p1, method=cv2.RANSAC, ransacReprojThreshold=1.0,
                                                  maxIters=200, confidence=0.98, refineIters=5)
    if matrix is None or inliers is None:
        return NO_MOTION, None
    inl = inliers.ravel().astype(bool)
    n_in = int(inl.sum())
    if n_in < MIN_TRACKED:
        return NO_MOTION, None
    a, b = matrix[0, 0], matrix[1, 0]
    scale = math.hypot(a, b)
    h, w = prev.shape[:2]
    centre = np.array([w / 2, h / 2])
    shift = matrix[:, :2] @ centre + matrix[:, 2] - centre
    projected = p0[inl] @ matrix[:, :2].T + matrix[:, 2]
    residual = float(np.median(np.linalg.norm(projected - p1[inl], axis=1)))
    return PairMotion(float(shift[0]), float(shift[1]), math.log(max(scale, 1e-6)), math.atan2(b, a),
                      n_in / len(corners), residual, True), matrix


@dataclass
class ShotMotion:
    """A shot's measured camera motion and its label. Rates are per second (see module doc)."""

    movement_type: str
    pan: float
    tilt: float
    zoom: float
    rotation_deg: float
    shake: float  # scatter of the frame-to-frame velocity, frame sizes per second
    residual_px: float  # how far the picture departs from one rigid camera move (parallax, subjects)
    tracked_ratio: float  # share of frame pairs with a motion estimate
    confidence: float

    def to_dict(self) -> dict:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in asdict(self).items()}

    @property
    def energy(self) -> float:
        """One number for how much the camera moves: the largest rate plus the shake."""
        return max(abs(self.pan), abs(self.tilt), abs(self.zoom) / 2) + self.shake


def summarise_motion(pairs: list[PairMotion], *, width: int, height: int, fps: float) -> ShotMotion:
    """Label a shot from its frame-pair motions (`fps` is the rate of the analysed frames)."""
    valid = [p for p in pairs if p.valid]
    tracked = len(valid) / len(pairs) if pairs else 0.0
    if len(valid) < max(3, 0.3 * len(pairs)):
        # Flat or featureless frames: nothing moves that can be measured.
        return ShotMotion("static", 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, tracked, 0.3)
    vx = np.array([p.dx for p in valid]) / width * fps
    vy = np.array([p.dy for p in valid]) / height * fps
    vz = np.array([p.log_scale for p in valid]) * fps
    vr = np.degrees(np.array([p.rotation for p in valid])) * fps
    pan, tilt, zoom = -float(np.median(vx)), float(np.median(vy)), float(np.median(vz))
    rotation = float(np.median(vr))
    # Shake: robust scatter (1.4826 x MAD ~ standard deviation) of the velocity around its median.
    shake = float(math.hypot(1.4826 * np.median(np.abs(vx + pan)), 1.4826 * np.median(np.abs(vy - tilt))))
    residual = float(np.median([p.residual for p in valid]))
    # A zoom moves the frame's edges by half its log-rate; compare like with like.
    components = {"pan": abs(pan), "tilt": abs(tilt), "zoom": abs(zoom) / 2}
    ranked = sorted(components.items(), key=lambda kv: kv[1], reverse=True)
    (lead, lead_v), (_, second_v) = ranked[0], ranked[1]
    if shake >= SHAKE_MIN and shake > 0.5 * lead_v:
        label = "handheld"
        confidence = min(1.0, shake / (2 * SHAKE_MIN))
    elif lead_v < STATIC_MAX_RATE and abs(rotation) < ROTATION_COMPLEX_DEG_S:
        label = "static"
        confidence = 1.0 - lead_v / STATIC_MAX_RATE / 2
    elif second_v * DOMINANCE > lead_v or abs(rotation) >= ROTATION_COMPLEX_DEG_S:
        label = "complex"
        confidence = 0.5
    else:
        sign = {"pan": pan, "tilt": tilt, "zoom": zoom}[lead]
        label = {"pan": ("pan_right", "pan_left"), "tilt": ("tilt_up", "tilt_down"),
                 "zoom": ("zoom_in", "zoom_out")}[lead][0 if sign > 0 else 1]
        confidence = min(1.0, lead_v / (2 * STATIC_MAX_RATE)) * min(1.0, 1 - second_v / lead_v + 0.3)
    return ShotMotion(label, pan, tilt, zoom, rotation, shake, residual, tracked, round(float(confidence), 3))

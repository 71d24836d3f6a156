"""Shot size ("camera_angle" in the API): extreme close-up to extreme wide, and what it rests on.

First choice is the largest frontal face, found with OpenCV's LBP frontal-face cascade as
scikit-image ships it (OpenCV 5 no longer bundles its Haar cascades); its height as a share of
the frame height maps to the shot size film grammar uses (a face filling half the
frame is a close-up, a person whose face is a tenth of the frame is seen from the waist up...).
Without a face, the scene's scale is read from the slope of its power spectrum (Torralba & Oliva,
"Depth estimation from image structure", 2002): near, large structures put more energy in low
spatial frequencies, so close framings have steeper spectra than wide ones. That is a rough cue
(confidence "low"); `basis` in the answer says which one decided, with its numbers.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

CAMERA_ANGLES = ("extreme_close_up", "close_up", "medium_shot", "wide_shot", "extreme_wide_shot")
# Face height / frame height at which each size starts (a Haar box spans brow to chin, about
# 60 % of the head): ECU shows part of the face, CU head and shoulders, MS from the waist up,
# WS the whole body, EWS a person small in the setting.
FACE_CUTS = ((0.45, "extreme_close_up"), (0.22, "close_up"), (0.09, "medium_shot"), (0.035, "wide_shot"))
# Power-spectrum slopes at which each size starts when no face is found; natural images average
# about 2 (Field 1987). Set on scikit-image's photos cropped at known framings (tests/video).
SPECTRUM_CUTS = ((3.8, "close_up"), (3.0, "medium_shot"), (2.3, "wide_shot"))
DETECT_LONG_SIDE = 360  # the cascade costs ~0.2 s a keyframe at this size

_cascade = None


def _face_cascade():
    global _cascade
    if _cascade is None:
        import skimage.data
        from skimage.feature import Cascade

        _cascade = Cascade(skimage.data.lbp_frontal_face_cascade_filename())
    return _cascade


@dataclass
class Framing:
    camera_angle: str
    basis: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"camera_angle": self.camera_angle, "basis": self.basis}


def detect_faces(grey: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Frontal face boxes (x, y, w, h) in `grey`'s pixels, largest first."""
    h, w = grey.shape[:2]
    # Faces under 1/12 of the frame's short side only occur in wide shots, which the
    # spectral cue also recognises; skipping them halves the cascade's time.
    min_side = max(24, min(h, w) // 12)
    found = _face_cascade().detect_multi_scale(img=grey, scale_factor=1.25, step_ratio=1,
                                               min_size=(min_side, min_side), max_size=(min(h, w), min(h, w)),
                                               min_neighbor_number=4)
    boxes = [(int(f["c"]), int(f["r"]), int(f["width"]), int(f["height"])) for f in found]
    return sorted(boxes, key=lambda b: b[2] * b[3], reverse=True)


def spectral_slope(grey: np.ndarray) -> float:
    """Slope of the radially averaged power spectrum in log-log, over 4-48 cycles per frame."""
    size = 128
    g = cv2.resize(grey, (size, size), interpolation=cv2.INTER_AREA).astype(np.float32)
    g = (g - g.mean()) * np.outer(np.hanning(size), np.hanning(size))  # window: no edge leakage
    power = np.abs(np.fft.fftshift(np.fft.fft2(g))) ** 2
    y, x = np.indices(power.shape) - size // 2
    radius = np.hypot(x, y).astype(int).ravel()
    radial = np.bincount(radius, power.ravel()) / np.maximum(1, np.bincount(radius))
    freqs = np.arange(4, 48)
    return float(-np.polyfit(np.log(freqs), np.log(radial[freqs] + 1e-9), 1)[0])


def estimate_framing(image_bgr: np.ndarray) -> Framing:
    """The shot size of one frame (a keyframe), with the measurements behind it."""
    h, w = image_bgr.shape[:2]
    scale = min(1.0, DETECT_LONG_SIDE / max(h, w))
    grey = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2GRAY)
    if scale < 1.0:
        grey = cv2.resize(grey, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA)
    faces = detect_faces(cv2.equalizeHist(grey))
    if faces:
        fx, fy, fw, fh = faces[0]
        ratio = fh / grey.shape[0]
        label = next((name for cut, name in FACE_CUTS if ratio >= cut), "extreme_wide_shot")
        return Framing(label, {"method": "face", "faces": len(faces), "face_height_ratio": round(ratio, 3),
                               "face_box": [round(fx / grey.shape[1], 3), round(fy / grey.shape[0], 3),
                                            round(fw / grey.shape[1], 3), round(fh / grey.shape[0], 3)],
                               "confidence": "medium"})
    slope = spectral_slope(grey)
    label = next((name for cut, name in SPECTRUM_CUTS if slope >= cut), "extreme_wide_shot")
    return Framing(label, {"method": "spectral_scale", "faces": 0, "spectral_slope": round(slope, 3),
                           "confidence": "low"})

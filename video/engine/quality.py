"""A keyframe's technical quality (0..1) from sharpness, exposure, contrast and noise.

A self-contained measure so a shot list has `technical_quality` without the web layer; the
web layer may replace it with the platform's image-quality scoring of the stored keyframe.
"""
from __future__ import annotations

import cv2
import numpy as np

MEASURE_LONG_SIDE = 512
# Laplacian variance at 512 px at which a frame counts as fully sharp (typical of in-focus
# photographs; defocused or motion-blurred frames fall far below).
SHARP_LAPLACIAN_VAR = 300.0
GOOD_CONTRAST_STD = 50.0  # grey standard deviation of a well-contrasted frame (0-255)
NOISY_SIGMA = 8.0  # estimated noise standard deviation (grey levels) that scores zero


def keyframe_quality(image_bgr: np.ndarray) -> dict:
    """{"score": 0..1, "sharpness": .., "exposure": .., "contrast": .., "noise": ..} (sub-scores 0..1)."""
    h, w = image_bgr.shape[:2]
    scale = min(1.0, MEASURE_LONG_SIDE / max(h, w))
    grey = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2GRAY)
    if scale < 1.0:
        grey = cv2.resize(grey, (max(1, int(w * scale)), max(1, int(h * scale))), interpolation=cv2.INTER_AREA)
    lap_var = float(cv2.Laplacian(grey, cv2.CV_64F).var())
    sharpness = min(1.0, lap_var / SHARP_LAPLACIAN_VAR)
    clipped = float(((grey <= 3) | (grey >= 252)).mean())
    mean = float(grey.mean()) / 255
    exposure = max(0.0, 1.0 - 4.0 * abs(mean - 0.5) ** 1.5 - 2.0 * clipped)  # 1 at mid-grey, 0 near black/white
    contrast = min(1.0, float(grey.std()) / GOOD_CONTRAST_STD)
    # Noise: the median absolute deviation of a fine-detail residual (Immerkaer-style), robust
    # to edges because the median ignores them.
    residual = grey.astype(np.float32) - cv2.medianBlur(grey, 3).astype(np.float32)
    sigma = 1.4826 * float(np.median(np.abs(residual)))
    noise = max(0.0, 1.0 - sigma / NOISY_SIGMA)
    score = 0.4 * sharpness + 0.25 * exposure + 0.2 * contrast + 0.15 * noise
    return {"score": round(score, 3), "sharpness": round(sharpness, 3), "exposure": round(exposure, 3),
            "contrast": round(contrast, 3), "noise": round(noise, 3), "laplacian_variance": round(lap_var, 1)}

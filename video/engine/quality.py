"""A keyframe's technical quality: the platform's one image-quality measure, on the keyframe.

The shot list's `technical_quality` is `quality_score / 100` of `analysis.engine.quality.measure_image`
(the Django-free measure behind analyze-quality and the asset page), taken on the keyframe at
full resolution for intended use "web", the asset page's default. The keyframe is stored as a
lossless PNG asset, so the shot card and the keyframe's asset page show the same number.
"""
from __future__ import annotations

import numpy as np
from PIL import Image

from analysis.engine.quality import measure_image

INTENDED_USE = "web"  # what quality_analyze (the asset page) uses when none is given
# Sub-scores kept per keyframe: the score's own 0..1 goodness terms (higher is better).
SUB_SCORES = ("sharpness", "exposure", "contrast", "noise", "blockiness", "effective_resolution")


def keyframe_quality(image_bgr: np.ndarray) -> dict:
    """{"score": quality_score / 100, "quality_score", "quality_grade", "intended_use", "shortfalls",
    and the goodness sub-scores (0..1, higher better) that the score is made of}."""
    report = measure_image(Image.fromarray(np.ascontiguousarray(image_bgr[:, :, ::-1])), intended_use=INTENDED_USE)
    goodness = report.detailed_metrics["goodness"]
    effective = report.detailed_metrics["effective_resolution"]
    return {"score": round(report.quality_score / 100, 3), "quality_score": report.quality_score,
            "quality_grade": report.quality_grade, "intended_use": INTENDED_USE,
            **{name: round(float(goodness[name]), 3) for name in SUB_SCORES},
            "effective_resolution_ratio": effective["ratio"], "shortfalls": list(report.shortfalls)}

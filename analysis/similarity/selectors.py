"""Reads of the studio's threshold calibrations, for the character-check page."""
from __future__ import annotations

from .calibration_plot import calibration_plot
from .documents import ThresholdCalibration


def calibration_latest() -> ThresholdCalibration | None:
    """The most recent calibrate-threshold run, or None when the studio has not calibrated."""
    return ThresholdCalibration.objects.order_by("-created_at").first()


def calibration_summary(*, threshold: float) -> dict:
    """What the character-check page shows about the same-character threshold: the latest
    calibration's two score distributions against the current threshold, or that none exists."""
    latest = calibration_latest()
    if latest is None:
        return {"calibrated": False, "threshold": threshold}
    scores = [(s.cosine, s.same) for s in latest.scores]
    return {"calibrated": True, "threshold": threshold, "calibrated_threshold": latest.threshold,
            "created_at": latest.created_at, "applied": latest.applied,
            "n_same": sum(1 for _, same in scores if same), "n_different": sum(1 for _, same in scores if not same),
            "report": latest.report,
            "plot": calibration_plot(scores, threshold=threshold, calibrated_threshold=latest.threshold)}

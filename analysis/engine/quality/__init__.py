"""Image quality and composition measures for art pipelines (pure Python, no Django).

Entry points the web layer calls:
``measure_image`` (analyze-quality), ``image_metrics`` (analyze-image-metrics),
``batch_summary`` / ``passes`` (batch-quality-check), ``analyze_composition``
(analyze-image-composition).
"""

from .composition import analyze_composition, saliency_from_tokens
from .loading import ImageUnreadableError
from .measures import INTENDED_USES
from .report import (
    DEFAULT_QUALITY_THRESHOLD,
    GRADES,
    QualityReport,
    batch_summary,
    grade_for,
    image_metrics,
    measure_image,
    passes,
)

__all__ = [
    "DEFAULT_QUALITY_THRESHOLD",
    "GRADES",
    "INTENDED_USES",
    "ImageUnreadableError",
    "QualityReport",
    "analyze_composition",
    "batch_summary",
    "grade_for",
    "image_metrics",
    "measure_image",
    "passes",
    "saliency_from_tokens",
]

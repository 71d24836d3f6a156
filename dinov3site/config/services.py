"""Tunable thresholds: defaults, ranges, and persisted updates.

Every threshold other code reads comes from ``config_value``; PUT config/* writes through
``config_set`` into one MongoDB document, so a change is shared by every process and survives
restarts.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from dinov3site.accounts.audit import audit_record
from dinov3site.accounts.permissions import Actor
from core.errors import ValidationFailed

from .documents import ServiceConfig


@dataclass(frozen=True)
class Tunable:
    default: float
    minimum: float
    maximum: float
    description: str


TUNABLES: dict[str, Tunable] = {
    # The documented default threshold (docs/api.md) for "same character".
    "similarity_threshold": Tunable(0.75, 0.0, 1.0, "Cosine similarity at or above which two images show the same character."),
    "quality_threshold": Tunable(0.70, 0.0, 1.0, "quality_score / 100 at or above which an image passes quality checks."),
    "near_duplicate_threshold": Tunable(0.95, 0.5, 1.0, "Cosine similarity at or above which two assets are near-duplicates."),
    "shot_detection_threshold": Tunable(0.3, 0.0, 1.0, "Default shot-boundary sensitivity (docs/api.md's default 0.3)."),
    "anomaly_threshold": Tunable(3.0, 0.5, 10.0, "Robust z-score above which a test asset is an anomaly."),
}


def _document() -> ServiceConfig:
    return ServiceConfig.objects(id="global").first() or ServiceConfig(id="global", values={})


def config_values() -> dict[str, float]:
    stored = _document().values or {}
    return {name: float(stored.get(name, tunable.default)) for name, tunable in TUNABLES.items()}


def config_value(name: str) -> float:
    return config_values()[name]


def config_describe() -> dict:
    values = config_values()
    document = _document()
    return {
        "thresholds": {
            name: {"value": values[name], "default": t.default, "min": t.minimum, "max": t.maximum,
                   "description": t.description}
            for name, t in TUNABLES.items()
        },
        **values,
        "updated_at": document.updated_at.isoformat() if document.updated_at else None,
    }


def threshold_normalise(value, *, name: str) -> float:
    """0–1 as given; 1 < value <= 100 is read as a percentage (75 -> 0.75)."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValidationFailed("threshold must be a number.", details={"threshold": ["A number is required."]})
    if value != value:  # NaN
        raise ValidationFailed("threshold must be a number.", details={"threshold": ["NaN is not allowed."]})
    if 1.0 < value <= 100.0:
        value /= 100.0
    tunable = TUNABLES[name]
    if not tunable.minimum <= value <= tunable.maximum:
        raise ValidationFailed(
            f"threshold must be between {tunable.minimum} and {tunable.maximum} (or a percentage).",
            details={"threshold": [f"Got {value}."]},
        )
    return round(value, 6)


def config_set(*, name: str, value, actor: Actor | None = None, request=None) -> dict:
    """Set one threshold for every process (audited: who changed what from what)."""
    document = _document()
    values = dict(document.values or {})
    before = values.get(name, config_value(name))
    values[name] = threshold_normalise(value, name=name)
    document.values = values
    document.updated_at = datetime.now(timezone.utc)
    document.save()
    audit_record(actor=actor, action="config.set", target=name, request=request,
                 details={"from": before, "to": values[name]})
    return config_describe()

"""The Shot document: one shot of a stored video, what was measured on it, and how it is found.

A shot is identified by its video and its shot number (the analysis' 1-based `shot_id`), so
storing an analysis again updates the same records. The keyframe's DINOv3 vector is kept only
when this installation's model produced it (with the model name and preprocessing version, like
asset features); the sentence embedding of the shot's text is kept with a hash of that text, so
it is recomputed only when the text (scene context, tags) changes.
"""
from __future__ import annotations

import uuid
from datetime import datetime

import mongoengine as me
import numpy as np

from assets.documents import now_ms
from core.vectors import vector_from_bytes

from .measures import SCHEMAS, measures_clean


def _new_id() -> str:
    return str(uuid.uuid4())


# Reading is lenient: a document written before store-shot-data checked its input (or straight
# into the database) loads with what fits and defaults for the rest, so every page and export
# that lists it still opens and a curator can fix it. Writes are checked by the serializers.
class MeasuresField(me.DictField):
    """motion, tone, quality or framing_basis: on load, only what fits cinematics/measures.py."""

    def __init__(self, measure: str, **kwargs):
        self.schema = SCHEMAS[measure]
        super().__init__(**kwargs)

    def to_python(self, value):
        return measures_clean(value, self.schema)


class LenientFloatField(me.FloatField):
    def __init__(self, **kwargs):
        if not kwargs.get("null"):
            kwargs.setdefault("default", 0.0)  # also what a stored null reads as
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            return None if self.null else 0.0
        return number if np.isfinite(number) else (None if self.null else 0.0)


class LenientIntField(me.IntField):
    def __init__(self, **kwargs):
        if not kwargs.get("null"):
            kwargs.setdefault("default", kwargs.get("min_value") or 0)
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            number = int(value)
        except (TypeError, ValueError, OverflowError):
            return None if self.null else self.default
        return number if self.min_value is None or number >= self.min_value else self.default


class LenientDateTimeField(me.DateTimeField):
    def to_python(self, value):
        parsed = super().to_python(value)
        return parsed if isinstance(parsed, datetime) else now_ms()


class LenientStringField(me.StringField):
    def to_python(self, value):
        if isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        return self.default if isinstance(self.default, str) else None


class LenientFramesField(me.ListField):
    """A transition's first and last frame, or None."""

    def __init__(self, **kwargs):
        super().__init__(me.IntField(), **kwargs)

    def to_python(self, value):
        if isinstance(value, list) and len(value) == 2 and all(
                isinstance(v, int) and not isinstance(v, bool) for v in value):
            return list(value)
        return None


class LenientStringListField(me.ListField):
    def __init__(self, **kwargs):
        super().__init__(me.StringField(max_length=100), **kwargs)

    def to_python(self, value):
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


class Shot(me.Document):
    id = me.StringField(primary_key=True, default=_new_id)
    video_asset_id = me.StringField(required=True)
    shot_number = LenientIntField(required=True, min_value=1)
    start_time = LenientFloatField(required=True)
    end_time = LenientFloatField(required=True)
    duration = LenientFloatField(required=True)
    start_frame = LenientIntField(null=True)
    end_frame = LenientIntField(null=True)  # inclusive
    fps = LenientFloatField(null=True)  # the video's, for exports in frames and timecode
    transition_in = LenientStringField(default="cut")
    transition_frames = LenientFramesField(default=None, null=True)
    keyframe_asset_id = LenientStringField(null=True)
    keyframe_frame = LenientIntField(null=True)
    keyframe_time = LenientFloatField(null=True)

    movement_type = LenientStringField(default="static")
    camera_angle = LenientStringField(default="")
    emotional_tone = LenientStringField(default="neutral")
    measured_tone = LenientStringField(default="")  # what the analysis said, kept under an override
    tone_overridden = me.BooleanField(default=False)  # set by the user; re-analysis does not replace it
    motion = MeasuresField("motion")
    tone = MeasuresField("tone")
    quality = MeasuresField("quality")
    framing_basis = MeasuresField("framing_basis")
    technical_quality = LenientFloatField(null=True)

    genre = LenientStringField(default="")
    tags = LenientStringListField()
    scene_context = LenientStringField(default="")

    keyframe_vector = me.BinaryField(null=True)  # float32 little-endian, L2-normalised
    vector_model = me.StringField(null=True)
    vector_preprocessing = me.StringField(null=True)
    text_vector = me.BinaryField(null=True)  # all-MiniLM-L6-v2, 384 float32
    text_hash = me.StringField(null=True)

    created_by = LenientStringField(null=True)  # who first stored it
    created_at = LenientDateTimeField(default=now_ms)
    updated_at = LenientDateTimeField(default=now_ms)

    meta = {
        "collection": "shots",
        "indexes": [
            {"fields": ["video_asset_id", "shot_number"], "unique": True},
            "movement_type", "emotional_tone", "genre", "keyframe_asset_id", ("created_by", "-created_at"),
            ("tags", "-created_at", "video_asset_id", "shot_number"),
            # the shot library's order (newest first, then in shot order): pages come off the index
            ("-created_at", "video_asset_id", "shot_number"),
            # suggest-shots: shots asked for by framing, and shots never embedded (no text hash)
            "camera_angle", "text_hash",
        ],
        "ordering": ["-created_at", "video_asset_id", "shot_number"],
    }

    def keyframe_array(self, *, model: str, preprocessing: str) -> np.ndarray | None:
        """The keyframe vector if this model and preprocessing made it (others are never compared)."""
        if not self.keyframe_vector or self.vector_model != model or self.vector_preprocessing != preprocessing:
            return None
        return vector_from_bytes(self.keyframe_vector, copy=True)

    def text_array(self) -> np.ndarray | None:
        return vector_from_bytes(self.text_vector, copy=True) if self.text_vector else None

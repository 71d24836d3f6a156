"""The Shot document: one shot of a stored video, what was measured on it, and how it is found.

A shot is identified by its video and its shot number (the analysis' 1-based `shot_id`), so
storing an analysis again updates the same records. The keyframe's DINOv3 vector is kept only
when this installation's model produced it (with the model name and preprocessing version, like
asset features); the sentence embedding of the shot's text is kept with a hash of that text, so
it is recomputed only when the text (scene context, tags) changes.
"""
from __future__ import annotations

import uuid

import mongoengine as me
import numpy as np

from assets.documents import now_ms


def _new_id() -> str:
    return str(uuid.uuid4())


class Shot(me.Document):
    id = me.StringField(primary_key=True, default=_new_id)
    video_asset_id = me.StringField(required=True)
    shot_number = me.IntField(required=True, min_value=1)
    start_time = me.FloatField(required=True)
    end_time = me.FloatField(required=True)
    duration = me.FloatField(required=True)
    start_frame = me.IntField(null=True)
    end_frame = me.IntField(null=True)  # inclusive
    fps = me.FloatField(null=True)  # the video's, for exports in frames and timecode
    transition_in = me.StringField(default="cut")
    transition_frames = me.ListField(me.IntField(), default=None, null=True)
    keyframe_asset_id = me.StringField(null=True)
    keyframe_frame = me.IntField(null=True)
    keyframe_time = me.FloatField(null=True)

    movement_type = me.StringField(default="static")
    camera_angle = me.StringField(default="")
    emotional_tone = me.StringField(default="neutral")
    measured_tone = me.StringField(default="")  # what the analysis said, kept under an override
    tone_overridden = me.BooleanField(default=False)  # set by the user; re-analysis does not replace it
    motion = me.DictField()
    tone = me.DictField()
    quality = me.DictField()
    framing_basis = me.DictField()
    technical_quality = me.FloatField(null=True)

    genre = me.StringField(default="")
    tags = me.ListField(me.StringField(max_length=100))
    scene_context = me.StringField(default="")

    keyframe_vector = me.BinaryField(null=True)  # float32 little-endian, L2-normalised
    vector_model = me.StringField(null=True)
    vector_preprocessing = me.StringField(null=True)
    text_vector = me.BinaryField(null=True)  # all-MiniLM-L6-v2, 384 float32
    text_hash = me.StringField(null=True)

    created_at = me.DateTimeField(default=now_ms)
    updated_at = me.DateTimeField(default=now_ms)

    meta = {
        "collection": "shots",
        "indexes": [
            {"fields": ["video_asset_id", "shot_number"], "unique": True},
            "movement_type", "emotional_tone", "genre", "keyframe_asset_id",
            ("tags", "-created_at", "video_asset_id", "shot_number"),
            # the shot library's order (newest first, then in shot order): pages come off the index
            ("-created_at", "video_asset_id", "shot_number"),
        ],
        "ordering": ["-created_at", "video_asset_id", "shot_number"],
    }

    def keyframe_array(self, *, model: str, preprocessing: str) -> np.ndarray | None:
        """The keyframe vector if this model and preprocessing made it (others are never compared)."""
        if not self.keyframe_vector or self.vector_model != model or self.vector_preprocessing != preprocessing:
            return None
        return np.frombuffer(self.keyframe_vector, dtype="<f4").copy()

    def text_array(self) -> np.ndarray | None:
        return np.frombuffer(self.text_vector, dtype="<f4").copy() if self.text_vector else None

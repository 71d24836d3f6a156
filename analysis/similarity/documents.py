"""The studio's threshold calibrations: every labelled pair's score and the threshold found."""
import uuid

import mongoengine as me

from assets.documents import now_ms


class LabelledScore(me.EmbeddedDocument):
    cosine = me.FloatField(required=True)
    same = me.BooleanField(required=True)


class ThresholdCalibration(me.Document):
    """One calibrate-threshold run: every labelled pair's cosine, and the threshold it found."""

    id = me.StringField(primary_key=True, default=lambda: str(uuid.uuid4()))
    created_at = me.DateTimeField(default=now_ms)
    scores = me.EmbeddedDocumentListField(LabelledScore)
    threshold = me.FloatField(required=True)
    report = me.DictField()  # precision, recall, f1, accuracy, confusion counts, separable
    applied = me.BooleanField(default=False)

    meta = {"collection": "threshold_calibrations", "indexes": ["-created_at"], "ordering": ["-created_at"]}

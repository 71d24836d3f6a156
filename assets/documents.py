"""The Asset document: one uploaded image or video, its stored files and its DINOv3 features."""
import uuid
from datetime import datetime, timezone

import mongoengine as me

KINDS = ("image", "video")
STATUSES = ("uploaded", "processing", "processed", "failed")


def _now() -> datetime:
    """Now, to the millisecond: MongoDB stores milliseconds, so answers before and after a save agree."""
    now = datetime.now(timezone.utc)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


now_ms = _now


class FeatureVector(me.EmbeddedDocument):
    """An embedding and exactly what produced it; vectors of different origins never mix."""

    model = me.StringField(required=True)
    dim = me.IntField(required=True)
    preprocessing = me.StringField(required=True)
    vector = me.BinaryField(required=True)  # float32, little-endian, L2-normalised
    extracted_at = me.DateTimeField(default=_now)
    source = me.StringField(default="image")  # "image", or "video: mean of N sampled frames"
    frames = me.IntField(default=1)


class Asset(me.Document):
    id = me.StringField(primary_key=True, default=lambda: str(uuid.uuid4()))
    kind = me.StringField(choices=KINDS, required=True)
    filename = me.StringField(required=True)  # the client's name, for display only
    stored_name = me.StringField(required=True)  # generated storage path of the original
    content_type = me.StringField(required=True)
    format = me.StringField(required=True)
    file_size = me.IntField(required=True)
    width = me.IntField()
    height = me.IntField()
    duration = me.FloatField()
    fps = me.FloatField()
    frame_count = me.IntField()
    checksum_sha256 = me.StringField(required=True)
    duplicate_of = me.StringField(null=True)
    tags = me.ListField(me.StringField(max_length=100))
    description = me.StringField(default="")
    processing_status = me.StringField(choices=STATUSES, default="uploaded")
    upload_timestamp = me.DateTimeField(default=_now)
    processing_time = me.FloatField(default=0.0)
    thumbnail_name = me.StringField(null=True)
    poster_name = me.StringField(null=True)
    features = me.EmbeddedDocumentField(FeatureVector, null=True)
    # The quality report per intended use, with the version of the measures that made it
    # (analysis.quality.services reuses it instead of measuring the file on every view).
    quality_reports = me.DictField()
    # Keyframes extracted from a video point back at it (deleted with it).
    source_asset_id = me.StringField(null=True)
    source_time = me.FloatField(null=True)
    created_by = me.StringField(null=True)  # user name, pipeline:<key name>, or None (an open service)
    # Videos: what the browser plays. "native" (the original), "pending", "ready" (an H.264
    # proxy at playback_name, the original kept), "failed"; "" until first looked at.
    playback_status = me.StringField(default="")
    playback_name = me.StringField(null=True)
    playback_job_id = me.StringField(null=True)
    # The last quality score (0..100) measured for an image, for sorting and the histogram.
    quality_score = me.FloatField(null=True)

    meta = {
        "collection": "assets",
        # Every query the service runs is answered from one of these (tests/platform/test_query_plans.py).
        # A filter and the list's order in one index: a page is read off it, never sorted in memory.
        "indexes": ["checksum_sha256", ("kind", "-upload_timestamp"), ("tags", "-upload_timestamp"),
                    ("processing_status", "-upload_timestamp"), "-upload_timestamp", "source_asset_id",
                    ("created_by", "-upload_timestamp"),  # lists filtered by who uploaded
                    # the vector store's full build, stale-vector lookups, the map, the with-features count
                    ("features.model", "features.preprocessing"),
                    "file_size",  # the library's total size, summed from the index alone; the sort by size
                    "filename", "-quality_score", "-features.extracted_at"],  # the library's other sorts
        "ordering": ["-upload_timestamp"],
    }


class Collection(me.Document):
    """A named set of assets a team shares (an album): browsed, and fed to compare, character
    check, the similarity matrix and the map. Deleting an asset takes it out of every set."""

    id = me.StringField(primary_key=True, default=lambda: str(uuid.uuid4()))
    name = me.StringField(required=True, max_length=200)
    description = me.StringField(default="", max_length=2000)
    asset_ids = me.ListField(me.StringField())
    created_by = me.StringField(default="")
    created_at = me.DateTimeField(default=_now)
    updated_at = me.DateTimeField(default=_now)

    meta = {"collection": "asset_collections", "indexes": ["name", "asset_ids", "-updated_at"],
            "ordering": ["name"]}

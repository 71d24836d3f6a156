"""The Job document: status, progress, and the result or the error envelope of long work."""
import uuid
from datetime import datetime, timezone

import mongoengine as me

STATUSES = ("pending", "running", "succeeded", "failed")


def _now() -> datetime:
    """Now, to the millisecond: MongoDB stores milliseconds, so answers before and after a save agree."""
    now = datetime.now(timezone.utc)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


class Job(me.Document):
    id = me.StringField(primary_key=True, default=lambda: str(uuid.uuid4()))
    kind = me.StringField(required=True)  # e.g. "features.batch_extract"
    status = me.StringField(choices=STATUSES, default="pending")
    params = me.DictField()
    progress_done = me.IntField(default=0)
    progress_total = me.IntField(default=0)
    result = me.DictField(null=True)
    error = me.DictField(null=True)
    attempts = me.IntField(default=0)
    task = me.StringField(null=True)  # the Celery task's name, to re-queue a job its worker lost
    worker = me.StringField(null=True)  # "host:pid" of the process running it
    heartbeat_at = me.DateTimeField(null=True)  # the running worker's last sign of life
    created_at = me.DateTimeField(default=_now)
    created_by = me.StringField(null=True)  # who submitted it; only they, curators and admins read it
    started_at = me.DateTimeField(null=True)
    finished_at = me.DateTimeField(null=True)

    meta = {"collection": "jobs", "indexes": ["status", "-created_at", ("status", "heartbeat_at"), "created_by"]}


class WorkerBeat(me.Document):
    """A worker process's last report: its model status (web processes never load the model)."""

    id = me.StringField(primary_key=True)  # "host:pid"
    queues = me.ListField(me.StringField())
    model = me.DictField()
    gpu = me.DictField()
    rss_mb = me.FloatField()
    beat_at = me.DateTimeField(required=True)

    meta = {"collection": "worker_beats", "indexes": ["-beat_at"]}

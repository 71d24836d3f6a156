"""Documents of feature extraction: where an interrupted ``reindex --all`` stands."""
from __future__ import annotations

import mongoengine as me


class ReindexState(me.Document):
    """One per library (``id`` "reindex"): when the running ``reindex --all`` started, so
    ``--resume`` skips the assets it already re-extracted. Deleted when a run completes."""

    id = me.StringField(primary_key=True)
    started_at = me.DateTimeField(required=True)
    meta = {"collection": "reindex_state"}

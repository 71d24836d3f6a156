"""Documents of the vector index's change log: one sequence number per vector change.

Every write of an asset's features and every asset deletion takes the next number of one
counter (``find_one_and_update`` with ``$inc``, atomic on the server) and appends a
``VectorChange`` under that number, *after* the asset document itself was written. A process
that holds a copy of the index remembers the last number it applied and asks only for the
changes above it: an ``_id`` range, answered from the ``_id`` index, never a scan of the ids.
"""
from __future__ import annotations

import mongoengine as me


class VectorCounter(me.Document):
    """The last sequence number handed out, and how far old changes were pruned."""

    id = me.StringField(primary_key=True)
    seq = me.IntField(default=0)
    pruned_to = me.IntField(default=0)
    meta = {"collection": "vector_counters"}


class VectorChange(me.Document):
    """One asset whose vector changed or went, under its sequence number (the ``_id``)."""

    id = me.IntField(primary_key=True)
    asset_id = me.StringField(required=True)
    at = me.DateTimeField(required=True)
    gone = me.BooleanField(default=False)  # the asset was deleted
    meta = {"collection": "vector_changes", "indexes": ["at"]}


class TextVector(me.Document):
    """The sentence embedding of an asset's searchable text (MiniLM, 384 floats)."""

    id = me.StringField(primary_key=True)  # the asset id
    text_hash = me.StringField(required=True)
    vector = me.BinaryField(required=True)
    meta = {"collection": "text_vectors"}

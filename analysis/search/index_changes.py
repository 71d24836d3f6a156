"""The vector change log: what changed since a sequence number, without a scan of the ids.

Writers call ``change_record`` after they wrote the asset document (new features, or the asset
gone). Readers call ``changes_since(cursor)``: the asset ids with a higher number, and the
cursor to remember. The number is taken with ``$inc`` before the log entry is inserted, so for
a moment a number can be missing from the log (its writer is between the two calls). A reader
does not move its cursor past such a gap until the entry after it is ``GRACE_SECONDS`` old (a
writer that died in between leaves a gap for good); what lies beyond the gap is applied anyway
and applied again next time, which is harmless because readers re-read the documents' current
state rather than replaying the log.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pymongo import ReturnDocument

from .documents import VectorChange, VectorCounter

COUNTER_ID = "features"
# Far above one $inc + one insert (milliseconds), well below how stale a search may be.
GRACE_SECONDS = 10.0
SYNC_BATCH = 5000


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(moment: datetime) -> datetime:
    # The connection may answer naive UTC datetimes (pymongo's default) or aware ones.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def change_record(*, asset_ids: list[str], gone: bool = False) -> int:
    """Log that these assets' vectors changed, or that the assets are ``gone`` (deleted: asset
    ids are never reused, so a reader drops them whatever the documents still say; the delete
    hooks run before the document itself is removed). Returns the last number taken."""
    if not asset_ids:
        return counter_value()
    counter = VectorCounter._get_collection().find_one_and_update(
        {"_id": COUNTER_ID}, {"$inc": {"seq": len(asset_ids)}}, upsert=True,
        return_document=ReturnDocument.AFTER)
    last = int(counter["seq"])
    at = _now()
    VectorChange._get_collection().insert_many(
        [{"_id": last - len(asset_ids) + 1 + i, "asset_id": asset_id, "at": at, "gone": gone} for i, asset_id in enumerate(asset_ids)],
        ordered=False)
    return last


def counter_value() -> int:
    counter = VectorCounter._get_collection().find_one({"_id": COUNTER_ID})
    return int(counter["seq"]) if counter else 0


def pruned_to() -> int:
    """Changes up to this number were pruned: a reader behind it must rebuild from the documents."""
    counter = VectorCounter._get_collection().find_one({"_id": COUNTER_ID}, {"pruned_to": 1})
    return int(counter.get("pruned_to", 0)) if counter else 0


def changes_since(cursor: int, *, grace: float = GRACE_SECONDS, source: str = "") -> tuple[list[str], set[str], int]:
    """Asset ids changed after ``cursor`` (each once, oldest first), those of them deleted,
    and the next cursor. Other vector sources log their ids as ``<source>:<id>``
    (analysis/search/text_stores.py): ``source`` picks theirs (prefix stripped); the default, the
    features' un-prefixed ids (asset ids are UUIDs, never with a colon)."""
    prefix = f"{source}:" if source else ""
    log = VectorChange._get_collection()
    settled_before = _now() - timedelta(seconds=grace)
    ids: dict[str, None] = {}
    gone: set[str] = set()
    new_cursor, expected, settled, low = cursor, cursor + 1, True, cursor
    while True:
        rows = list(log.find({"_id": {"$gt": low}}, {"asset_id": 1, "at": 1, "gone": 1}).sort("_id", 1).limit(SYNC_BATCH))
        for row in rows:
            if row["_id"] != expected and _aware(row["at"]) > settled_before:
                settled = False  # a number below this one may still be on its way
            if settled:
                new_cursor = row["_id"]
            expected = row["_id"] + 1
            entry = row["asset_id"]
            if (entry.startswith(prefix) if prefix else ":" not in entry):
                ids[entry[len(prefix):]] = None
                if row.get("gone"):
                    gone.add(entry[len(prefix):])
        if len(rows) < SYNC_BATCH:
            return list(ids), gone, new_cursor
        low = rows[-1]["_id"]


def changes_prune(*, older_than: timedelta) -> int:
    """Drop log entries older than ``older_than``; readers behind them rebuild. Returns how many."""
    log = VectorChange._get_collection()
    cutoff = _now() - older_than
    newest_old = log.find_one({"at": {"$lt": cutoff}}, {"_id": 1}, sort=[("_id", -1)])
    if newest_old is None:
        return 0
    VectorCounter._get_collection().update_one({"_id": COUNTER_ID}, {"$max": {"pruned_to": newest_old["_id"]}},
                                               upsert=True)
    return log.delete_many({"_id": {"$lte": newest_old["_id"]}}).deleted_count

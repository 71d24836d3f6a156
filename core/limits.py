"""Limits every door checks the same way before any work starts. Imports nothing from Django: the
caller passes the configured limit (``settings.MAX_BATCH_SIZE``)."""
from __future__ import annotations

from core.errors import BatchTooLarge


def batch_check(ids: list, *, limit: int, field: str = "asset_ids") -> list:
    """Refuse more ids than ``limit`` (MAX_BATCH_SIZE) with BATCH_TOO_LARGE; return ``ids``."""
    if len(ids) > limit:
        raise BatchTooLarge(
            f"{field} has {len(ids)} ids; the limit is {limit} (MAX_BATCH_SIZE).",
            details={"field": field, "count": len(ids), "max_batch_size": limit},
        )
    return ids

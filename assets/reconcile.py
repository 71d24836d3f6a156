"""Storage and documents back in step: files no asset names, and assets whose files are gone.

An upload stores its files before it writes its document, and removes them again if the write
fails; a process killed in between (OOM, kill -9, a power cut) leaves files no document names.
``storage_reconcile`` finds those orphans (only under the folders assets own, only older than a
grace period so uploads in flight are left alone) and assets whose original is missing, and with
``delete=True`` removes them. Works on local disk and on R2 (listing through the storage API).
"""
from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta, timezone

from .documents import Asset
from .services import asset_delete
from .storage import default_storage

logger = logging.getLogger(__name__)

# The folders asset_create writes to (originals, thumbnails, video posters).
OWNED_FOLDERS = ("originals", "thumbnails", "posters")


def _stored_files(storage, folder: str) -> list[str]:
    try:
        _, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [f"{folder}/{name}" for name in files]


def _older_than(storage, name: str, cutoff: datetime) -> bool:
    try:
        modified = storage.get_modified_time(name)
    except (NotImplementedError, OSError):
        return True
    if modified.tzinfo is None:
        modified = modified.replace(tzinfo=timezone.utc)
    return modified < cutoff


def _sha256(storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def storage_reconcile(*, delete: bool = False, min_age_s: float = 3600, verify: bool = False) -> dict:
    """What is out of step (and, with ``delete``, what was removed or repaired)."""
    storage = default_storage()
    referenced: set[str] = set()
    missing_originals, missing_derived, corrupt = [], [], []
    for asset in Asset.objects.only("id", "stored_name", "thumbnail_name", "poster_name", "checksum_sha256"):
        names = [asset.stored_name, asset.thumbnail_name, asset.poster_name]
        referenced.update(name for name in names if name)
        if not storage.exists(asset.stored_name):
            missing_originals.append({"asset_id": asset.id, "stored_name": asset.stored_name})
            continue
        for field in ("thumbnail_name", "poster_name"):
            name = getattr(asset, field)
            if name and not storage.exists(name):
                missing_derived.append({"asset_id": asset.id, "field": field, "name": name})
        if verify and _sha256(storage, asset.stored_name) != asset.checksum_sha256:
            corrupt.append({"asset_id": asset.id, "stored_name": asset.stored_name})

    cutoff = datetime.now(timezone.utc) - timedelta(seconds=min_age_s)
    orphans, recent = [], 0
    for folder in OWNED_FOLDERS:
        for name in _stored_files(storage, folder):
            if name in referenced:
                continue
            if _older_than(storage, name, cutoff):
                orphans.append(name)
            else:
                recent += 1  # possibly an upload still writing its document

    removed = {"orphan_files": 0, "assets": 0, "derived_fields_cleared": 0}
    if delete:
        for name in orphans:
            storage.delete(name)
            removed["orphan_files"] += 1
        for item in missing_originals:
            asset = Asset.objects(id=item["asset_id"]).first()
            if asset is not None:
                asset_delete(asset=asset)  # its remaining files and derived data go with it
                removed["assets"] += 1
        for item in missing_derived:
            Asset.objects(id=item["asset_id"]).update(**{f"set__{item['field']}": None})
            removed["derived_fields_cleared"] += 1
        logger.info("reconcile_storage removed %s", removed)
    return {
        "orphan_files": orphans, "recent_unreferenced_files_kept": recent,
        "assets_missing_original": missing_originals, "missing_thumbnails_or_posters": missing_derived,
        "checksum_mismatches": corrupt, "deleted": delete, "removed": removed if delete else None,
    }

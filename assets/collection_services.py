"""Writes and reads of collections (named, shared sets of assets) and bulk edits of assets.

The library page, the collection pages and ``/api/v1/collections`` all come here.
"""
from __future__ import annotations

from core.errors import NotFound, ValidationFailed

from .documents import Asset, Collection, now_ms
from .selectors import assets_by_id
from .services import clean_tags


def _clean_name(name: str | None) -> str:
    text = " ".join((name or "").split())
    if not text:
        raise ValidationFailed("A collection needs a name.", details={"name": ["Required."]})
    return text[:200]


def collection_get(*, collection_id: str) -> Collection:
    found = Collection.objects(id=str(collection_id)).first()
    if found is None:
        raise NotFound(f"Collection {collection_id} not found.", details={"collection_id": str(collection_id)})
    return found


def collection_list():
    return Collection.objects.only("id", "name", "description", "asset_ids", "created_by", "updated_at").order_by("name")


def collection_create(*, name: str, description: str = "", asset_ids: list[str] | None = None,
                      created_by: str = "") -> Collection:
    ids = _existing(asset_ids or [])
    return Collection(name=_clean_name(name), description=(description or "").strip()[:2000], asset_ids=ids,
                      created_by=created_by).save()


def collection_update(*, collection: Collection, name: str | None = None, description: str | None = None) -> Collection:
    if name is not None:
        collection.name = _clean_name(name)
    if description is not None:
        collection.description = description.strip()[:2000]
    collection.updated_at = now_ms()
    return collection.save()


def _existing(asset_ids: list[str]) -> list[str]:
    found = assets_by_id(asset_ids)
    missing = [i for i in asset_ids if i not in found]
    if missing:
        raise ValidationFailed(f"{len(missing)} asset id(s) do not exist.", details={"asset_ids": missing[:20]})
    return list(dict.fromkeys(asset_ids))


def collection_assets_add(*, collection: Collection, asset_ids: list[str]) -> Collection:
    ids = _existing(asset_ids)
    Collection.objects(id=collection.id).update_one(add_to_set__asset_ids=ids, set__updated_at=now_ms())
    return collection.reload()


def collection_assets_remove(*, collection: Collection, asset_ids: list[str]) -> Collection:
    Collection.objects(id=collection.id).update_one(pull_all__asset_ids=list(asset_ids), set__updated_at=now_ms())
    return collection.reload()


def collection_delete(*, collection: Collection) -> dict:
    collection.delete()
    return {"collection_id": collection.id, "deleted": True}


def assets_tags_edit(*, asset_ids: list[str], add: list[str] | None = None, remove: list[str] | None = None) -> dict:
    """Add and/or remove tags on many assets at once (two atomic updates, not a loop)."""
    ids = _existing(asset_ids)
    adding, removing = clean_tags(add or []), clean_tags(remove or [])
    if not adding and not removing:
        raise ValidationFailed("Give tags to add or to remove.", details={"add": ["Empty."], "remove": ["Empty."]})
    if adding:
        Asset.objects(id__in=ids).update(add_to_set__tags=adding)
    if removing:
        Asset.objects(id__in=ids).update(pull_all__tags=removing)
    return {"asset_ids": ids, "added": adding, "removed": removing, "updated": len(ids)}


def asset_details_edit(*, asset: Asset, tags: list[str] | None = None, description: str | None = None) -> Asset:
    if tags is not None:
        asset.tags = clean_tags(tags)
    if description is not None:
        asset.description = description.strip()[:5000]
    asset.save()
    return asset


def collections_on_asset_delete(asset: Asset) -> dict:
    """The asset delete hook (registered in AssetsConfig.ready()): takes the asset out of every collection."""
    changed = Collection.objects(asset_ids=asset.id).update(pull__asset_ids=asset.id)
    return {"collections": changed} if changed else {}

"""Reads of assets: one by id (optionally of a required kind), lists with filters, counts."""
from __future__ import annotations

import uuid

from mongoengine.queryset.visitor import Q

from core.errors import AssetNotFound

from .documents import Asset


def asset_id_normalise(asset_id) -> str | None:
    """The id in canonical form (lower-case hyphenated UUID), or None when it is not a UUID."""
    try:
        return str(uuid.UUID(str(asset_id)))
    except (ValueError, TypeError, AttributeError):
        return None


def asset_get(*, asset_id, kind: str | None = None, field: str = "asset_id") -> Asset:
    """The asset, or ASSET_NOT_FOUND (malformed ids and wrong kinds included, with the reason)."""
    normalised = asset_id_normalise(asset_id)
    asset = Asset.objects(id=normalised).first() if normalised else None
    if asset is None:
        raise AssetNotFound(
            "Asset ID not found in database",
            details={field: str(asset_id)[:100], "reason": "malformed id" if not normalised else "no such asset"},
        )
    if kind and asset.kind != kind:
        raise AssetNotFound(
            f"Asset {asset.id} is a {asset.kind}, but this operation needs an {kind}"
            if kind == "image" else f"Asset {asset.id} is an {asset.kind}, but this operation needs a {kind}",
            details={field: asset.id, "kind": asset.kind, "required_kind": kind},
        )
    return asset


def assets_get_many(*, asset_ids: list, kind: str | None = None, field: str = "asset_ids") -> list[Asset]:
    """Assets in the order asked; the first unknown id answers ASSET_NOT_FOUND naming it."""
    return [asset_get(asset_id=asset_id, kind=kind, field=field) for asset_id in asset_ids]


def asset_list(
    *, kind: str | None = None, tag: str | None = None, q: str | None = None, status: str | None = None,
    include_keyframes: bool = True, created_by: str | None = None,
):
    queryset = Asset.objects.exclude("features.vector")
    if created_by:
        queryset = queryset.filter(created_by=created_by)
    if kind:
        queryset = queryset.filter(kind=kind)
    if tag:
        queryset = queryset.filter(tags=tag.strip().lower())
    if status:
        queryset = queryset.filter(processing_status=status)
    if not include_keyframes:
        queryset = queryset.filter(source_asset_id=None)
    if q:
        text = q.strip()
        queryset = queryset.filter(
            Q(filename__icontains=text) | Q(description__icontains=text) | Q(tags=text.lower())
        )
    return queryset.order_by("-upload_timestamp")


def asset_counts() -> dict:
    by_kind = {kind: Asset.objects(kind=kind).count() for kind in ("image", "video")}
    by_status = {status: Asset.objects(processing_status=status).count()
                 for status in ("uploaded", "processing", "processed", "failed")}
    return {
        "total": sum(by_kind.values()),
        "by_kind": by_kind,
        "by_status": by_status,
        "with_features": Asset.objects(features__model__exists=True).count(),
        "total_bytes": _total_bytes(),
    }


def _total_bytes() -> int:
    # The range match lets the planner sum from the file_size index alone (a covered scan),
    # not read every document.
    rows = list(Asset.objects(file_size__gte=0).only("file_size").aggregate(
        [{"$group": {"_id": None, "total": {"$sum": "$file_size"}}}]))
    return int(rows[0]["total"]) if rows else 0


def assets_by_id(ids) -> dict[str, Asset]:
    """The assets among ``ids`` that exist, by id (missing ids are left out, not an error)."""
    ids = [i for i in set(ids) if i]
    return {a.id: a for a in Asset.objects(id__in=ids).exclude("features")} if ids else {}


def asset_source(asset: Asset) -> Asset | None:
    """The asset a derived one (a keyframe) was made from, if it still exists."""
    if not asset.source_asset_id:
        return None
    return Asset.objects(id=asset.source_asset_id).only("id", "filename").first()


def asset_library_facets(*, tag_limit: int) -> dict:
    """What the library browser offers to filter by: whether anything is stored, and its tags."""
    # MongoDB's distinct counts an empty tag list as null (mongomock left it out).
    tags = sorted(tag for tag in Asset.objects.distinct("tags") if tag)
    return {"empty": Asset.objects.count() == 0, "tags": tags[:tag_limit]}


def asset_picker(*, q: str = "", kind: str | None = None, limit: int = 12) -> list[Asset]:
    """A handful of assets for a type-ahead: name or tag contains ``q``, newest first (keyframes
    left out); a narrow projection so it answers in milliseconds on a large library."""
    queryset = Asset.objects(source_asset_id=None).only("id", "filename", "kind", "tags", "thumbnail_name",
                                                        "stored_name")
    if kind:
        queryset = queryset.filter(kind=kind)
    text = (q or "").strip()
    if text:
        queryset = queryset.filter(Q(filename__icontains=text) | Q(tags=text.lower()))
    return list(queryset.order_by("-upload_timestamp")[:limit])


def asset_neighbours(asset: Asset) -> dict:
    """The previous (newer) and next (older) asset in the library's default order."""
    base = Asset.objects(source_asset_id=None).only("id", "filename")
    newer = base.filter(upload_timestamp__gt=asset.upload_timestamp).order_by("upload_timestamp").first()
    older = base.filter(upload_timestamp__lt=asset.upload_timestamp).order_by("-upload_timestamp").first()
    return {"previous": newer, "next": older}


def assets_in_quality_range(queryset, *, low: float | None = None, high: float | None = None):
    """Narrow to images whose kept quality score lies in [low, high] (either end optional)."""
    if low is not None:
        queryset = queryset.filter(quality_score__gte=low)
    if high is not None:
        queryset = queryset.filter(quality_score__lte=high)
    return queryset


def features_missing_count(*, model: str, preprocessing: str) -> int:
    fresh = Asset.objects(features__model=model, features__preprocessing=preprocessing).count()
    return max(0, Asset.objects(processing_status__ne="failed").count() - fresh)


def quality_histogram(*, bins: int = 10) -> dict:
    """How many images have a kept quality score in each tenth of 0..100, and how many have none."""
    width = 100 / bins
    counts = [0] * bins
    for row in Asset.objects(kind="image", quality_score__ne=None).only("quality_score").as_pymongo():
        counts[min(bins - 1, int(row["quality_score"] // width))] += 1
    unscored = Asset.objects(kind="image", quality_score=None, source_asset_id=None).count()
    return {"bins": [{"low": round(i * width, 1), "high": round((i + 1) * width, 1), "count": c}
                     for i, c in enumerate(counts)], "scored": sum(counts), "unscored": unscored}

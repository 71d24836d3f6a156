"""Search over the library: image->image through the vector index, text->metadata with
sentence embeddings, and near-duplicate groups.

Text embeddings of each asset's searchable text (file name words, tags, description, and what
the apps registered in ``context`` say about it, such as the scene context of shots cut from
it) are cached on the asset with a hash of that text, so a library is embedded once and again
only where its text changed.
"""
from __future__ import annotations

import hashlib

import numpy as np
from django.conf import settings

from analysis.engine import similarity as maths
from analysis.engine import text as text_model
from analysis.engine.vector_store import neighbour_pairs
from analysis.features.backlog import features_backlog_queue
from analysis.features.services import features_for, loaded_engine
from assets.documents import Asset
from assets.selectors import asset_get, assets_get_many
from assets.storage import media_url
from core.errors import ProcessingFailed, ValidationFailed
from core.limits import batch_check
from core.vectors import vector_to_bytes
from dinov3site.config.services import config_value

from .context import search_context_for
from .documents import TextVector
from .index import index_get
from .text_search import text_search_ranked
from .text_stores import ASSET_TEXTS, source_changed


def _text_of(asset: Asset) -> str:
    return text_model.asset_text(filename=asset.filename, tags=asset.tags or [],
                                 description=asset.description or "", shot_context=search_context_for(asset_id=asset.id))


def _text_vectors_refresh(assets: list[Asset]) -> None:
    """Embed the assets whose text changed since their vector was made (or that have none),
    save them and log them, so the asset-text store has them before it answers."""
    texts = [_text_of(asset) for asset in assets]
    hashes = [hashlib.sha1(text.encode()).hexdigest() for text in texts]
    stored = {row["_id"]: row.get("text_hash") for row in TextVector._get_collection().find(
        {"_id": {"$in": [a.id for a in assets]}}, {"text_hash": 1})}
    stale = [i for i, asset in enumerate(assets) if stored.get(asset.id) != hashes[i]]
    if not stale:
        return
    try:
        fresh = text_model.embed_texts([texts[i] for i in stale])
    except text_model.TextModelUnavailable as exc:
        raise ProcessingFailed(f"The text model could not be loaded: {exc}") from exc
    for row, i in enumerate(stale):
        TextVector(id=assets[i].id, text_hash=hashes[i], vector=vector_to_bytes(fresh[row])).save()
    source_changed(ASSET_TEXTS, [assets[i].id for i in stale])


def _results(hits: list[tuple[str, float]], names: dict[str, Asset]) -> list[dict]:
    rows = []
    for rank, (asset_id, score) in enumerate(hits, 1):
        asset = names[asset_id]
        rows.append({"rank": rank, "asset_id": asset_id, "filename": asset.filename, "kind": asset.kind,
                     "tags": asset.tags, "score": round(float(score), 6),
                     "thumbnail_url": media_url(asset.thumbnail_name),
                     "similarity_percentage": maths.percentage(float(score))})
    return rows


def library_features_complete() -> int:
    """Queue extraction of the vectors the library lacks (a job: never inside this request, except
    in eager mode, where the job runs at once); searches use the vectors extracted so far."""
    engine = loaded_engine()
    return features_backlog_queue(model=engine.settings.model_name,
                                  preprocessing=engine.preprocessing_version)["missing"]


def search_semantic(*, query_text: str | None = None, query_asset_id: str | None = None,
                    asset_ids: list[str] | None = None, limit: int = 10) -> dict:
    if bool(query_text) == bool(query_asset_id):
        raise ValidationFailed("Give exactly one of query_text or query_asset_id.",
                               details={"query_text": ["Or query_asset_id."]})
    scope = (assets_get_many(asset_ids=batch_check(list(dict.fromkeys(asset_ids)), limit=settings.MAX_BATCH_SIZE))
             if asset_ids else None)
    if query_asset_id:
        return _search_by_image(asset_get(asset_id=query_asset_id, field="query_asset_id"), scope, limit)
    return _search_by_text(query_text, scope, limit)


def _search_by_image(query: Asset, scope: list[Asset] | None, limit: int) -> dict:
    engine = loaded_engine()
    if scope is not None:
        vector = features_for(assets=[query, *scope])[query.id]
        others = {a.id for a in scope if a.id != query.id}
        store = index_get(model=engine.settings.model_name, preprocessing=engine.preprocessing_version)
        ranked = store.search(vector, limit, restrict_to=others) if others else []
        searched = len(others)
    else:
        vector = features_for(assets=[query])[query.id]
        library_features_complete()
        store = index_get(model=engine.settings.model_name, preprocessing=engine.preprocessing_version)
        ranked = store.search(vector, limit, exclude={query.id})
        searched = max(store.count() - 1, 0)
    names = {a.id: a for a in Asset.objects(id__in=[asset_id for asset_id, _ in ranked])}
    return {"mode": "image->image", "query_asset_id": query.id, "searched": searched,
            "results": _results([h for h in ranked if h[0] in names], names)}


def _search_by_text(query: str, scope: list[Asset] | None, limit: int) -> dict:
    assets = scope if scope is not None else list(Asset.objects.exclude("features"))
    if not assets:
        return {"mode": "text->metadata", "query_text": query, "searched": 0, "results": []}
    _text_vectors_refresh(assets)
    try:
        query_vector = text_model.embed_texts([query])[0]
    except text_model.TextModelUnavailable as exc:
        raise ProcessingFailed(f"The text model could not be loaded: {exc}") from exc
    names = {a.id: a for a in assets}
    ranked = text_search_ranked(query_vector, limit, known=names, restrict_to=set(names) if scope is not None else None)
    return {"mode": "text->metadata", "query_text": query, "searched": len(assets),
            "note": "No text-image model is configured: text matches the assets' names, tags, descriptions "
                    "and shot context by meaning (sentence embeddings).",
            "results": _results(ranked, names)}


def near_duplicates_find(*, asset_ids: list[str] | None = None, threshold: float | None = None) -> dict:
    threshold = config_value("near_duplicate_threshold") if threshold is None else float(threshold)
    if asset_ids:
        assets = assets_get_many(asset_ids=batch_check(list(dict.fromkeys(asset_ids)), limit=settings.MAX_BATCH_SIZE))
        vectors = features_for(assets=assets)
        groups = maths.near_duplicate_groups([a.id for a in assets], np.stack([vectors[a.id] for a in assets]),
                                             threshold)
        searched = len(assets)
    else:
        library_features_complete()
        engine = loaded_engine()
        store = index_get(model=engine.settings.model_name, preprocessing=engine.preprocessing_version)
        pairs = neighbour_pairs(store, threshold)
        ids = sorted({x for a, b, _ in pairs for x in (a, b)})
        groups = maths.groups_from_pairs(ids, store.get_vectors(ids), pairs) if ids else []
        searched = store.count()
    for group in groups:
        group["checksum_identical"] = len({a.checksum_sha256 for a in Asset.objects(id__in=group["asset_ids"])}) == 1
    return {"threshold": threshold, "searched": searched, "total_groups": len(groups), "groups": groups}

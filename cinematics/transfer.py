"""Move a shot library between installations: export records to JSON, import them idempotently.

Asset ids differ between installations (import_media gives new ones), so each record carries
its video's and keyframe's SHA-256 too: an import finds them by id, else by content. Keyframe
vectors travel with the model name and preprocessing that made them (compared only with the
same model's); text embeddings are recomputed. Importing the same file twice changes nothing.
"""
from __future__ import annotations

import base64
from collections.abc import Callable, Iterable, Iterator

from assets.documents import Asset, now_ms

from .documents import Shot
from assets.selectors import assets_by_id

from .selectors import library_changed
from .tag_services import tags_sync
from .text import text_vectors_refresh

FORMAT = "dinov3-shot-library"
VERSION = 1
FIELDS = ("shot_number", "start_time", "end_time", "duration", "start_frame", "end_frame", "fps", "transition_in",
          "transition_frames", "keyframe_frame", "keyframe_time", "movement_type", "camera_angle", "emotional_tone",
          "measured_tone", "tone_overridden", "motion", "tone", "quality", "framing_basis", "technical_quality",
          "genre", "tags", "scene_context", "vector_model", "vector_preprocessing")


def _asset_ref(asset: Asset | None, asset_id: str | None) -> dict | None:
    if not asset_id:
        return None
    return {"asset_id": asset_id, "filename": asset.filename if asset else None,
            "checksum_sha256": asset.checksum_sha256 if asset else None}


def shot_records(shots: Iterable[Shot]) -> Iterator[dict]:
    """One self-contained record per shot (in batches, so a large library streams)."""
    batch: list[Shot] = []
    for shot in shots:
        batch.append(shot)
        if len(batch) == 200:
            yield from _records(batch)
            batch = []
    yield from _records(batch)


def _records(batch: list[Shot]) -> Iterator[dict]:
    assets = assets_by_id([s.video_asset_id for s in batch] + [s.keyframe_asset_id for s in batch])
    for shot in batch:
        record = {"id": shot.id, **{name: getattr(shot, name) for name in FIELDS}}
        record["tags"], record["transition_frames"] = list(shot.tags), shot.transition_frames
        record["video"] = _asset_ref(assets.get(shot.video_asset_id), shot.video_asset_id)
        record["keyframe"] = _asset_ref(assets.get(shot.keyframe_asset_id or ""), shot.keyframe_asset_id)
        record["keyframe_vector"] = base64.b64encode(shot.keyframe_vector).decode() if shot.keyframe_vector else None
        record["created_at"] = shot.created_at.isoformat() if shot.created_at else None
        yield record


def _resolve(ref: dict | None, kind: str) -> Asset | None:
    if not ref:
        return None
    asset = Asset.objects(id=ref.get("asset_id"), kind=kind).exclude("features").first()
    if asset is None and ref.get("checksum_sha256"):
        asset = Asset.objects(checksum_sha256=ref["checksum_sha256"], kind=kind).exclude("features").first()
    return asset


def shots_import(records: Iterable[dict], *, progress: Callable[[int], None] | None = None) -> dict:
    """Create or update shots from export records; records whose video is not here are skipped."""
    counts = {"created": 0, "updated": 0, "unchanged": 0, "skipped_missing_video": 0, "keyframes_missing": 0}
    stored: list[Shot] = []
    names: set[str] = set()
    for done, record in enumerate(records, 1):
        video = _resolve(record.get("video"), "video")
        if video is None:
            counts["skipped_missing_video"] += 1
            continue
        keyframe = _resolve(record.get("keyframe"), "image")
        counts["keyframes_missing"] += bool(record.get("keyframe") and keyframe is None)
        shot = Shot.objects(video_asset_id=video.id, shot_number=int(record["shot_number"])).first()
        state = "updated"
        if shot is None:
            taken = Shot.objects(id=record.get("id")).only("id").first() is not None
            shot = Shot(video_asset_id=video.id) if taken or not record.get("id") else Shot(id=record["id"],
                                                                                             video_asset_id=video.id)
            state = "created"
        before = shot.to_mongo().to_dict() if state == "updated" else None
        names.update(shot.tags or [])
        for name in FIELDS:
            if name in record:
                setattr(shot, name, record[name])
        shot.keyframe_asset_id = keyframe.id if keyframe else None
        vector = record.get("keyframe_vector")
        shot.keyframe_vector = base64.b64decode(vector) if vector and keyframe else None
        if shot.keyframe_vector is None:
            shot.vector_model = shot.vector_preprocessing = None
        if before is not None and _same(before, shot.to_mongo().to_dict()):
            counts["unchanged"] += 1
        else:
            shot.updated_at = now_ms()
            shot.save()
            counts[state] += 1
        stored.append(shot)
        names.update(shot.tags)
        if progress:
            progress(done)
    text_vectors_refresh(stored)
    tags_sync(names=names)
    library_changed()
    return counts


def _same(before: dict, after: dict) -> bool:
    ignore = {"updated_at", "text_vector", "text_hash"}
    return {k: v for k, v in before.items() if k not in ignore} == {k: v for k, v in after.items() if k not in ignore}

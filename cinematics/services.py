"""Writes on the shot library: store an analysis (the API and import_shots), edit a shot (the
admin), forget the shots of a deleted video, and keep keyframe vectors from this model.

Every door (API, admin, management commands) comes through these functions, so the tag
vocabulary (tag_services.tags_sync) and the text embeddings always follow the shots.
"""
from __future__ import annotations

from collections.abc import Callable

import mongoengine as me
import numpy as np

from analysis.features.services import features_for, loaded_engine
from assets.documents import Asset, now_ms
from assets.selectors import asset_get
from assets.services import clean_tags
from core.errors import ModelNotLoaded, ValidationFailed
from core.vectors import vector_to_bytes
from video.services import video_keyframes_tidy

from .documents import Shot
from .selectors import clean_label, library_changed
from .shot_texts import shot_texts_changed
from .tag_services import tags_sync
from .text import text_vectors_refresh

# Analyses report end times from decoded frames, which can run past the container's declared
# duration by a frame or so; a second of slack refuses only shots from another video.
END_SLACK_S = 1.0


def _keyframes(shots: list[dict]) -> dict[str, Asset]:
    """The keyframe assets the shots name (images only), by id as given."""
    found: dict[str, Asset] = {}
    for index, shot in enumerate(shots):
        asset_id = shot.get("keyframe_asset_id")
        if asset_id and asset_id not in found:
            found[asset_id] = asset_get(asset_id=asset_id, kind="image", field=f"shots[{index}].keyframe_asset_id")
    return found


def keyframe_vectors(assets: list[Asset]) -> tuple[dict[str, np.ndarray], str | None, str | None]:
    """DINOv3 vectors of keyframe assets from the features store (extracted when missing), with
    the model and preprocessing; none at all when the model is not loaded (filled in later)."""
    if not assets:
        return {}, None, None
    try:
        engine = loaded_engine()
    except ModelNotLoaded:
        return {}, None, None
    return features_for(assets=assets), engine.settings.model_name, engine.preprocessing_version


def _set_vector(shot: Shot, vector: np.ndarray | None, model: str | None, preprocessing: str | None) -> None:
    if vector is None:
        return
    shot.keyframe_vector = vector_to_bytes(vector)
    shot.vector_model, shot.vector_preprocessing = model, preprocessing


def shots_store(*, video_asset_id: str, shots: list[dict], scene_context: str = "", manual_tags: list[str] | None = None,
                genre: str | None = None, emotional_tone: str | None = None,
                progress: Callable[[int, int], None] | None = None, created_by: str | None = None) -> dict:
    """Create or update the shots of one video (same video and shot number: the same record).

    `shots` are analyze-video-shots items or minimal shots (docs/api.md's store-shot-data example), already validated.
    Client-sent `keyframe_features` are never stored: vectors come from the keyframe assets.
    A tone given here is the user's override; a later store without one keeps it.
    """
    video = asset_get(asset_id=video_asset_id, kind="video", field="video_asset_id")
    if not shots:
        raise ValidationFailed("shots is empty: give at least one shot.", details={"shots": ["Empty."]})
    limit = (video.duration or 0.0) + END_SLACK_S
    for index, item in enumerate(shots):
        if video.duration and item["start_time"] >= limit:
            raise ValidationFailed(f"Shot {index} starts at {item['start_time']} s, after the video ends "
                                   f"({video.duration} s).", details={f"shots[{index}].start_time": ["After the end."]})
    keyframes = _keyframes(shots)
    vectors, model, preprocessing = keyframe_vectors(list(keyframes.values()))
    tags = clean_tags(manual_tags or [])
    override = clean_label(emotional_tone) if emotional_tone else None
    existing = {s.shot_number: s for s in Shot.objects(video_asset_id=video.id)}
    before = {number: shot.to_mongo().to_dict() for number, shot in existing.items()}
    touched_tags: set[str] = set(tags)
    now = now_ms()
    prepared: list[Shot] = []
    for index, item in enumerate(shots):
        number = _shot_number(item, index, existing)
        shot = existing.get(number)
        if shot is None:
            shot = Shot(video_asset_id=video.id, shot_number=number, created_at=now, created_by=created_by)
        touched_tags.update(shot.tags or [])
        _apply(shot, item, video=video, tags=clean_tags(tags + list(item.get("tags") or [])),
               scene_context=scene_context, genre=genre, override=override)
        keyframe = keyframes.get(item.get("keyframe_asset_id") or "")
        if keyframe is None or keyframe.id != shot.keyframe_asset_id:  # a vector belongs to its keyframe
            shot.keyframe_vector = shot.vector_model = shot.vector_preprocessing = None
        shot.keyframe_asset_id = keyframe.id if keyframe else None
        _set_vector(shot, vectors.get(keyframe.id) if keyframe else None, model, preprocessing)
        shot.updated_at = now
        _check(shot, index)
        existing[number] = shot
        prepared.append(shot)
    stored, created = _save_all(prepared, video_id=video.id, before=before, progress=progress)
    if any(doc.get("keyframe_asset_id") not in (None, existing[n].keyframe_asset_id) for n, doc in before.items()):
        video_keyframes_tidy(video_asset_id=video.id)  # keyframes of an earlier analysis no shot shows now
    touched_tags.update(tag for shot in stored for tag in shot.tags)
    text_vectors_refresh(stored)
    tags_sync(names=touched_tags)
    library_changed()
    return {"video_asset_id": video.id, "stored_shots": len(stored), "created": created,
            "updated": len(stored) - created, "keyframe_vectors": sum(bool(s.keyframe_vector) for s in stored),
            "shot_ids": [s.id for s in stored], "shots": [shot_summary(s) for s in stored]}


def _check(shot: Shot, index: int) -> None:
    """The document's own checks, for every shot before any is written (a batch is all or nothing)."""
    try:
        shot.validate()
    except me.ValidationError as exc:
        errors = exc.to_dict() if hasattr(exc, "to_dict") else {}
        raise ValidationFailed(f"Shot {index} cannot be stored: {exc.message}",
                               details={f"shots[{index}].{name}": [str(problem)] for name, problem in errors.items()}
                               or {f"shots[{index}]": [str(exc)]}) from exc


def _save_all(shots: list[Shot], *, video_id: str, before: dict[int, dict],
              progress: Callable[[int, int], None] | None) -> tuple[list[Shot], int]:
    """Write the prepared shots; if one write fails, undo the others (new ones deleted, updated
    ones put back as they were), so a request stores all its shots or none."""
    saved: list[tuple[Shot, bool]] = []
    seen: set[int] = set()
    try:
        for shot in shots:
            is_new = shot.shot_number not in before and id(shot) not in seen
            seen.add(id(shot))
            try:
                shot.save()
            except me.NotUniqueError:
                # Another request stored this shot a moment ago: this one's values win, on that record.
                current = Shot.objects.get(video_asset_id=video_id, shot_number=shot.shot_number)
                before[shot.shot_number] = current.to_mongo().to_dict()
                shot.id, shot.created_at, is_new = current.id, current.created_at, False
                shot.save()
            saved.append((shot, is_new))
            if progress:
                progress(len(saved), len(shots))
    except Exception:
        collection = Shot._get_collection()
        for shot, _ in saved:
            if shot.shot_number in before:
                collection.replace_one({"_id": shot.id}, before[shot.shot_number])
            else:
                collection.delete_one({"_id": shot.id})
        raise
    return [shot for shot, _ in saved], sum(is_new for _, is_new in saved)


def _shot_number(item: dict, index: int, existing: dict[int, Shot]) -> int:
    """The analysis' shot_id; without one, the stored shot starting at the same time, else the position."""
    if item.get("shot_id"):
        return int(item["shot_id"])
    start = round(float(item["start_time"]), 3)
    same_start = [number for number, shot in existing.items() if abs(shot.start_time - start) < 0.0005]
    return same_start[0] if same_start else index + 1


def _apply(shot: Shot, item: dict, *, video: Asset, tags: list[str], scene_context: str, genre: str | None,
           override: str | None) -> None:
    start = float(item["start_time"])
    end = float(item["end_time"]) if item.get("end_time") is not None else start + float(item["duration"])
    shot.start_time, shot.end_time = round(start, 3), round(end, 3)
    shot.duration = round(float(item.get("duration") or end - start), 3)
    shot.start_frame, shot.end_frame = item.get("start_frame"), item.get("end_frame")
    shot.fps = video.fps
    shot.transition_in = (clean_label(item.get("transition_in") or item.get("transition_type"))
                          or ("start" if shot.shot_number == 1 else "cut"))
    shot.transition_frames = list(item["transition_frames"]) if item.get("transition_frames") else None
    shot.keyframe_frame, shot.keyframe_time = item.get("keyframe_frame"), item.get("keyframe_time")
    shot.movement_type = clean_label(item.get("movement_type")) or "static"
    shot.camera_angle = clean_label(item.get("camera_angle"))
    for name in ("motion", "tone", "quality", "framing_basis"):
        setattr(shot, name, dict(item.get(name) or {}))
    shot.technical_quality = item.get("technical_quality")
    shot.measured_tone = clean_label(item.get("emotional_tone")) or shot.measured_tone or "neutral"
    if override:
        shot.emotional_tone, shot.tone_overridden = override, True
    elif not shot.tone_overridden:
        shot.emotional_tone = shot.measured_tone
    if genre is not None:
        shot.genre = clean_label(genre)
    shot.tags = tags
    shot.scene_context = (item.get("scene_context") or scene_context).strip()


def shot_summary(shot: Shot) -> dict:
    """The searchable metadata of a stored shot (store-shot-data's answer)."""
    return {"shot_id": shot.id, "shot_number": shot.shot_number, "video_asset_id": shot.video_asset_id,
            "start_time": shot.start_time, "end_time": shot.end_time, "duration": shot.duration,
            "movement_type": shot.movement_type, "camera_angle": shot.camera_angle,
            "emotional_tone": shot.emotional_tone, "tone_overridden": shot.tone_overridden, "genre": shot.genre,
            "tags": list(shot.tags), "scene_context": shot.scene_context, "keyframe_asset_id": shot.keyframe_asset_id,
            "keyframe_vector": bool(shot.keyframe_vector), "technical_quality": shot.technical_quality}


def shot_update(*, shot: Shot, tags: list[str] | None = None, emotional_tone: str | None = None,
                genre: str | None = None, scene_context: str | None = None) -> Shot:
    """A curator's edit: new tags, tone (an override), genre or scene context."""
    before = set(shot.tags or [])
    if tags is not None:
        shot.tags = clean_tags(tags)
    if emotional_tone is not None and clean_label(emotional_tone) != shot.emotional_tone:
        shot.emotional_tone, shot.tone_overridden = clean_label(emotional_tone), True
    if genre is not None:
        shot.genre = clean_label(genre)
    if scene_context is not None:
        shot.scene_context = scene_context.strip()
    shot.updated_at = now_ms()
    shot.save()
    text_vectors_refresh([shot])
    tags_sync(names=before | set(shot.tags))
    library_changed()
    return shot


def shots_on_asset_delete(asset: Asset) -> dict:
    """Delete hook: a video takes its shots with it; a deleted keyframe is unlinked from its shots."""
    shots = list(Shot.objects(video_asset_id=asset.id).only("id", "tags"))
    names = {tag for shot in shots for tag in shot.tags}
    Shot.objects(video_asset_id=asset.id).delete()
    shot_texts_changed([shot.id for shot in shots], gone=True)
    Shot.objects(keyframe_asset_id=asset.id).update(set__keyframe_asset_id=None, set__keyframe_vector=None)
    if names:
        tags_sync(names=names)
    library_changed()
    return {"shots": len(shots)}


def keyframes_in_library(asset_ids: list[str]) -> set[str]:
    """The keyframes among `asset_ids` that stored shots show: a re-analysis keeps them, so a
    curated shot keeps its picture until the new analysis is stored over it."""
    return {i for i in Shot.objects(keyframe_asset_id__in=asset_ids).distinct("keyframe_asset_id") if isinstance(i, str)}


def keyframe_vectors_complete(shots: list[Shot], *, model: str, preprocessing: str, limit: int = 200) -> int:
    """Fill the keyframe vectors that are missing or from another model (bounded per call)."""
    missing = [s for s in shots if s.keyframe_asset_id and s.keyframe_array(model=model, preprocessing=preprocessing) is None]
    missing = missing[:limit]
    assets = {a.id: a for a in Asset.objects(id__in=list({s.keyframe_asset_id for s in missing}))}
    vectors, model_name, prep = keyframe_vectors(list(assets.values()))
    for shot in missing:
        vector = vectors.get(shot.keyframe_asset_id)
        if vector is not None:
            _set_vector(shot, vector, model_name, prep)
            Shot.objects(id=shot.id).update_one(set__keyframe_vector=shot.keyframe_vector,
                                                set__vector_model=model_name, set__vector_preprocessing=prep)
    return len(missing)

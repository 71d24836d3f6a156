"""Reads of the shot library: one shot, filtered lists (API, admin, exports), the shot context
that text search adds to an asset, and the rows an export writes."""
from __future__ import annotations

import re
import uuid

from django.core.cache import cache
from mongoengine.queryset.visitor import Q

from assets.selectors import asset_id_normalise, assets_by_id
from assets.storage import media_url
from core.errors import NotFound

from .documents import Shot

# Vectors are large and only suggest-shots needs them.
LIST_EXCLUDE = ("keyframe_vector", "text_vector")


def shot_get(*, shot_id: str) -> Shot:
    shot = Shot.objects(id=asset_id_normalise(shot_id)).first() if asset_id_normalise(shot_id) else None
    if shot is None:
        raise NotFound("No such shot.", details={"shot_id": str(shot_id)[:100]})
    return shot


def clean_label(value: str | None) -> str:
    """Movement, framing, tone and genre labels: lower case with underscores ("Close Up" -> close_up)."""
    return "_".join(str(value or "").strip().lower().replace("-", " ").split())[:50]


def shot_list(*, movement_type: str | None = None, emotional_tone: str | None = None, genre: str | None = None,
              tags: list[str] | None = None, video_asset_id: str | None = None, q: str | None = None,
              camera_angle: str | None = None, created_by: str | None = None):
    """Shots matching every filter given (tags: all of them), newest videos first, in shot order."""
    queryset = Shot.objects.exclude(*LIST_EXCLUDE)
    for field, value in (("movement_type", movement_type), ("emotional_tone", emotional_tone), ("genre", genre),
                         ("camera_angle", camera_angle)):
        if value:
            queryset = queryset.filter(**{field: clean_label(value)})
    if created_by:
        queryset = queryset.filter(created_by=created_by)
    if video_asset_id:
        queryset = queryset.filter(video_asset_id=asset_id_normalise(video_asset_id) or str(video_asset_id))
    for tag in tags or []:
        queryset = queryset.filter(tags=tag.strip().lower())
    if q and q.strip():
        text = q.strip()
        queryset = queryset.filter(Q(scene_context__icontains=text) | Q(tags=text.lower()) | Q(genre=clean_label(text)))
    return queryset.order_by("-created_at", "video_asset_id", "shot_number")


def shot_distinct(*, field: str) -> list[str]:
    """The stored values of a label field, sorted (anything but a non-empty string is skipped)."""
    return sorted({v for v in Shot.objects.distinct(field) if isinstance(v, str) and v})


def shot_facets(*, tag_limit: int) -> dict:
    """What the shot library page offers to filter by: the stored genres and tags, and the count."""
    return {"genres": shot_distinct(field="genre"), "tags": shot_distinct(field="tags")[:tag_limit],
            "total": Shot.objects.count()}


def shot_links(shots: list[Shot]) -> dict[str, dict]:
    """For each shot: thumbnail and keyframe URLs (signed when the storage is private), and its video's name."""
    assets = assets_by_id([s.keyframe_asset_id for s in shots] + [s.video_asset_id for s in shots])
    links = {}
    for shot in shots:
        keyframe, video = assets.get(shot.keyframe_asset_id or ""), assets.get(shot.video_asset_id)
        links[shot.id] = {
            "thumbnail_url": media_url(keyframe.thumbnail_name) if keyframe else (media_url(video.thumbnail_name) if video else None),
            "keyframe_url": media_url(keyframe.stored_name) if keyframe else None,
            "video_filename": video.filename if video else None,
        }
    return links


# Text search asks for every asset's shot context on each search; one scan of the library per
# change serves them all. Writes bump a token in the shared cache, so every process rebuilds.
_CONTEXT_TOKEN_KEY = "cinematics:library-token"
_contexts: dict = {"token": None, "by_asset": {}}


def library_changed() -> None:
    """Called by every write on shots (services, tag services, imports)."""
    cache.set(_CONTEXT_TOKEN_KEY, uuid.uuid4().hex, None)


def _context_text(shots: list[dict]) -> str:
    contexts = list(dict.fromkeys(s["scene_context"] for s in shots if s.get("scene_context")))
    labels = list(dict.fromkeys(x for s in shots for x in [*s.get("tags", []), s.get("genre"), s.get("emotional_tone")]
                                if x))
    text = ". ".join(contexts)
    if labels:
        text += (". " if text else "") + "Shots: " + ", ".join(re.sub(r"[_-]+", " ", x) for x in labels)
    return text


def shot_contexts() -> dict[str, str]:
    """asset id -> what the shot library says about it (videos and keyframes)."""
    token = cache.get(_CONTEXT_TOKEN_KEY)
    if token is None:
        cache.add(_CONTEXT_TOKEN_KEY, uuid.uuid4().hex, None)
        token = cache.get(_CONTEXT_TOKEN_KEY)
    if _contexts["token"] != token:
        grouped: dict[str, list[dict]] = {}
        fields = ("video_asset_id", "keyframe_asset_id", "shot_number", "scene_context", "tags", "genre",
                  "emotional_tone")
        for row in Shot.objects.order_by("video_asset_id", "shot_number").only(*fields).as_pymongo():
            for asset_id in {row.get("video_asset_id"), row.get("keyframe_asset_id")} - {None}:
                grouped.setdefault(asset_id, []).append(row)
        _contexts.update(token=token, by_asset={asset_id: _context_text(rows) for asset_id, rows in grouped.items()})
    return _contexts["by_asset"]


def shot_context_for_asset(*, asset_id: str) -> str:
    """What the shot library says about an asset, for text search: a video's scene contexts and
    shot tags, or, for a keyframe, those of the shot it represents. Empty when none."""
    return shot_contexts().get(str(asset_id), "")


def shots_export_rows(shots, *, absolute=lambda url: url) -> list[dict]:
    """Shots as media/export.py expects them: analysis field names, per-shot fps, source name
    and media URL (the video's, absolute through `absolute`)."""
    shots = list(shots)
    videos = assets_by_id([s.video_asset_id for s in shots])
    rows = []
    for shot in shots:
        video = videos.get(shot.video_asset_id)
        rows.append({
            "shot_id": shot.shot_number, "library_shot_id": shot.id, "video_asset_id": shot.video_asset_id,
            "start_frame": shot.start_frame, "end_frame": shot.end_frame, "start_time": shot.start_time,
            "end_time": shot.end_time, "duration": shot.duration, "transition_in": shot.transition_in,
            "transition_frames": shot.transition_frames, "movement_type": shot.movement_type,
            "camera_angle": shot.camera_angle, "emotional_tone": shot.emotional_tone,
            "tone_overridden": shot.tone_overridden, "technical_quality": shot.technical_quality,
            "motion": shot.motion, "tone": shot.tone, "quality": shot.quality, "framing_basis": shot.framing_basis,
            "keyframe_time": shot.keyframe_time, "keyframe_asset_id": shot.keyframe_asset_id, "genre": shot.genre,
            "tags": list(shot.tags), "scene_context": shot.scene_context,
            "fps": shot.fps or (video.fps if video else None) or 25.0,
            "source_name": video.filename if video else shot.video_asset_id,
            "media_url": absolute(media_url(video.stored_name)) if video else None,
        })
    return rows

"""Writes on assets: create from an uploaded file (the API, import_media and keyframes all come
here), and delete with everything derived from it.
"""
from __future__ import annotations

import hashlib
import io
import logging
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Callable

from django.conf import settings
from PIL import Image

from core.timing import Stopwatch
from dinov3site.accounts.audit import audit_record
from dinov3site.accounts.permissions import Actor, require
from dinov3site.accounts.roles import EDIT
from media import images
from media.limits import MediaLimits
from media.probe import probe_file
from media.video import poster_frame

from .documents import Asset
from .storage import file_delete, file_save

logger = logging.getLogger(__name__)

THUMBNAIL_SIZE = (384, 384)  # the web UI's grid cards are at most 384 px wide on retina screens
POSTER_SIZE = (1280, 1280)
_MAX_TAGS = 50

# Hooks other apps register to clean what they derived from an asset (features index, shots...).
# Each takes the asset and returns a dict of what it removed.
_delete_hooks: list[Callable[[Asset], dict]] = []


def asset_delete_hook_register(hook: Callable[[Asset], dict]) -> None:
    if hook not in _delete_hooks:
        _delete_hooks.append(hook)


# Apps above this one say which assets their stored work points at (the shot library's keyframes),
# so clean-ups that replace derived assets (re-analysing a video) keep those.
_reference_hooks: list[Callable[[list[str]], set[str]]] = []


def asset_reference_hook_register(hook: Callable[[list[str]], set[str]]) -> None:
    if hook not in _reference_hooks:
        _reference_hooks.append(hook)


def assets_referenced(*, asset_ids: list[str]) -> set[str]:
    """Which of these assets some stored work still points at (they must not be cleaned up)."""
    referenced: set[str] = set()
    for hook in _reference_hooks:
        referenced |= hook(list(asset_ids))
    return referenced


def media_limits() -> MediaLimits:
    """The limits every probe and decoder reads, from the settings of the same names."""
    return MediaLimits(
        max_image_pixels=settings.MAX_IMAGE_PIXELS,
        max_video_width=settings.MAX_VIDEO_WIDTH,
        max_video_height=settings.MAX_VIDEO_HEIGHT,
        max_video_fps=settings.MAX_VIDEO_FPS,
        max_video_duration_s=settings.MAX_VIDEO_DURATION_S,
        max_video_frames=settings.MAX_VIDEO_FRAMES,
        max_decoded_bytes=settings.MAX_DECODED_MB * 1024 * 1024,
    )


def clean_filename(name: str | None) -> str:
    """The client's file name for display: no folders, no control characters, bounded length."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    return name.strip()[:255] or "upload"


def clean_tags(tags: list[str] | str | None) -> list[str]:
    if isinstance(tags, str):
        tags = re.split(r"[,\n]", tags)
    seen: dict[str, None] = {}
    for tag in tags or []:
        tag = str(tag).strip().lower()[:100]
        if tag:
            seen.setdefault(tag, None)
    return list(seen)[:_MAX_TAGS]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def asset_create(
    *,
    path: Path,
    filename: str,
    tags: list[str] | str | None = None,
    description: str = "",
    source_asset_id: str | None = None,
    source_time: float | None = None,
    created_by: str | None = None,
) -> Asset:
    """Validate the file by content, store it under a generated name, thumbnail it, record it.

    Raises InvalidFileFormat or FileTooLarge before anything is stored. If storing the
    thumbnail or the document fails, the stored files are removed again.
    """
    clock = Stopwatch()
    path = Path(path)
    info = probe_file(path, limits=media_limits())
    checksum = file_sha256(path)
    original = Asset.objects(checksum_sha256=checksum, duplicate_of=None).only("id").first()
    asset = Asset(
        kind=info.kind,
        filename=clean_filename(filename),
        content_type=info.content_type,
        format=info.format,
        file_size=path.stat().st_size,
        width=info.width,
        height=info.height,
        checksum_sha256=checksum,
        duplicate_of=original.id if original else None,
        tags=clean_tags(tags),
        description=(description or "")[:5000],
        source_asset_id=source_asset_id,
        source_time=source_time,
        created_by=created_by,
        stored_name="pending",
    )
    if info.kind == "video":
        asset.duration = info.video["duration"]
        asset.fps = info.video["fps"]
        asset.frame_count = info.video["frame_count"]
    stored: list[str] = []
    try:
        with open(path, "rb") as handle:
            from django.core.files import File

            asset.stored_name = file_save(f"originals/{asset.id}.{info.extension}", File(handle))
        stored.append(asset.stored_name)
        asset.thumbnail_name, asset.poster_name = _derived_images_store(asset, path, stored)
        asset.processing_time = clock.seconds
        asset.save(force_insert=True)
    except Exception:
        for name in stored:
            file_delete(name)
        raise
    return asset


def asset_create_from_image(*, image: Image.Image, filename: str, **kwargs) -> Asset:
    """Store a PIL image (a keyframe, say) as a PNG asset through the same path as uploads."""
    with tempfile.NamedTemporaryFile(suffix=".png") as handle:
        images.to_rgb(image).save(handle, format="PNG")
        handle.flush()
        return asset_create(path=Path(handle.name), filename=filename, **kwargs)


def _derived_images_store(asset: Asset, path: Path, stored: list[str]) -> tuple[str, str | None]:
    if asset.kind == "image":
        picture = images.open_rgb(path, formats=[asset.format])
        poster_name = None
    else:
        # The first frame decoded in the probe, but no poster frame may: INVALID_FILE_FORMAT.
        picture = images.to_rgb(poster_frame(path))
        poster = picture.copy()
        poster.thumbnail(POSTER_SIZE)
        poster_name = file_save(f"posters/{asset.id}.jpg", _jpeg_bytes(poster))
        stored.append(poster_name)
    picture.thumbnail(THUMBNAIL_SIZE)
    thumbnail_name = file_save(f"thumbnails/{asset.id}.jpg", _jpeg_bytes(picture))
    stored.append(thumbnail_name)
    return thumbnail_name, poster_name


def _jpeg_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    images.to_rgb(image).save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def asset_delete(*, asset: Asset, actor: Actor | None = None, request=None) -> dict:
    """Delete an asset, its files, and everything other apps derived from it; say what went.
    With an `actor` (a person's or a pipeline's delete, not a clean-up), it must be allowed to
    (its own upload, or a curator), and the delete is audited."""
    if actor is not None:
        require(actor, EDIT, owner=asset.created_by, what=f"(deleting {asset.filename}, uploaded by "
                                                           f"{asset.created_by or 'nobody identified'})")
    cleaned: dict = {"asset_id": asset.id, "deleted": True}
    cleaned["stored_file"] = file_delete(asset.stored_name)
    cleaned["thumbnails"] = sum(file_delete(name) for name in (asset.thumbnail_name, asset.poster_name))
    cleaned["features"] = asset.features is not None
    for hook in _delete_hooks:
        try:
            cleaned.update(hook(asset))
        except Exception:  # noqa: BLE001 - one failing cleanup must not keep the asset alive
            logger.exception("Delete hook %s failed for asset %s", hook.__name__, asset.id)
    keyframes = list(Asset.objects(source_asset_id=asset.id))
    for keyframe in keyframes:
        asset_delete(asset=keyframe)
    cleaned["derived_keyframes"] = len(keyframes)
    asset.delete()
    if actor is not None:
        audit_record(actor=actor, action="asset.delete", target=asset.id, request=request,
                     details={"filename": asset.filename, "kind": asset.kind, "created_by": asset.created_by,
                              "derived_keyframes": len(keyframes), "shots": cleaned.get("shots", 0)})
    return cleaned

"""Feature extraction for assets: one path for the API, batch jobs, reindex and other apps.

Vectors are stored on the asset with the model name, dimension and preprocessing version that
produced them, and cached (Redis when configured) for FEATURES_CACHE_SECONDS. A vector made by
another model or preprocessing is stale: it is never returned, and re-extracted on demand.
"""
from __future__ import annotations

import base64
import hashlib
import io
import logging
import time
from typing import Callable, ContextManager, Iterable

import numpy as np
from django.conf import settings
from django.core.cache import cache
from PIL import Image

from analysis import engine as ml
from assets.documents import Asset, FeatureVector, now_ms
from assets.selectors import asset_get
from assets.services import media_limits
from assets.storage import file_read, local_copy
from core import errors
from core.metrics import record_inference, record_processed
from core.timing import Stopwatch
from core.vectors import vector_from_bytes, vector_to_bytes
from media.errors import VideoError
from media.frames import sample_frames
from media.video import probe_video

from .selectors import engine, stored_vector

logger = logging.getLogger(__name__)
# Frames embedded for a video's vector: enough to cover its shots, cheap enough for one request.
VIDEO_SAMPLE_FRAMES = 8
_listening: set[int] = set()


def decode_failures() -> ContextManager[None]:
    """Around engine calls on stored assets: an image that no longer decodes fails the extraction
    (PROCESSING_FAILED); the engine's other errors answer as they are (503 without weights...)."""
    return errors.processing_failure("Feature extraction failed", ml.ImageDecodeError)


def loaded_engine() -> ml.Dinov3Engine:
    current = engine()
    current.load()
    if id(current) not in _listening:
        current.add_batch_listener(lambda size, seconds: record_inference(seconds, size))
        _listening.add(id(current))
    return current


def _cache_key(asset_id: str, model: str, preprocessing: str) -> str:
    digest = hashlib.sha1(f"{model}|{preprocessing}".encode()).hexdigest()[:16]
    return f"features:{asset_id}:{digest}"


def _store(asset: Asset, vector: np.ndarray, current: ml.Dinov3Engine, *, source: str, frames: int) -> FeatureVector:
    features = FeatureVector(
        model=current.settings.model_name, dim=int(vector.shape[0]), preprocessing=current.preprocessing_version,
        vector=vector_to_bytes(vector), extracted_at=now_ms(),
        source=source, frames=frames,
    )
    Asset.objects(id=asset.id).update_one(set__features=features, set__processing_status="processed")
    asset.features, asset.processing_status = features, "processed"
    cache.set(_cache_key(asset.id, features.model, features.preprocessing), features.vector,
              settings.FEATURES_CACHE_SECONDS)
    for listener in _feature_listeners:
        listener(asset, vector)
    return features


# The vector index (and any other follower) sees new vectors through these listeners,
# registered in ``AnalysisConfig.ready``.
_feature_listeners: list[Callable[[Asset, np.ndarray], None]] = []


def features_listener_register(listener: Callable[[Asset, np.ndarray], None]) -> None:
    if listener not in _feature_listeners:
        _feature_listeners.append(listener)


def cached_vector(asset: Asset, current: ml.Dinov3Engine) -> np.ndarray | None:
    model, preprocessing = current.settings.model_name, current.preprocessing_version
    raw = cache.get(_cache_key(asset.id, model, preprocessing))
    if raw is not None and asset.features is not None and asset.features.preprocessing == preprocessing:
        return vector_from_bytes(raw, copy=True)
    vector = stored_vector(asset, model=model, preprocessing=preprocessing)
    if vector is not None:
        cache.set(_cache_key(asset.id, model, preprocessing), asset.features.vector, settings.FEATURES_CACHE_SECONDS)
    return vector


def _video_vector(asset: Asset, current: ml.Dinov3Engine) -> tuple[np.ndarray, int]:
    limits = media_limits()
    with errors.processing_failure("Frames could not be read", VideoError):
        with local_copy(asset.stored_name) as path:
            info = probe_video(path, limits)
            frames = sample_frames(str(path), info, count=VIDEO_SAMPLE_FRAMES, limits=limits,
                                   deadline=time.monotonic() + 120)
    with decode_failures():
        vectors = current.embed_images([Image.fromarray(frame) for frame in frames])
    mean = vectors.mean(axis=0)
    return mean / max(float(np.linalg.norm(mean)), 1e-12), len(frames)


def features_extract(*, asset: Asset, force: bool = False) -> tuple[FeatureVector, bool]:
    """The asset's features and whether they came from the store/cache (``cached``)."""
    current = loaded_engine()
    if not force and cached_vector(asset, current) is not None:
        return asset.features, True
    if asset.kind == "video":
        vector, frames = _video_vector(asset, current)
        source = f"video: mean of {frames} sampled frames"
    else:
        with decode_failures():
            vector, frames, source = current.embed_files([file_read(asset.stored_name)])[0], 1, "image"
    record_processed("features")
    return _store(asset, vector, current, source=source, frames=frames), False


def features_for(*, assets: list[Asset], force: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> dict[str, np.ndarray]:
    """Vectors for many assets (id -> unit vector), extracting the missing (or all, with force) in batches."""
    current = loaded_engine()
    vectors: dict[str, np.ndarray] = {}
    missing_images: list[Asset] = []
    for asset in assets:
        vector = None if force else cached_vector(asset, current)
        if vector is not None:
            vectors[asset.id] = vector
        elif asset.kind == "video":
            vectors[asset.id], frames = _video_vector(asset, current)
            _store(asset, vectors[asset.id], current, source=f"video: mean of {frames} sampled frames", frames=frames)
        else:
            missing_images.append(asset)
    done = len(assets) - len(missing_images)
    if progress:
        progress(done, len(assets))
    for batch in _embed_assets(current, missing_images):
        for asset, vector in batch:
            vectors[asset.id] = vector
            _store(asset, vector, current, source="image", frames=1)
        done += len(batch)
        if progress:
            progress(done, len(assets))
    if missing_images:
        record_processed("features", len(missing_images))
    return vectors


def _embed_assets(current: ml.Dinov3Engine, assets: list[Asset]) -> Iterable[list[tuple[Asset, np.ndarray]]]:
    by_id = {asset.id: asset for asset in assets}
    with decode_failures():
        for batch in current.embed_stream((asset.id, file_read(asset.stored_name)) for asset in assets):
            if batch.failures:
                asset_id, error = next(iter(batch.failures.items()))
                raise errors.ProcessingFailed(f"Asset {asset_id} could not be decoded: {error.message}",
                                              details={"asset_id": asset_id})
            yield [(by_id[key], vector) for key, vector in zip(batch.keys, batch.vectors)]


def features_batch_extract(*, asset_ids: list[str], force: bool = False,
                           progress: Callable[[int, int], None] | None = None) -> dict:
    """Per-asset outcome for batch-extract-features (unknown ids are reported, not fatal)."""
    clock = Stopwatch()
    results: list[dict] = []
    for index, asset_id in enumerate(asset_ids, 1):
        try:
            asset = asset_get(asset_id=asset_id)
            features, cached = features_extract(asset=asset, force=force)
            results.append({"asset_id": asset.id, "status": "cached" if cached else "extracted", "dim": features.dim})
        except errors.ModelNotLoaded:
            raise
        except errors.ApplicationError as exc:
            results.append({"asset_id": str(asset_id), "status": "failed",
                            "error": {"code": exc.code, "message": exc.message}})
        if progress:
            progress(index, len(asset_ids))
    counts = {status: sum(r["status"] == status for r in results) for status in ("extracted", "cached", "failed")}
    return {"results": results, "summary": {"total": len(results), **counts},
            "processing_time": clock.seconds}


def preprocess_describe(*, asset: Asset) -> dict:
    """The exact preprocessing for an image asset, with a PNG preview of the model input."""
    current = loaded_engine()
    with decode_failures():
        image = ml.open_image(file_read(asset.stored_name))
        described = current.preprocessor.describe(image)
        preview = current.preprocessor.preview(image)
    buffer = io.BytesIO()
    preview.save(buffer, format="PNG")
    return {**described, "model": current.settings.model_name,
            "preview_png": "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()}


def features_forget_cached(asset: Asset) -> dict:
    """Asset-delete hook (registered in ``AnalysisConfig.ready``): the cached vector goes with the asset."""
    if asset.features is not None:
        cache.delete(_cache_key(asset.id, asset.features.model, asset.features.preprocessing))
    return {}

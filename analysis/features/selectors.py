"""Reads about the model and stored features: status, description, GPU, vectors."""
from __future__ import annotations

import numpy as np
from django.conf import settings

from analysis.engine import Dinov3Engine, EngineSettings, get_engine
from analysis.engine import gpu_status as engine_gpu_status
from assets.documents import Asset
from core.tunables import engine_tunables
from core.vectors import vector_from_bytes
from dinov3site.jobs.roles import in_worker_process, model_runs_here
from dinov3site.jobs.selectors import workers_alive


def engine_settings() -> EngineSettings:
    """Engine settings from the environment's tunables, with the model, device and batch from Django
    settings; a worker batches concurrent calls (DINOV3_BATCH_WAIT_MS)."""
    batching = {"batch_wait_ms": settings.DINOV3_BATCH_WAIT_MS} if in_worker_process() else {}
    return EngineSettings.from_tunables(
        engine_tunables(), model_name=settings.DINOV3_MODEL_NAME, device=settings.DINOV3_DEVICE,
        batch_size=settings.DINOV3_BATCH_SIZE, **batching)


def engine() -> Dinov3Engine:
    return get_engine(engine_settings())


def gpu_status() -> dict:
    """The accelerator of the process that runs the model (a worker's, seen from a web process)."""
    if model_runs_here():
        return engine_gpu_status()
    workers = [w for w in workers_alive() if w.gpu]
    return workers[0].gpu if workers else engine_gpu_status()


def _no_worker_status() -> dict:
    current_settings = engine_settings()
    return {"loaded": False, "name": current_settings.model_name, "device": None, "dtype": None, "dim": None,
            "preprocessing_version": None, "error": "No worker process is running: the model runs in workers.",
            "instructions": "Start one: celery -A dinov3site worker -Q gpu,celery -P threads -c 8 "
                            "(scripts/serve.sh starts it for you)."}


def model_status() -> dict:
    """health.model: tries to load once (cheap when weights are missing: the failure is remembered).

    A web process never loads the model: it answers with what the freshest worker reported."""
    if not model_runs_here():
        workers = [w for w in workers_alive() if w.model]
        return dict(workers[0].model) if workers else _no_worker_status()
    current = engine()
    try:
        current.load()
    except Exception:  # noqa: BLE001 - status reports the failure below
        pass
    status = current.status()
    return {
        "loaded": status["loaded"], "name": status["name"], "device": status["device"], "dtype": status["dtype"],
        "dim": status["dim"], "preprocessing_version": status["preprocessing_version"],
        "error": status["error"], "instructions": status["instructions"],
    }


def stored_vector(asset: Asset, *, model: str, preprocessing: str) -> np.ndarray | None:
    """The asset's vector if it came from this model and preprocessing; stale vectors are None."""
    features = asset.features
    if features is None or features.model != model or features.preprocessing != preprocessing:
        return None
    return vector_from_bytes(features.vector, copy=True)


ORIGIN_INDEX = [("features.model", 1), ("features.preprocessing", 1)]


def assets_without_vectors(*, model: str, preprocessing: str, limit: int) -> list[str]:
    """Ids of the newest assets with no vector of this model and preprocessing (none, or a stale one).

    Both branches are ranges of the (features.model, features.preprocessing) index ($ne is two
    ranges around the value; a missing vector sorts with null), so the cost follows the backlog,
    not the size of the library."""
    stale = {"$or": [{"features.model": {"$ne": model}},
                     {"features.model": model, "features.preprocessing": {"$ne": preprocessing}}]}
    # Hinted: left to itself the planner walks the upload-time index for the order, which reads
    # the whole library when nothing is stale; this reads the stale ones and keeps the newest.
    return list(Asset.objects(__raw__=stale).hint(ORIGIN_INDEX).order_by("-upload_timestamp").limit(limit).scalar("id"))


# What each family of endpoints needs; shown by model-info so users know what works now.
CAPABILITIES = {
    "features": "extract-features, batch-extract-features, preprocess-image",
    "similarity": "calculate-similarity, find-best-match, validate-consistency, batch-similarity, character-*",
    "search": "semantic-search (image->image), near-duplicates, feature-clustering, anomaly-detection",
    "without_model": "upload, media, quality, video shot boundaries and movement, text search, shot library",
}


def model_describe() -> dict:
    """model-info: the full description when loaded, else what is configured and how to fix it."""
    current = engine()
    status = model_status()
    if status["loaded"]:
        info = current.info()
        return {**info, "loaded": True, "embedding_dim": info["embedding_dim"], "instructions": None,
                "capabilities": {name: True for name in CAPABILITIES} | {"endpoints": CAPABILITIES}}
    return {
        "loaded": False, "name": status["name"], "device": status["device"], "dtype": status["dtype"],
        "embedding_dim": None, "patch_size": None, "architecture": None, "preprocessing": None,
        "error": status["error"], "instructions": status["instructions"],
        "capabilities": {name: name == "without_model" for name in CAPABILITIES} | {"endpoints": CAPABILITIES},
    }

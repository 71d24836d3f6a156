"""extract-missing-features: one job extracting the features of every asset without them."""
from __future__ import annotations

from typing import Callable

from assets.documents import Asset
from core.errors import ModelNotLoaded
from dinov3site.jobs.documents import Job
from dinov3site.jobs.services import job_submit

from .selectors import model_status
from .services import features_batch_extract


def features_missing_ids(*, model: str, preprocessing: str) -> list[str]:
    """Ids of images and videos (keyframes included) with no features from this model and preprocessing."""
    fresh = set(Asset.objects(features__model=model, features__preprocessing=preprocessing).scalar("id"))
    return [i for i in Asset.objects(processing_status__ne="failed").order_by("-upload_timestamp").scalar("id")
            if i not in fresh]


def features_missing_submit(*, task) -> tuple[Job | None, int]:
    """A job extracting the features of every asset without them (None when none is missing)."""
    status = model_status()  # what the workers report: the web process never loads the model
    if not status["loaded"]:
        raise ModelNotLoaded(f"The DINOv3 model is not loaded: {status.get('error') or 'no worker has it'}.",
                             details={"how_to_fix": status.get("instructions")})
    ids = features_missing_ids(model=status["name"], preprocessing=status["preprocessing_version"])
    if not ids:
        return None, 0
    job = job_submit(kind="features.missing", params={"asset_ids": ids, "force": False}, total=len(ids), task=task)
    return job, len(ids)


def features_missing_run(*, asset_ids: list[str], progress: Callable[[int, int], None]) -> dict:
    return features_batch_extract(asset_ids=asset_ids, progress=progress)["summary"]

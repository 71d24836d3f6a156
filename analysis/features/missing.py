"""Library-wide work the web UI starts as jobs: features for everything missing, quality scores.

The scores are kept on the asset (``quality_score``) so the library can sort by quality and
draw its distribution without measuring anything while a page renders.
"""
from __future__ import annotations

from typing import Callable

from assets.documents import Asset
from core.errors import ApplicationError, ModelNotLoaded
from dinov3site.jobs.documents import Job
from dinov3site.jobs.services import job_submit

from .quality_services import quality_analyze
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


def quality_scores_record(*, asset_ids: list[str], progress: Callable[[int, int], None] | None = None) -> dict:
    """Measure each image's quality and keep its score; videos and unreadable files are counted."""
    scored, skipped, errors = 0, 0, []
    for index, asset_id in enumerate(asset_ids, start=1):
        asset = Asset.objects(id=asset_id).only("id", "kind").first()
        if asset is None or asset.kind != "image":
            skipped += 1
        else:
            try:
                report = quality_analyze(asset_id=asset_id)
            except ApplicationError as exc:
                errors.append({"asset_id": asset_id, "code": exc.code, "message": exc.message})
            else:
                quality_score_keep(asset_id=asset_id, score=report["quality_score"])
                scored += 1
        if progress:
            progress(index, len(asset_ids))
    return {"scored": scored, "skipped": skipped, "errors": errors}


def quality_score_keep(*, asset_id: str, score: float) -> None:
    Asset.objects(id=asset_id).update_one(set__quality_score=round(float(score), 2))

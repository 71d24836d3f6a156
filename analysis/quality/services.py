"""Quality checks of image assets: the measures of ``analysis.engine.quality`` on stored files,
their reports stored on the asset, and the library's kept quality scores.

Nothing here needs the model. When DINOv3 is loaded, composition also uses its patch tokens
for the subject position; without it, pixel saliency answers and the result says so.
"""
from __future__ import annotations

import hashlib
import io
import json
import logging
from pathlib import Path
from typing import Callable

from django.conf import settings
from PIL import Image

from analysis.engine import quality, to_rgb
from analysis.features.selectors import engine
from assets.documents import Asset
from assets.selectors import asset_get
from assets.storage import file_read
from core.errors import ApplicationError, ProcessingFailed, ValidationFailed
from core.limits import batch_check
from core.metrics import record_processed
from dinov3site.config.services import config_value

logger = logging.getLogger(__name__)

# A stored report is reused while the measures that made it are unchanged: their source decides.
QUALITY_VERSION = hashlib.sha1(b"".join(
    path.read_bytes() for path in sorted(Path(quality.__file__).parent.glob("*.py")))).hexdigest()[:16]


def _image(asset: Asset) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(file_read(asset.stored_name)), formats=[asset.format])
        image.load()
        return image
    except Exception as exc:  # noqa: BLE001 - a stored file that no longer decodes
        raise ProcessingFailed(f"Asset {asset.id} could not be decoded.", details={"reason": str(exc)[:200]}) from exc


def _patch_tokens(image: Image.Image):
    """DINOv3 patch tokens when the model is loaded, else None (quality never needs the model)."""
    current = engine()
    if not current.loaded:
        try:
            current.load()
        except Exception:  # noqa: BLE001 - no model: pixel saliency is used instead
            return None
    try:
        return current.embed_with_patches([to_rgb(image)])[1][0]
    except Exception:  # noqa: BLE001 - composition still answers from pixels
        logger.warning("patch tokens unavailable for composition", exc_info=True)
        return None


def _measured(fn: Callable, **kwargs):
    try:
        return fn(**kwargs)
    except quality.ImageUnreadableError as exc:
        raise ProcessingFailed(str(exc)) from exc
    except ValueError as exc:
        raise ValidationFailed(str(exc), details={"intended_use": list(quality.INTENDED_USES)}) from exc


def _quality_report(asset: Asset, intended_use: str) -> dict:
    """The asset's quality report for this use: the stored one when the same measures made it
    from the same file, else measured now and stored."""
    entry = (asset.quality_reports or {}).get(intended_use) or {}
    if entry.get("version") == QUALITY_VERSION and entry.get("checksum") == asset.checksum_sha256 \
            and isinstance(entry.get("report"), dict):
        return dict(entry["report"])
    report = _measured(quality.measure_image, image=_image(asset), intended_use=intended_use).to_dict()
    report = json.loads(json.dumps(report, default=float))  # plain numbers, storable as they are
    record_processed("quality")
    Asset.objects(id=asset.id).update_one(**{f"set__quality_reports__{intended_use}": {
        "version": QUALITY_VERSION, "checksum": asset.checksum_sha256, "report": report}})
    return report


def quality_analyze(*, asset_id: str, intended_use: str = "web") -> dict:
    asset = asset_get(asset_id=asset_id, kind="image")
    report = _quality_report(asset, intended_use)
    threshold = config_value("quality_threshold")
    return {"asset_id": asset.id, **report, "quality_threshold": threshold,
            "passed": quality.passes(report, threshold)}


def image_metrics_analyze(*, asset_id: str, intended_use: str = "web") -> dict:
    asset = asset_get(asset_id=asset_id, kind="image")
    image = _image(asset)
    tokens = _patch_tokens(image)
    metrics = _measured(quality.image_metrics, image=image, intended_use=intended_use, patch_tokens=tokens)
    record_processed("quality")
    return {"asset_id": asset.id, **metrics}


def composition_analyze(*, asset_id: str) -> dict:
    asset = asset_get(asset_id=asset_id, kind="image")
    image = _image(asset)
    tokens = _patch_tokens(image)
    result = _measured(quality.analyze_composition, image=image, patch_tokens=tokens)
    record_processed("composition")
    return {"asset_id": asset.id, "used_dinov3_patch_tokens": tokens is not None, **result}


def quality_batch_check(*, asset_ids: list[str], quality_threshold: float | None = None, intended_use: str = "web",
                        progress: Callable[[int, int], None] | None = None) -> dict:
    """Score and pass/fail per asset; unknown ids and videos are reported, not fatal."""
    ids = list(dict.fromkeys(batch_check(asset_ids, limit=settings.MAX_BATCH_SIZE)))
    threshold = config_value("quality_threshold") if quality_threshold is None else quality_threshold
    threshold = threshold / 100.0 if threshold > 1 else threshold
    reports, errors = {}, []
    for index, asset_id in enumerate(ids, 1):
        try:
            asset = asset_get(asset_id=asset_id, kind="image")
            reports[asset.id] = _measured(quality.measure_image, image=_image(asset), intended_use=intended_use)
        except ApplicationError as exc:
            errors.append({"asset_id": str(asset_id), "error": {"code": exc.code, "message": exc.message}})
        if progress:
            progress(index, len(ids))
    record_processed("quality", len(reports))
    summary = quality.batch_summary(reports, threshold)
    summary["errors"] = errors
    summary["summary"]["errors"] = len(errors)
    return summary


# The scores are kept on the asset (``quality_score``) so the library can sort by quality and
# draw its distribution without measuring anything while a page renders.
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

"""The library map is projected once per change of the library's vectors and kept in the cache.

Small libraries are projected while the page renders (tens of milliseconds); above
INLINE_POINTS vectors the page queues ``library_map_task`` (one at a time) and says the map is
being drawn, so no page waits for a projection of thousands of vectors.
"""
from __future__ import annotations

from django.core.cache import cache

from assets.documents import Asset
from dinov3site.jobs.documents import Job
from dinov3site.jobs.services import job_submit

from .map_selectors import library_map, library_map_fingerprint

MAP_CACHE_S = 24 * 3600
INLINE_POINTS = 300  # PCA and k-means over 300 x 768 take ~50 ms on one core
KIND = "analysis.library_map"


def _key(model: str | None, preprocessing: str | None) -> str:
    return f"library-map:{model}:{preprocessing}:{library_map_fingerprint()}"


def library_map_make(*, model: str | None, preprocessing: str | None) -> dict:
    found = library_map(model=model, preprocessing=preprocessing)
    cache.set(_key(model, preprocessing), found, MAP_CACHE_S)
    return {"placed": found["placed"], "n_clusters": found["n_clusters"]}


def library_map_get(*, model: str | None, preprocessing: str | None, task) -> tuple[dict | None, Job | None]:
    """(the map, None) when it is ready; (None, the job drawing it) otherwise."""
    found = cache.get(_key(model, preprocessing))
    if found is not None:
        return found, None
    if Asset.objects(features__ne=None).count() <= INLINE_POINTS:
        found = library_map(model=model, preprocessing=preprocessing)
        cache.set(_key(model, preprocessing), found, MAP_CACHE_S)
        return found, None
    job = Job.objects(kind=KIND, status__in=["pending", "running"]).first()
    if job is None:
        job = job_submit(kind=KIND, params={"model": model, "preprocessing": preprocessing}, total=1, task=task)
    found = cache.get(_key(model, preprocessing))  # eager mode drew it just now
    return (found, None) if found is not None else (None, job)

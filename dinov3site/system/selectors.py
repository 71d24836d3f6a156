"""Reads for the system endpoints: component health and processing statistics.

The system is the top layer: it reads every app (the model and GPU from analysis, assets,
jobs), and nothing below imports it.
"""
from __future__ import annotations

import os
import time
from datetime import datetime, timezone

from django.conf import settings
from django.core.cache import cache

from analysis.features.selectors import engine, gpu_status, model_status
from assets.selectors import asset_counts
from assets.storage import default_storage, storage_kind
from core.metrics import PROCESSED
from dinov3site.api.metrics import latency_summary
from dinov3site.jobs.documents import Job
from dinov3site.jobs.selectors import job_queue_depth, workers_alive
from dinov3site.mongo import mongo_info, mongo_ping, mongo_server_version

STARTED_AT = time.time()


def database_status() -> dict:
    info = mongo_info()
    return {
        "connected": mongo_ping(),
        "type": "mongodb" if info and info.type == "mongodb" else (info.type if info else "none"),
        "engine": info.type if info else None,
        "persistent": bool(info and info.persistent),
        "version": mongo_server_version(),
        "single_threaded": bool(info and info.single_threaded),
    }


def cache_status() -> dict:
    backend = settings.CACHES["default"]["BACKEND"]
    kind = "redis" if "redis" in backend.lower() else "local-memory"
    try:
        cache.set("health:ping", "1", 10)
        connected = cache.get("health:ping") == "1"
    except Exception:  # noqa: BLE001 - health reports, never raises
        connected = False
    return {"connected": connected, "type": kind}


def storage_status() -> dict:
    kind = storage_kind()
    try:
        default_storage().exists("health-probe")
        connected = True
    except Exception:  # noqa: BLE001
        connected = False
    return {"connected": connected, "type": "cloudflare-r2" if kind == "s3" else "local"}


def queue_status() -> dict:
    eager = bool(settings.CELERY_TASK_ALWAYS_EAGER)
    broker = settings.CELERY_BROKER_URL.split(":", 1)[0]
    kind = "in-process (eager)" if eager else f"celery+{'redis' if broker.startswith('redis') else broker}"
    return {"type": kind, "eager": eager, **job_queue_depth()}


def process_status() -> dict:
    """This web process and the live workers: where the model is (web processes never load it)."""
    try:
        with open("/proc/self/statm") as handle:
            rss_mb = round(int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)
    except OSError:  # not Linux
        rss_mb = None
    return {
        "web": {"pid": os.getpid(), "rss_mb": rss_mb, "model_loaded": engine().loaded},
        "workers": [{"id": w.id, "queues": w.queues, "rss_mb": w.rss_mb, "model_loaded": bool(w.model.get("loaded")),
                     "beat_at": w.beat_at.strftime("%Y-%m-%dT%H:%M:%SZ")} for w in workers_alive()],
    }


def health_report() -> dict:
    database = database_status()
    model = model_status()
    if not database["connected"]:
        status = "unhealthy"
    elif not model["loaded"]:
        status = "degraded"
    else:
        status = "healthy"
    return {
        "status": status,
        "timestamp": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "version": settings.VERSION,
        "gpu": gpu_status(),
        "model": model,
        "database": database,
        "cache": cache_status(),
        "storage": storage_status(),
        "queue": queue_status(),
        "processes": process_status(),
        "auth_required": settings.API_AUTH_REQUIRED,
        "uptime_seconds": round(time.time() - STARTED_AT, 1),
    }


def stats_report() -> dict:
    processed = {}
    for metric in PROCESSED.collect():
        for sample in metric.samples:
            if sample.name.endswith("_total"):
                processed[sample.labels["operation"]] = int(sample.value)
    return {
        "assets": asset_counts(),
        "processing_volumes": processed,
        "jobs": {status: Job.objects(status=status).count() for status in ("pending", "running", "succeeded", "failed")},
        "endpoints": latency_summary(),
        "uptime_seconds": round(time.time() - STARTED_AT, 1),
        "note": "Request figures count this process since it started; asset counts are global.",
    }


def api_index() -> dict:
    """What ``GET /api/v1/`` answers: the service's name and version and where to read more."""
    site = settings.SITE_URL
    return {
        "name": settings.SPECTACULAR_SETTINGS["TITLE"],
        "version": settings.VERSION,
        "api": f"{site}/api/v1/",
        "docs": f"{site}/docs",
        "redoc": f"{site}/redoc",
        "schema": f"{site}/api/schema/",
        "openapi": f"{site}/openapi.json",
        "health": f"{site}/api/v1/health",
        "auth_required": settings.API_AUTH_REQUIRED,
    }

"""Prometheus counters of the work itself: processing operations, DINOv3 inference, error answers.

Services, tasks and the error handler record here; `dinov3site/api/metrics.py` adds the HTTP
request figures and the live values (queue, GPU) to the same registry and serves it. One registry
per process: under several gunicorn workers each worker reports its own figures (scrape each, or
run one worker per container). Imports nothing from Django.
"""
from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

ERRORS = Counter("dinov3_errors_total", "Error answers by envelope code.", ["code"], registry=REGISTRY)
INFERENCE = Histogram(
    "dinov3_inference_seconds", "DINOv3 forward time per batch.", registry=REGISTRY,
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30),
)
BATCH_SIZE = Histogram(
    "dinov3_inference_batch_size", "Images per DINOv3 forward batch.", registry=REGISTRY,
    buckets=(1, 2, 4, 8, 16, 32, 64, 128),
)
PROCESSED = Counter(
    "dinov3_processed_total", "Processing operations by kind (features, quality, video, ...).",
    ["operation"], registry=REGISTRY,
)


def record_error(code: str) -> None:
    ERRORS.labels(code=code).inc()


def record_inference(seconds: float, batch_size: int) -> None:
    INFERENCE.observe(seconds)
    BATCH_SIZE.observe(batch_size)


def record_processed(operation: str, count: int = 1) -> None:
    PROCESSED.labels(operation=operation).inc(count)

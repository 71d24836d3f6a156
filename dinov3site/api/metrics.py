"""Prometheus metrics: request counts and latency by endpoint, inference, errors.

One registry per process. Under several gunicorn workers each worker reports its own figures
(scrape each, or run one worker per container). The gauges read at scrape time (job queue
depth, GPU memory) read the jobs and the model: dinov3site.system registers them here when
Django is ready.
"""
from __future__ import annotations

import time

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

REGISTRY = CollectorRegistry(auto_describe=True)

REQUESTS = Counter(
    "dinov3_http_requests_total", "HTTP requests by endpoint, method and status.",
    ["endpoint", "method", "status"], registry=REGISTRY,
)
LATENCY = Histogram(
    "dinov3_http_request_duration_seconds", "HTTP request latency by endpoint.",
    ["endpoint"], registry=REGISTRY,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
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


def metrics_text() -> bytes:
    return generate_latest(REGISTRY)


def endpoint_label(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unmatched"
    return match.route or match.view_name or "unmatched"


def latency_summary() -> dict[str, dict[str, float]]:
    """Requests and mean latency per endpoint, for the stats endpoint."""
    out: dict[str, dict[str, float]] = {}
    for metric in LATENCY.collect():
        for sample in metric.samples:
            endpoint = sample.labels.get("endpoint")
            if sample.name.endswith("_count"):
                out.setdefault(endpoint, {})["requests"] = sample.value
            elif sample.name.endswith("_sum"):
                out.setdefault(endpoint, {})["total_seconds"] = sample.value
    for values in out.values():
        count = values.get("requests", 0)
        values["average_seconds"] = round(values.get("total_seconds", 0) / count, 4) if count else 0.0
    return out


# Label values for the request method: anything else (a client may send any token) counts as
# "other", so made-up methods cannot grow the metrics without bound.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"})


def method_label(method: str | None) -> str:
    return method if method in KNOWN_METHODS else "other"


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        endpoint = endpoint_label(request)
        if endpoint != "unmatched" or response.status_code != 404:
            LATENCY.labels(endpoint=endpoint).observe(time.perf_counter() - started)
        REQUESTS.labels(endpoint=endpoint, method=method_label(request.method),
                        status=str(response.status_code)).inc()
        return response

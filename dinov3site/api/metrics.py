"""Prometheus metrics over HTTP: request counts and latency by endpoint, and the text the metrics
endpoint serves.

They join the registry of `core/metrics.py`, where services record processing, inference and
error answers; the system app adds the live values read at scrape time (`system/metrics.py`).
One registry per process: under several gunicorn workers each worker reports its own figures
(scrape each, or run one worker per container).
"""
from __future__ import annotations

import time

from prometheus_client import Counter, Histogram, generate_latest

from core.metrics import REGISTRY

REQUESTS = Counter(
    "dinov3_http_requests_total", "HTTP requests by endpoint, method and status.",
    ["endpoint", "method", "status"], registry=REGISTRY,
)
LATENCY = Histogram(
    "dinov3_http_request_duration_seconds", "HTTP request latency by endpoint.",
    ["endpoint"], registry=REGISTRY,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)


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

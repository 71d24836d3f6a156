"""Synchronous model endpoints answered by a worker: the web process forwards, the worker answers.

A web process never loads the model. For the views named in ``settings.MODEL_WORKER_VIEWS``
(features, similarity, search, quality, video analysis, shot storage and suggestions) the
middleware sends the whole HTTP request (method, path, query, headers, body) as one task to the
``gpu`` queue and waits for the answer (``MODEL_CALL_TIMEOUT_S``). The worker runs it through
Django's own request handler, so authentication, CSRF, throttles, validation and the error
envelope behave exactly as in the web process; concurrent calls share forward passes there
(dynamic batching, ``analysis.engine.batching``). A request with ``"async": true`` only submits a
job and is answered by the web process itself. In eager mode (tests, the single-threaded
embedded fallback) nothing is forwarded.
"""
from __future__ import annotations

import base64
import io
import json
import logging

from celery import shared_task
from celery.exceptions import TimeoutError as CeleryTimeout
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpResponse, JsonResponse

from core.errors import envelope

from .roles import model_runs_here

logger = logging.getLogger(__name__)
# Marks a request the worker runs (an environ key no HTTP header can set: headers become HTTP_*).
IN_WORKER_KEY = "dinov3.in_worker"
_PASSED_META = ("REQUEST_METHOD", "PATH_INFO", "QUERY_STRING", "CONTENT_TYPE", "REMOTE_ADDR",
                "SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL")
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}
_handler: WSGIHandler | None = None


def _runs_on_worker(view_class) -> bool:
    name = f"{view_class.__module__}.{view_class.__qualname__}"
    return any(name == entry or (entry.endswith(".") and name.startswith(entry))
               for entry in settings.MODEL_WORKER_VIEWS)


def _asks_for_a_job(request, body: bytes) -> bool:
    if request.GET.get("async", "").lower() in ("1", "true"):
        return True
    if "json" in request.META.get("CONTENT_TYPE", "") and body:
        try:
            return json.loads(body).get("async") is True
        except (ValueError, AttributeError):
            return False
    return False


class ModelWorkerMiddleware:
    """Hands requests for model views to a worker and answers with the worker's response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if model_runs_here() or request.META.get(IN_WORKER_KEY):
            return None
        view_class = getattr(view_func, "cls", None) or getattr(view_func, "view_class", None)
        if view_class is None or not _runs_on_worker(view_class):
            return None
        body = request.body
        if _asks_for_a_job(request, body):
            return None
        return model_call_forward(request, body)


def model_call_forward(request, body: bytes):
    meta = {key: request.META[key] for key in _PASSED_META if key in request.META}
    meta.update({key: value for key, value in request.META.items()
                 if key.startswith("HTTP_") and isinstance(value, str)})
    meta["wsgi.url_scheme"] = request.scheme
    call = {"meta": meta, "body": base64.b64encode(body).decode()}
    result = api_call_task.apply_async(args=[call])  # the gpu queue: CELERY_TASK_ROUTES
    try:
        answer = result.get(timeout=settings.MODEL_CALL_TIMEOUT_S, interval=0.01)
    except CeleryTimeout:
        return JsonResponse(envelope(
            "PROCESSING_FAILED", f"No worker answered within {settings.MODEL_CALL_TIMEOUT_S:.0f} s.",
            {"how_to_fix": "Check that a worker runs: celery -A dinov3site worker -Q gpu,celery"}), status=504)
    finally:
        result.forget()
    response = HttpResponse(base64.b64decode(answer["body"]), status=answer["status"])
    for name, value in answer["headers"]:
        if name.lower() not in _HOP_BY_HOP:
            response.headers[name] = value
    return response


@shared_task(name="dinov3site.jobs.api_call_task", acks_late=True)
def api_call_task(call: dict) -> dict:
    """Run one forwarded HTTP request through Django's handler in this worker."""
    global _handler
    if _handler is None:
        _handler = WSGIHandler()
    body = base64.b64decode(call["body"])
    environ = {**call["meta"], "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body),
               "wsgi.errors": io.StringIO(), "wsgi.version": (1, 0), "wsgi.multithread": True,
               "wsgi.multiprocess": True, "wsgi.run_once": False, IN_WORKER_KEY: True}
    started: dict = {}

    def start_response(status, headers, exc_info=None):
        started["status"], started["headers"] = int(status.split(" ", 1)[0]), headers

    chunks = _handler(environ, start_response)
    try:
        content = b"".join(chunks)
    finally:
        if hasattr(chunks, "close"):
            chunks.close()
    return {"status": started["status"], "headers": started["headers"], "body": base64.b64encode(content).decode()}

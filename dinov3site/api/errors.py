"""One error type and one handler: every failure answers with the error envelope of docs/api.md.

``{"error": {"code", "message", "details", "timestamp"}}`` for domain errors
(ApplicationError subclasses, the engines' errors included: each carries its code, status and
headers), DRF's own exceptions and anything unexpected (logged, then PROCESSING_FAILED).
"""
from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions as drf
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import ApplicationError, envelope
from core.metrics import record_error

logger = logging.getLogger(__name__)


# DRF's exceptions, by class, mapped to the error codes of docs/api.md (first match wins).
_DRF_CODES: list[tuple[type, str]] = [
    (drf.ValidationError, "VALIDATION_ERROR"),
    (drf.ParseError, "VALIDATION_ERROR"),
    (drf.NotAuthenticated, "UNAUTHENTICATED"),
    (drf.AuthenticationFailed, "UNAUTHENTICATED"),
    (drf.PermissionDenied, "FORBIDDEN"),
    (drf.NotFound, "NOT_FOUND"),
    (drf.MethodNotAllowed, "METHOD_NOT_ALLOWED"),
    (drf.NotAcceptable, "NOT_ACCEPTABLE"),
    (drf.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE"),
    (drf.Throttled, "RATE_LIMITED"),
]


def _drf_message(exc: drf.APIException) -> tuple[str, Any]:
    detail = exc.detail
    if isinstance(exc, drf.ValidationError):
        return "The request is not valid; see details for each field.", detail
    if isinstance(exc, drf.Throttled):
        return f"Too many requests; retry in {exc.wait or 1:.0f} s.", {"retry_after": exc.wait}
    return str(detail), None


def envelope_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's EXCEPTION_HANDLER: wrap everything in the envelope, keep DRF's headers."""
    if isinstance(exc, ApplicationError):
        record_error(exc.code)
        return Response(envelope(exc.code, exc.message, exc.details), status=exc.http_status, headers=exc.headers)
    if isinstance(exc, RequestDataTooBig):
        record_error("FILE_TOO_LARGE")
        return Response(envelope("FILE_TOO_LARGE", "The request body is too large.", None), status=413)
    if isinstance(exc, Http404):
        exc = drf.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = drf.PermissionDenied()
    elif isinstance(exc, SuspiciousOperation):
        exc = drf.ParseError(str(exc) or "Malformed request.")
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled error in %s", context.get("view").__class__.__name__, exc_info=exc)
        record_error("PROCESSING_FAILED")
        return Response(
            envelope("PROCESSING_FAILED", "The request could not be processed.", {"type": type(exc).__name__}),
            status=500,
        )
    code = next((code for cls, code in _DRF_CODES if isinstance(exc, cls)), "PROCESSING_FAILED")
    message, details = _drf_message(exc)
    record_error(code)
    response.data = envelope(code, message, details)
    return response


def json_error_view(status: int, code: str, message: str, *, page: str | None = None):
    """Django-level handlers (handler404/500) for paths DRF never saw: the error envelope for the
    API and for clients that do not ask for HTML, the web UI's ``page`` for browsers elsewhere."""

    def view(request, exception=None):
        wants_page = "text/html" in request.headers.get("Accept", "") and not request.path.startswith("/api/")
        if page and wants_page:
            from django.shortcuts import render

            return render(request, page, status=status)
        return JsonResponse(envelope(code, message), status=status)

    return view


@csrf_exempt  # answers every method with 404: there is nothing to protect, and a POST must not get CSRF's page
def api_not_found(request, *args, **kwargs):
    """Any path under /api/ that no endpoint serves (in every mode, DEBUG included)."""
    record_error("NOT_FOUND")
    return JsonResponse(envelope("NOT_FOUND", f"No endpoint at {request.path}; see /api/v1/ and /docs."), status=404)

"""The project's errors: one type carrying the code a client reads, its HTTP status, a message and
details. Every layer raises these (or the engines' errors, which carry a code the same way);
`dinov3site/api/errors.py` is the one handler that turns them into the error envelope
``{"error": {"code", "message", "details", "timestamp"}}``. Imports nothing from Django.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any


class ApplicationError(Exception):
    """A failure the client can act on; subclasses fix the code and status."""

    code = "PROCESSING_FAILED"
    http_status = 500

    def __init__(self, message: str, *, details: Any = None, headers: dict | None = None):
        super().__init__(message)
        self.message = message
        self.details = details
        self.headers = headers or {}


class ValidationFailed(ApplicationError):
    code, http_status = "VALIDATION_ERROR", 400


class InvalidFileFormat(ApplicationError):
    code, http_status = "INVALID_FILE_FORMAT", 400


class BatchTooLarge(ApplicationError):
    code, http_status = "BATCH_TOO_LARGE", 400


class AssetNotFound(ApplicationError):
    code, http_status = "ASSET_NOT_FOUND", 404


class NotFound(ApplicationError):
    code, http_status = "NOT_FOUND", 404


class FileTooLarge(ApplicationError):
    code, http_status = "FILE_TOO_LARGE", 413


class GpuMemoryError(ApplicationError):
    code, http_status = "GPU_MEMORY_ERROR", 500


class ProcessingFailed(ApplicationError):
    code, http_status = "PROCESSING_FAILED", 500


class ModelNotLoaded(ApplicationError):
    code, http_status = "MODEL_NOT_LOADED", 503

    def __init__(self, message: str, *, details: Any = None, retry_after: int = 60):
        super().__init__(message, details=details, headers={"Retry-After": str(retry_after)})


def now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def envelope(code: str, message: str, details: Any = None) -> dict:
    return {"error": {"code": code, "message": message, "details": details, "timestamp": now_iso()}}

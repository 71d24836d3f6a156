"""The project's errors: one type carrying the code a client reads, its HTTP status, a message and
details. Every layer raises these; the engines' errors (`analysis/engine/errors.py`,
`video/engine/errors.py`) are subclasses too, so they reach the client as they are.
`dinov3site/api/errors.py` is the one handler that turns them into the error envelope
``{"error": {"code", "message", "details", "timestamp"}}``. Imports nothing from Django.
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any, Iterator

# The HTTP status each error code answers with: the one table, read by every ApplicationError
# (an error whose code is only known when it is raised, like a video refused as too large, gets
# its status from here too). The codes are the ones clients already handle: never rename one.
HTTP_STATUS: dict[str, int] = {
    "VALIDATION_ERROR": 400,
    "INVALID_FILE_FORMAT": 400,
    "BATCH_TOO_LARGE": 400,
    "UNAUTHENTICATED": 401,
    "FORBIDDEN": 403,
    "ASSET_NOT_FOUND": 404,
    "NOT_FOUND": 404,
    "METHOD_NOT_ALLOWED": 405,
    "NOT_ACCEPTABLE": 406,
    "FILE_TOO_LARGE": 413,
    "UNSUPPORTED_MEDIA_TYPE": 415,
    "RATE_LIMITED": 429,
    "PROCESSING_FAILED": 500,
    "GPU_MEMORY_ERROR": 500,
    "MODEL_NOT_LOADED": 503,
}


class ApplicationError(Exception):
    """A failure the client can act on; subclasses fix the code (and with it the status)."""

    code = "PROCESSING_FAILED"

    def __init__(self, message: str, *, details: Any = None, headers: dict | None = None):
        super().__init__(message)
        self.message = message
        self.details = details
        self.headers = headers or {}

    @property
    def http_status(self) -> int:
        """The status of this error's code (HTTP_STATUS); a subclass may set its own instead."""
        return HTTP_STATUS.get(self.code, 500)


class ValidationFailed(ApplicationError):
    code = "VALIDATION_ERROR"


class InvalidFileFormat(ApplicationError):
    code = "INVALID_FILE_FORMAT"


class BatchTooLarge(ApplicationError):
    code = "BATCH_TOO_LARGE"


class AssetNotFound(ApplicationError):
    code = "ASSET_NOT_FOUND"


class NotFound(ApplicationError):
    code = "NOT_FOUND"


class FileTooLarge(ApplicationError):
    code = "FILE_TOO_LARGE"


class GpuMemoryError(ApplicationError):
    code = "GPU_MEMORY_ERROR"


class ProcessingFailed(ApplicationError):
    code = "PROCESSING_FAILED"


class ModelNotLoaded(ApplicationError):
    code = "MODEL_NOT_LOADED"

    def __init__(self, message: str, *, details: Any = None, retry_after: int = 60):
        super().__init__(message, details=details, headers={"Retry-After": str(retry_after)})


@contextmanager
def processing_failure(prefix: str, *kinds: type[ApplicationError]) -> Iterator[None]:
    """Inside a step whose input was already accepted, an error of ``kinds`` means the step failed:
    it answers PROCESSING_FAILED with ``"<prefix>: <message>"`` and the same details.

    A stored image that no longer decodes, say, is the server's failure to extract its features,
    not the client's bad file (which the upload would have refused as INVALID_FILE_FORMAT).
    """
    try:
        yield
    except kinds as exc:
        raise ProcessingFailed(f"{prefix}: {exc.message}", details=exc.details) from exc


def now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def envelope(code: str, message: str, details: Any = None) -> dict:
    return {"error": {"code": code, "message": message, "details": details, "timestamp": now_iso()}}

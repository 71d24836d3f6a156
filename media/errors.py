"""The errors the media layer and the video engine raise while probing and decoding a video, each
with the API error code the client reads.

`VideoRejected` happens before decoding (not a video, or over the limits); `VideoDecodeError`
happens while decoding (corrupt, truncated, endless, too slow) and always maps to
PROCESSING_FAILED. Both are ``core.errors.ApplicationError``: the HTTP status follows the code
(``core.errors.HTTP_STATUS``), so the web layer answers with them as they are.
"""
from __future__ import annotations

from core.errors import ApplicationError


class VideoError(ApplicationError):
    code = "PROCESSING_FAILED"

    def __init__(self, message: str, *, code: str | None = None, details: dict | None = None):
        super().__init__(message, details=details or {})
        if code is not None:
            self.code = code


class VideoRejected(VideoError):
    """The file is refused before analysis: INVALID_FILE_FORMAT or FILE_TOO_LARGE."""

    code = "INVALID_FILE_FORMAT"


class VideoDecodeError(VideoError):
    """Decoding failed or ran past its frame budget or deadline; `details["reason"]` says which."""

    code = "PROCESSING_FAILED"

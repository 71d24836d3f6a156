"""Errors the DINOv3 engine raises.

Each is a ``core.errors.ApplicationError`` carrying the API error ``code`` (its HTTP status comes
from ``core.errors.HTTP_STATUS``), so the web layer answers with it as it is: no translation.
"""

from __future__ import annotations

from core.errors import ApplicationError, ModelNotLoaded


class EngineError(ApplicationError):
    """Base class of every engine failure; unknown failures map to ``PROCESSING_FAILED``."""

    code = "PROCESSING_FAILED"


class SettingsError(EngineError, ValueError):
    """An engine environment variable has a value the engine cannot use."""


class ModelNotLoadedError(EngineError, ModelNotLoaded):
    """The DINOv3 weights are missing or failed to load; features are never invented.

    ``reason`` says what went wrong (also ``str(error)``, for logs and the health page);
    ``instructions`` says, in words an operator can follow, how to provide the weights. Clients
    read "DINOv3 model unavailable." with both in ``details`` and a Retry-After header.
    """

    code = "MODEL_NOT_LOADED"

    def __init__(self, reason: str, *, instructions: str, model_name: str = "") -> None:
        super().__init__("DINOv3 model unavailable.",
                         details={"model": model_name, "reason": reason, "how_to_fix": instructions})
        self.reason = reason
        self.instructions = instructions
        self.model_name = model_name

    def __str__(self) -> str:
        return self.reason


class GpuMemoryError(EngineError):
    """The accelerator ran out of memory even at batch size 1."""

    code = "GPU_MEMORY_ERROR"


class ImageDecodeError(EngineError):
    """An input could not be decoded as an image (corrupt, truncated or not an image)."""

    code = "INVALID_FILE_FORMAT"

"""Errors the DINOv3 engine raises.

Each carries the API error ``code`` from the contract (``API_CONTRACT.md``) so the web
layer can turn it into the error envelope without a lookup table of its own.
"""

from __future__ import annotations

from typing import Any


class EngineError(Exception):
    """Base class of every engine failure; unknown failures map to ``PROCESSING_FAILED``."""

    code = "PROCESSING_FAILED"

    def __init__(self, message: str, *, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class SettingsError(EngineError, ValueError):
    """An engine environment variable has a value the engine cannot use."""


class ModelNotLoadedError(EngineError):
    """The DINOv3 weights are missing or failed to load; features are never invented.

    ``instructions`` says, in words an operator can follow, how to provide the weights.
    """

    code = "MODEL_NOT_LOADED"

    def __init__(self, message: str, *, instructions: str, model_name: str = "") -> None:
        super().__init__(message, details={"model_name": model_name, "instructions": instructions})
        self.instructions = instructions
        self.model_name = model_name


class GpuMemoryError(EngineError):
    """The accelerator ran out of memory even at batch size 1."""

    code = "GPU_MEMORY_ERROR"


class ImageDecodeError(EngineError):
    """An input could not be decoded as an image (corrupt, truncated or not an image)."""

    code = "INVALID_FILE_FORMAT"

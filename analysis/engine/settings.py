"""Engine settings: the tunables of ``core.tunables`` (the environment, read there once, with the
variables' table), checked and held for one engine.

``EngineSettings.from_env()`` takes the process environment's tunables; ``from_env(mapping)``
reads a mapping instead; ``from_tunables(tunables, **overrides)`` lets the caller (the Django
side, which may override the model, device and batch size) change some values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

from core.tunables import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_DECODE_WORKERS,
    DEFAULT_MODEL_NAME,
    EngineTunables,
    TunableError,
    engine_tunables,
)

from .errors import SettingsError

__all__ = ["BACKEND_CHOICES", "DEFAULT_BATCH_SIZE", "DEFAULT_MODEL_NAME", "DEVICE_CHOICES", "EngineSettings"]

DEVICE_CHOICES = ("auto", "cpu", "cuda")
BACKEND_CHOICES = ("eager", "bf16", "int8")


@dataclass(frozen=True)
class EngineSettings:
    """Everything the engine needs to know about where and how to run the model."""

    model_name: str = DEFAULT_MODEL_NAME
    device: str = "auto"
    batch_size: int = DEFAULT_BATCH_SIZE
    hf_token: str | None = None
    image_size: int | None = None
    backend: str = "eager"
    threads: int | None = None
    decode_workers: int = DEFAULT_DECODE_WORKERS
    batch_wait_ms: float = 0.0

    def __post_init__(self) -> None:
        device = self.device.strip().lower()
        if device not in DEVICE_CHOICES and not (device.startswith("cuda:") and device[5:].isdigit()):
            raise SettingsError(
                f"DINOV3_DEVICE must be one of auto, cpu, cuda, cuda:N; got {self.device!r}",
                details={"field": "DINOV3_DEVICE"},
            )
        object.__setattr__(self, "device", device)
        backend = self.backend.strip().lower()
        if backend not in BACKEND_CHOICES:
            raise SettingsError(
                f"DINOV3_BACKEND must be one of {', '.join(BACKEND_CHOICES)}; got {self.backend!r}",
                details={"field": "DINOV3_BACKEND"},
            )
        object.__setattr__(self, "backend", backend)
        if not self.model_name.strip():
            raise SettingsError("DINOV3_MODEL_NAME must not be empty", details={"field": "DINOV3_MODEL_NAME"})
        if self.batch_size < 1:
            raise SettingsError("DINOV3_BATCH_SIZE must be at least 1", details={"field": "DINOV3_BATCH_SIZE"})

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> EngineSettings:
        """Read the settings from ``environ`` (default: the process environment, read once)."""
        try:
            tunables = engine_tunables() if environ is None else EngineTunables.from_env(environ)
        except TunableError as exc:
            raise SettingsError(exc.message, details=exc.details) from None
        return cls.from_tunables(tunables)

    @classmethod
    def from_tunables(cls, tunables: EngineTunables, **overrides) -> EngineSettings:
        """The settings of ``tunables``, with ``overrides`` by field name (a process serving one
        caller at a time: no dynamic batching unless DINOV3_BATCH_WAIT_MS asks for it)."""
        values = {field.name: getattr(tunables, field.name) for field in fields(cls) if field.name != "batch_wait_ms"}
        values["batch_wait_ms"] = tunables.batch_wait_for(worker=False)
        return cls(**{**values, **overrides})

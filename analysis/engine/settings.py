"""Engine settings, read once from environment variables (the seed's names).

| variable | default | meaning |
|---|---|---|
| ``DINOV3_MODEL_NAME`` | ``models/dinov3-vitb16-pretrain-lvd1689m`` | local checkpoint folder or hub id |
| ``DINOV3_DEVICE`` | ``auto`` | ``auto``, ``cpu``, ``cuda`` or ``cuda:N`` |
| ``DINOV3_BATCH_SIZE`` | ``32`` | images per forward pass (halved on CUDA out-of-memory) |
| ``HF_TOKEN`` | unset | token for gated hub checkpoints (hub ids only) |
| ``DINOV3_IMAGE_SIZE`` | from ``preprocessor_config.json``, else 224 | square model input side, a patch-size multiple |
| ``DINOV3_BACKEND`` | ``eager`` | CPU inference variant: ``eager`` (fp32), ``bf16``, ``int8`` (see BENCHMARKS.md, "DINOv3 engine speed") |
| ``DINOV3_THREADS`` | torch's default | torch intra-op threads |
| ``DINOV3_DECODE_WORKERS`` | ``2`` | threads decoding and preprocessing the next batch while the model runs |
| ``DINOV3_BATCH_WAIT_MS`` | ``0`` (off) | dynamic batching: concurrent calls wait this long to share a forward pass (workers set 5) |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from .errors import SettingsError

# The seed's deployment notes use this folder for the ViT-B/16 checkpoint.
DEFAULT_MODEL_NAME = "models/dinov3-vitb16-pretrain-lvd1689m"
# The seed's .env example sets DINOV3_BATCH_SIZE=32.
DEFAULT_BATCH_SIZE = 32
DEVICE_CHOICES = ("auto", "cpu", "cuda")
BACKEND_CHOICES = ("eager", "bf16", "int8")


def _int_or_none(environ: Mapping[str, str], name: str, *, minimum: int) -> int | None:
    raw = (environ.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be an integer, got {raw!r}", details={"field": name}) from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, got {value}", details={"field": name})
    return value


def _float(environ: Mapping[str, str], name: str) -> float:
    raw = (environ.get(name) or "").strip()
    try:
        value = float(raw) if raw else 0.0
    except ValueError:
        raise SettingsError(f"{name} must be a number, got {raw!r}", details={"field": name}) from None
    if value < 0:
        raise SettingsError(f"{name} must not be negative, got {value}", details={"field": name})
    return value


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
    decode_workers: int = 2
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
        """Read the settings from ``environ`` (default: the process environment)."""
        env = os.environ if environ is None else environ
        batch_size = _int_or_none(env, "DINOV3_BATCH_SIZE", minimum=1)
        decode_workers = _int_or_none(env, "DINOV3_DECODE_WORKERS", minimum=0)
        return cls(
            model_name=(env.get("DINOV3_MODEL_NAME") or DEFAULT_MODEL_NAME).strip(),
            device=env.get("DINOV3_DEVICE") or "auto",
            batch_size=DEFAULT_BATCH_SIZE if batch_size is None else batch_size,
            hf_token=(env.get("HF_TOKEN") or "").strip() or None,
            image_size=_int_or_none(env, "DINOV3_IMAGE_SIZE", minimum=16),
            backend=env.get("DINOV3_BACKEND") or "eager",
            threads=_int_or_none(env, "DINOV3_THREADS", minimum=1),
            decode_workers=2 if decode_workers is None else decode_workers,
            batch_wait_ms=_float(env, "DINOV3_BATCH_WAIT_MS"),
        )

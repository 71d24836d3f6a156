"""The DINOv3 engine's tunables, read from the environment in one place (the deployment notes' names).

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
| ``DINOV3_BATCH_WAIT_MS`` | ``0`` (off); ``5`` in Celery workers | dynamic batching: concurrent calls wait this long to share a forward pass |

``engine_tunables()`` reads the process environment once; ``EngineTunables.from_env(mapping)``
reads a mapping instead. The engine (``analysis.engine.settings.EngineSettings``, which also checks
the device and backend names) and the Django settings (``DINOV3_MODEL_NAME``, ``DINOV3_DEVICE``,
``DINOV3_BATCH_SIZE``, ``DINOV3_BATCH_WAIT_MS``) both take their values from here. Imports nothing
from Django.
"""
from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass

# The deployment notes use this folder for the ViT-B/16 checkpoint.
DEFAULT_MODEL_NAME = "models/dinov3-vitb16-pretrain-lvd1689m"
# The example .env of the deployment notes sets DINOV3_BATCH_SIZE=32.
DEFAULT_BATCH_SIZE = 32
DEFAULT_DEVICE = "auto"
DEFAULT_BACKEND = "eager"
DEFAULT_DECODE_WORKERS = 2
# Celery workers serve concurrent calls handed over by web processes: unless DINOV3_BATCH_WAIT_MS
# says otherwise they wait 5 ms to merge them into one forward pass (BENCHMARKS.md); a process
# serving one caller at a time does not wait (0).
WORKER_BATCH_WAIT_MS = 5.0


class TunableError(ValueError):
    """An engine environment variable has a value the engine cannot use (``details`` names it)."""

    def __init__(self, message: str, *, name: str) -> None:
        super().__init__(message)
        self.message = message
        self.details = {"field": name}


def _int_or_none(environ: Mapping[str, str], name: str, *, minimum: int) -> int | None:
    raw = (environ.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise TunableError(f"{name} must be an integer, got {raw!r}", name=name) from None
    if value < minimum:
        raise TunableError(f"{name} must be at least {minimum}, got {value}", name=name)
    return value


def _float_or_none(environ: Mapping[str, str], name: str) -> float | None:
    raw = (environ.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise TunableError(f"{name} must be a number, got {raw!r}", name=name) from None
    if value < 0:
        raise TunableError(f"{name} must not be negative, got {value}", name=name)
    return value


@dataclass(frozen=True)
class EngineTunables:
    """The engine's environment variables, parsed (None: not set, the engine chooses)."""

    model_name: str = DEFAULT_MODEL_NAME
    device: str = DEFAULT_DEVICE
    batch_size: int = DEFAULT_BATCH_SIZE
    hf_token: str | None = None
    image_size: int | None = None
    backend: str = DEFAULT_BACKEND
    threads: int | None = None
    decode_workers: int = DEFAULT_DECODE_WORKERS
    batch_wait_ms: float | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> EngineTunables:
        """Parse ``environ``; a value that is not a number where one is needed raises TunableError."""
        batch_size = _int_or_none(environ, "DINOV3_BATCH_SIZE", minimum=1)
        decode_workers = _int_or_none(environ, "DINOV3_DECODE_WORKERS", minimum=0)
        return cls(
            model_name=(environ.get("DINOV3_MODEL_NAME") or DEFAULT_MODEL_NAME).strip(),
            device=environ.get("DINOV3_DEVICE") or DEFAULT_DEVICE,
            batch_size=DEFAULT_BATCH_SIZE if batch_size is None else batch_size,
            hf_token=(environ.get("HF_TOKEN") or "").strip() or None,
            image_size=_int_or_none(environ, "DINOV3_IMAGE_SIZE", minimum=16),
            backend=environ.get("DINOV3_BACKEND") or DEFAULT_BACKEND,
            threads=_int_or_none(environ, "DINOV3_THREADS", minimum=1),
            decode_workers=DEFAULT_DECODE_WORKERS if decode_workers is None else decode_workers,
            batch_wait_ms=_float_or_none(environ, "DINOV3_BATCH_WAIT_MS"),
        )

    def batch_wait_for(self, *, worker: bool) -> float:
        """DINOV3_BATCH_WAIT_MS, else the default of a worker (5 ms) or of any other process (off)."""
        if self.batch_wait_ms is not None:
            return self.batch_wait_ms
        return WORKER_BATCH_WAIT_MS if worker else 0.0


@functools.cache
def engine_tunables() -> EngineTunables:
    """The process environment's tunables, read once per process."""
    return EngineTunables.from_env(os.environ)

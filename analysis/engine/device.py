"""Where the model runs and in which precision: the one place that decides.

CPU runs fp32 unless the ``bf16`` backend is chosen; CUDA runs bf16 autocast when the card
supports it, fp16 autocast otherwise (both keep the fp32 weights and only change the math).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import torch

logger = logging.getLogger(__name__)

_MIB = 1024 * 1024


@dataclass(frozen=True)
class Placement:
    """The resolved device and the autocast dtype used there (None means plain fp32)."""

    device: torch.device
    autocast_dtype: torch.dtype | None
    note: str = ""

    @property
    def dtype_name(self) -> str:
        return "float32" if self.autocast_dtype is None else str(self.autocast_dtype).removeprefix("torch.")


def choose_placement(requested: str, *, backend: str = "eager") -> Placement:
    """Resolve ``DINOV3_DEVICE`` (auto|cpu|cuda|cuda:N) and the precision for it.

    Asking for CUDA on a machine without one falls back to the CPU with a note rather than
    failing: the documented example ``.env`` says ``DINOV3_DEVICE=cuda`` and is copied onto
    CPU-only hosts.
    """
    note = ""
    if requested.startswith("cuda") and not torch.cuda.is_available():
        note = f"DINOV3_DEVICE={requested} but no CUDA device is available; running on the CPU"
        logger.warning(note)
        requested = "cpu"
    if requested == "auto":
        requested = "cuda" if torch.cuda.is_available() else "cpu"
    device = torch.device(requested)
    if device.type == "cuda":
        dtype = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
        return Placement(device=device, autocast_dtype=dtype, note=note)
    if backend == "bf16":
        return Placement(device=device, autocast_dtype=torch.bfloat16, note=note)
    return Placement(device=device, autocast_dtype=None, note=note)


def gpu_status() -> dict[str, object]:
    """Accelerator memory for ``health.gpu``: MiB integers, zeros when there is no GPU."""
    if not torch.cuda.is_available():
        return {"available": False, "device_name": None, "memory_total": 0, "memory_used": 0, "memory_free": 0}
    try:
        free, total = torch.cuda.mem_get_info()
        name = torch.cuda.get_device_name()
    except RuntimeError as exc:  # a broken driver must not break the health endpoint
        logger.warning("cannot read GPU memory: %s", exc)
        return {"available": False, "device_name": None, "memory_total": 0, "memory_used": 0, "memory_free": 0}
    return {
        "available": True,
        "device_name": name,
        "memory_total": total // _MIB,
        "memory_used": (total - free) // _MIB,
        "memory_free": free // _MIB,
    }

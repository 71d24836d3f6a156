"""Finding and loading a DINOv3 checkpoint: a local folder or a Hugging Face hub id.

Nothing is ever downloaded at import time. A name that is an existing folder (or looks like
a path) loads with ``local_files_only=True``; anything else is treated as a hub id and
fetched with ``HF_TOKEN``, which only works on hosts with network access.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from .device import Placement
from .errors import ModelNotLoadedError
from .preprocess import Preprocessor
from .settings import DEFAULT_MODEL_NAME, EngineSettings

logger = logging.getLogger(__name__)

WEIGHT_FILES = ("model.safetensors", "model.safetensors.index.json", "pytorch_model.bin", "pytorch_model.bin.index.json")
# Names of the public DINOv3 ViT sizes, keyed by hidden size (DINOv3 model card).
VARIANTS = {384: "ViT-S/16", 768: "ViT-B/16", 1024: "ViT-L/16", 1280: "ViT-H+/16", 4096: "ViT-7B/16"}
DINOV3_MODEL_TYPE = "dinov3_vit"


@dataclass
class LoadedModel:
    """A model ready for inference with the facts the engine reports about it."""

    model: torch.nn.Module
    config: Any
    preprocessor: Preprocessor
    source: str  # "local" or "hub"
    patch_size: int
    num_registers: int
    parameters: int

    @property
    def variant(self) -> str:
        name = VARIANTS.get(int(self.config.hidden_size), f"ViT ({self.config.hidden_size}-d)")
        # ViT-S+/16 shares ViT-S's width but uses a gated (SwiGLU) MLP.
        if int(self.config.hidden_size) == 384 and getattr(self.config, "use_gated_mlp", False):
            name = "ViT-S+/16"
        return name


def missing_weights_instructions(model_name: str) -> str:
    """Exactly how an operator provides the weights (shown in MODEL_NOT_LOADED details)."""
    folder = model_name if is_local_name(model_name) else DEFAULT_MODEL_NAME
    return (
        f"DINOv3 weights are not available (DINOV3_MODEL_NAME={model_name}). "
        "Set DINOV3_MODEL_NAME to a folder that contains config.json and model.safetensors. "
        "To get one: accept the DINOv3 licence at "
        "https://huggingface.co/facebook/dinov3-vitb16-pretrain-lvd1689m, create a read token, then run "
        f"`HF_TOKEN=<token> huggingface-cli download facebook/dinov3-vitb16-pretrain-lvd1689m --local-dir {folder}` "
        f"(or `hf download ...` with newer huggingface_hub) and set DINOV3_MODEL_NAME={folder}. "
        "On a host with network access you can instead set DINOV3_MODEL_NAME to a hub id such as "
        "facebook/dinov3-vits16-pretrain-lvd1689m and HF_TOKEN to your token. Restart the service "
        "(or wait 30 seconds) after providing the weights."
    )


def is_local_name(model_name: str) -> bool:
    """Whether ``model_name`` means a folder rather than a hub id.

    Hub ids look like ``owner/name``, and so does the documented default ``models/...``; a name
    counts as local when it exists, starts like a path, has more than one separator, or
    lives under ``models/`` (the convention for weight folders).
    """
    path = Path(model_name).expanduser()
    if path.exists() or model_name.startswith(("/", ".", "~")) or "\\" in model_name:
        return True
    parts = model_name.split("/")
    return len(parts) != 2 or parts[0] == "models"


def _not_loaded(message: str, model_name: str) -> ModelNotLoadedError:
    return ModelNotLoadedError(message, instructions=missing_weights_instructions(model_name), model_name=model_name)


def _check_folder(folder: Path, model_name: str) -> None:
    if not folder.is_dir():
        raise _not_loaded(f"model folder {str(folder)!r} does not exist", model_name)
    if not (folder / "config.json").is_file():
        raise _not_loaded(f"model folder {str(folder)!r} has no config.json", model_name)
    if not any((folder / name).is_file() for name in WEIGHT_FILES):
        raise _not_loaded(f"model folder {str(folder)!r} has no weights ({', '.join(WEIGHT_FILES)})", model_name)


def _hub_preprocessor_config(model_name: str, token: str | None) -> Path | None:
    from huggingface_hub import hf_hub_download
    from huggingface_hub.utils import EntryNotFoundError

    try:
        return Path(hf_hub_download(model_name, "preprocessor_config.json", token=token)).parent
    except EntryNotFoundError:
        return None


def load_model(settings: EngineSettings, placement: Placement) -> LoadedModel:
    """Load config, weights and preprocessing; raise :class:`ModelNotLoadedError` when missing."""
    # Imported here: transformers takes seconds to import and the web process should not
    # pay for it until the model is needed.
    from transformers import AutoConfig, DINOv3ViTModel

    name = settings.model_name
    local = is_local_name(name)
    if local:
        folder = Path(name).expanduser()
        _check_folder(folder, name)
        location: str = str(folder)
        options: dict[str, Any] = {"local_files_only": True}
    else:
        location = name
        options = {"token": settings.hf_token}
    try:
        config = AutoConfig.from_pretrained(location, **options)
    except OSError as exc:
        raise _not_loaded(f"cannot read the DINOv3 config for {name!r}: {exc}", name) from exc
    if config.model_type != DINOV3_MODEL_TYPE:
        raise _not_loaded(f"{name!r} is a {config.model_type!r} checkpoint, not DINOv3 ViT ({DINOV3_MODEL_TYPE})", name)

    if settings.threads:
        torch.set_num_threads(settings.threads)
    # fp32 weights everywhere: CUDA gets its speed from autocast, CPU bf16 from the backend.
    model = DINOv3ViTModel.from_pretrained(
        location, config=config, dtype=torch.float32, attn_implementation="sdpa", **options
    )
    model.eval().requires_grad_(False)
    if settings.backend == "int8" and placement.device.type == "cpu":
        with warnings.catch_warnings():
            # torch.ao eager quantisation warns it is deprecated in favour of torchao, which is not
            # installed; it still works in torch 2.13 (BENCHMARKS.md, "DINOv3 engine speed" measures it).
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", UserWarning)
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    model.to(placement.device)

    patch_size = config.patch_size if isinstance(config.patch_size, int) else int(config.patch_size[0])
    preprocessor_folder = folder if local else _hub_preprocessor_config(name, settings.hf_token)
    preprocessor = Preprocessor.from_checkpoint(
        preprocessor_folder, image_size=settings.image_size, patch_size=patch_size
    )
    return LoadedModel(
        model=model,
        config=config,
        preprocessor=preprocessor,
        source="local" if local else "hub",
        patch_size=patch_size,
        num_registers=int(getattr(config, "num_register_tokens", 0) or 0),
        parameters=sum(p.numel() for p in model.parameters()),
    )

"""A tiny random-weight DINOv3 checkpoint for tests and benchmarks.

``build_tiny_checkpoint`` writes a real ``save_pretrained`` folder (config.json,
model.safetensors, preprocessor_config.json), so tests load it through the same code path
as the real weights. ``build_checkpoint`` does the same for the full ViT-S/16 or ViT-B/16
architecture (random weights: right shape and speed, meaningless features).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import torch

from .preprocess import IMAGENET_MEAN, IMAGENET_STD

# Architecture of the public checkpoints (config.json of facebook/dinov3-vit{s,b}16-pretrain-lvd1689m).
VITS16 = {"hidden_size": 384, "intermediate_size": 1536, "num_hidden_layers": 12, "num_attention_heads": 6}
VITB16 = {"hidden_size": 768, "intermediate_size": 3072, "num_hidden_layers": 12, "num_attention_heads": 12}
_COMMON = {
    "patch_size": 16,
    "num_register_tokens": 4,
    "layerscale_value": 1.0,
    "rope_theta": 100.0,
    "query_bias": True,
    "key_bias": False,
    "value_bias": True,
    "proj_bias": True,
    "mlp_bias": True,
    "use_gated_mlp": False,
    "hidden_act": "gelu",
    "layer_norm_eps": 1e-5,
    "image_size": 224,
}


def build_checkpoint(
    path: str | os.PathLike,
    *,
    seed: int = 0,
    preprocessor: dict[str, Any] | None = None,
    write_preprocessor: bool = True,
    **config_fields: Any,
) -> Path:
    """Save a random-weight DINOv3ViTModel with ``config_fields`` into ``path``."""
    from transformers import DINOv3ViTConfig, DINOv3ViTModel

    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(seed)
    config = DINOv3ViTConfig(**{**_COMMON, **config_fields})
    config.architectures = ["DINOv3ViTModel"]
    model = DINOv3ViTModel(config).eval()
    model.save_pretrained(folder)
    if write_preprocessor:
        side = int(config_fields.get("image_size", _COMMON["image_size"]))
        processor = {
            "image_processor_type": "DINOv3ViTImageProcessorFast",
            "do_resize": True,
            "size": {"height": side, "width": side},
            "resample": 2,
            "do_rescale": True,
            "rescale_factor": 1 / 255,
            "do_normalize": True,
            "image_mean": list(IMAGENET_MEAN),
            "image_std": list(IMAGENET_STD),
        }
        processor.update(preprocessor or {})
        (folder / "preprocessor_config.json").write_text(json.dumps(processor, indent=2), encoding="utf-8")
    return folder


def build_tiny_checkpoint(
    path: str | os.PathLike,
    *,
    hidden_size: int = 32,
    layers: int = 2,
    heads: int = 2,
    image_size: int = 64,
    registers: int = 4,
    seed: int = 0,
    preprocessor: dict[str, Any] | None = None,
    write_preprocessor: bool = True,
) -> Path:
    """A DINOv3 checkpoint small enough to load and run in well under a second."""
    return build_checkpoint(
        path,
        seed=seed,
        preprocessor=preprocessor,
        write_preprocessor=write_preprocessor,
        hidden_size=hidden_size,
        intermediate_size=hidden_size * 4,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        num_register_tokens=registers,
        image_size=image_size,
    )

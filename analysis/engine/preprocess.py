"""Image decoding and preprocessing for DINOv3, in Pillow and numpy only.

transformers' DINOv3 image processors import torchvision, which cannot be installed beside
the torch wheel used here, so this module reproduces what they do: RGB (the media layer's
one conversion, ``media.images.to_rgb``), resize the whole
image (no crop) to the model size with antialiasing, scale to [0, 1], normalise with the
ImageNet mean/std. The settings come from the checkpoint's ``preprocessor_config.json`` when
it has one. On top of that, inputs are made safe: EXIF orientation is applied, alpha is
composited over white, palette/greyscale/16-bit/CMYK images become 8-bit RGB.

Every embedding is stored with :attr:`Preprocessor.version`, a string derived from these
settings (e.g. ``dinov3-pre-v1-224x224-bilinear-imagenet``), so vectors computed with
different preprocessing are never compared with each other.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from media import images
from media.images import ImageSource, to_rgb

from .errors import ImageDecodeError, SettingsError

__all__ = ["ImageSource", "PREPROCESSING_VERSION", "Preprocessor", "open_image", "to_rgb"]

# ImageNet statistics, as in transformers' IMAGENET_DEFAULT_MEAN / _STD, which the DINOv3
# checkpoints' preprocessor_config.json files repeat.
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
# DINOv3ViTImageProcessor defaults: 224x224, PIL resample 2 (bilinear), antialiased.
DEFAULT_IMAGE_SIZE = 224
DEFAULT_RESAMPLE = Image.Resampling.BILINEAR
# Bump when the decoding/preprocessing code changes in a way that changes the numbers.
PIPELINE_REVISION = "v1"

_RESAMPLE_NAMES = {
    Image.Resampling.NEAREST: "nearest",
    Image.Resampling.LANCZOS: "lanczos",
    Image.Resampling.BILINEAR: "bilinear",
    Image.Resampling.BICUBIC: "bicubic",
    Image.Resampling.BOX: "box",
    Image.Resampling.HAMMING: "hamming",
}


def _version(height: int, width: int, resample: int, mean: tuple, std: tuple, rescale: float) -> str:
    if mean == IMAGENET_MEAN and std == IMAGENET_STD and rescale == 1 / 255:
        norm = "imagenet"
    else:
        norm = "m" + "_".join(f"{v:g}" for v in mean) + "-s" + "_".join(f"{v:g}" for v in std)
        if rescale != 1 / 255:
            norm += f"-r{rescale:g}"
    return f"dinov3-pre-{PIPELINE_REVISION}-{height}x{width}-{_RESAMPLE_NAMES[resample]}-{norm}"


PREPROCESSING_VERSION = _version(
    DEFAULT_IMAGE_SIZE, DEFAULT_IMAGE_SIZE, DEFAULT_RESAMPLE, IMAGENET_MEAN, IMAGENET_STD, 1 / 255
)
"""The version of the default settings (the public DINOv3 checkpoints use them)."""


def open_image(source: ImageSource, *, draft_size: tuple[int, int] | None = None) -> Image.Image:
    """Open ``source`` (path, bytes, binary file or PIL image) and decode it fully.

    With ``draft_size`` a JPEG is decoded at the smallest DCT scale that still covers that
    size (Pillow ``draft``), which makes decoding a 4000 px photo many times cheaper.
    Raises :class:`ImageDecodeError` for anything that is not a decodable image.
    """
    try:
        return images.open_image(source, draft_size=draft_size)
    except images.ImageUnreadable as exc:
        raise ImageDecodeError(str(exc), details={"reason": exc.reason}) from exc


@dataclass(frozen=True)
class Preprocessor:
    """Turns an image into the float32 (3, H, W) array the model expects."""

    height: int = DEFAULT_IMAGE_SIZE
    width: int = DEFAULT_IMAGE_SIZE
    mean: tuple[float, float, float] = IMAGENET_MEAN
    std: tuple[float, float, float] = IMAGENET_STD
    resample: int = DEFAULT_RESAMPLE
    rescale_factor: float = 1 / 255

    @classmethod
    def from_config(
        cls, config: Mapping[str, Any] | None, *, image_size: int | None = None, patch_size: int = 16
    ) -> Preprocessor:
        """Build from a ``preprocessor_config.json`` mapping (HF image-processor keys).

        Reads ``size`` ({height, width}, {shortest_edge} or an int), ``image_mean``,
        ``image_std``, ``resample``, ``do_normalize``, ``do_rescale``/``rescale_factor``.
        ``image_size`` (``DINOV3_IMAGE_SIZE``) overrides the size with a square side.
        """
        config = dict(config or {})
        height = width = DEFAULT_IMAGE_SIZE
        size = config.get("size")
        if isinstance(size, int):
            height = width = size
        elif isinstance(size, Mapping):
            if "height" in size and "width" in size:
                height, width = int(size["height"]), int(size["width"])
            elif "shortest_edge" in size:
                # DINOv3 squashes the whole image to a square; a crop would drop content.
                height = width = int(size["shortest_edge"])
        if image_size is not None:
            height = width = image_size
        if height % patch_size or width % patch_size:
            raise SettingsError(
                f"model input {height}x{width} is not a multiple of the patch size {patch_size}",
                details={"field": "DINOV3_IMAGE_SIZE"},
            )
        mean, std = IMAGENET_MEAN, IMAGENET_STD
        if config.get("do_normalize", True) is False:
            mean, std = (0.0, 0.0, 0.0), (1.0, 1.0, 1.0)
        else:
            mean = tuple(float(v) for v in config.get("image_mean") or mean)
            std = tuple(float(v) for v in config.get("image_std") or std)
        rescale = 1.0 if config.get("do_rescale", True) is False else float(config.get("rescale_factor") or 1 / 255)
        resample = int(config.get("resample", DEFAULT_RESAMPLE))
        if resample not in _RESAMPLE_NAMES:
            resample = DEFAULT_RESAMPLE
        return cls(height=height, width=width, mean=mean, std=std, resample=resample, rescale_factor=rescale)

    @classmethod
    def from_checkpoint(
        cls, folder: str | os.PathLike | None, *, image_size: int | None = None, patch_size: int = 16
    ) -> Preprocessor:
        """Read ``preprocessor_config.json`` from a checkpoint folder when there is one."""
        config = None
        if folder is not None:
            path = Path(folder) / "preprocessor_config.json"
            if path.is_file():
                config = json.loads(path.read_text(encoding="utf-8"))
        return cls.from_config(config, image_size=image_size, patch_size=patch_size)

    @property
    def version(self) -> str:
        return _version(self.height, self.width, self.resample, self.mean, self.std, self.rescale_factor)

    @property
    def resample_name(self) -> str:
        return _RESAMPLE_NAMES[self.resample]

    def resized(self, image: Image.Image) -> Image.Image:
        """The upright RGB image at model resolution (before normalisation)."""
        rgb = to_rgb(image)
        if rgb.size == (self.width, self.height):
            return rgb
        return rgb.resize((self.width, self.height), resample=self.resample)

    def prepare(self, image: Image.Image) -> np.ndarray:
        """The normalised model input, float32 of shape (3, H, W)."""
        pixels = np.asarray(self.resized(image), dtype=np.float32)
        scale = np.asarray(self.std, dtype=np.float32)
        # (x * rescale - mean) / std, folded into one multiply-add.
        mul = np.float32(self.rescale_factor) / scale
        add = -np.asarray(self.mean, dtype=np.float32) / scale
        return np.ascontiguousarray((pixels * mul + add).transpose(2, 0, 1))

    def prepare_source(self, source: ImageSource) -> np.ndarray:
        """Decode (with reduced-size JPEG decoding) and prepare one file, bytes or image."""
        return self.prepare(open_image(source, draft_size=(self.width, self.height)))

    def preview(self, image: Image.Image) -> Image.Image:
        """The model input de-normalised back to an RGB picture (for a PNG preview)."""
        return self.to_picture(self.prepare(image))

    def to_picture(self, tensor: np.ndarray) -> Image.Image:
        """Invert the normalisation of a (3, H, W) model input."""
        mean = np.asarray(self.mean, dtype=np.float32)[:, None, None]
        std = np.asarray(self.std, dtype=np.float32)[:, None, None]
        pixels = (tensor * std + mean) / np.float32(self.rescale_factor)
        return Image.fromarray(np.clip(np.rint(pixels), 0, 255).astype(np.uint8).transpose(1, 2, 0), mode="RGB")

    def settings(self) -> dict[str, Any]:
        """The settings as plain JSON values (for ``model-info``)."""
        return {
            "version": self.version,
            "size": {"height": self.height, "width": self.width},
            "resample": self.resample_name,
            "rescale_factor": self.rescale_factor,
            "image_mean": list(self.mean),
            "image_std": list(self.std),
            "orientation": "EXIF orientation applied",
            "alpha": "composited over white",
            "crop": None,
        }

    def describe(self, image: Image.Image) -> dict[str, Any]:
        """What preprocessing does to ``image``: sizes, settings and input statistics."""
        tensor = self.prepare(image)
        orientation = int(image.getexif().get(0x0112, 1))
        # EXIF orientations 5-8 swap width and height.
        upright = (image.width, image.height) if orientation < 5 else (image.height, image.width)
        return {
            "original_size": {"width": image.width, "height": image.height},
            "upright_size": {"width": upright[0], "height": upright[1]},
            "original_mode": image.mode,
            "exif_orientation": orientation,
            "resized_size": {"width": self.width, "height": self.height},
            "tensor_shape": list(tensor.shape),
            "tensor_stats": {
                "min": float(tensor.min()),
                "max": float(tensor.max()),
                "mean": float(tensor.mean()),
                "std": float(tensor.std()),
            },
            **{k: v for k, v in self.settings().items() if k != "size"},
        }

"""Test media made from real photos that scikit-image ships (no binaries in the repository)."""
from __future__ import annotations

import io
from pathlib import Path

import cv2
import numpy as np
from PIL import Image
from skimage import data as samples

PHOTOS = ("astronaut", "coffee", "chelsea", "rocket", "hubble_deep_field", "immunohistochemistry")


def photo(name: str = "astronaut", size: tuple[int, int] | None = None) -> Image.Image:
    image = Image.fromarray(getattr(samples, name)()).convert("RGB")
    return image.resize(size, Image.Resampling.BICUBIC) if size else image


def image_bytes(fmt: str = "JPEG", name: str = "astronaut", size: tuple[int, int] | None = (256, 256), **save) -> bytes:
    buffer = io.BytesIO()
    photo(name, size).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def upload(content: bytes, name: str) -> io.BytesIO:
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def mp4_file(path: Path, *, frames: int = 24, fps: float = 12.0, size: tuple[int, int] = (160, 120),
             photos: tuple[str, ...] = ("astronaut", "coffee")) -> Path:
    """A short MP4 (mp4v) cutting between photos with a slow pan, so frames differ."""
    width, height = size
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (width, height))
    assert writer.isOpened(), "OpenCV cannot write mp4v here"
    sources = [np.asarray(photo(name, (width * 2, height * 2)))[:, :, ::-1] for name in photos]
    per_photo = max(1, frames // len(sources))
    for index in range(frames):
        source = sources[min(index // per_photo, len(sources) - 1)]
        x = (index % per_photo) * 2
        writer.write(np.ascontiguousarray(source[:height, x:x + width]))
    writer.release()
    return path


def mp4_bytes(tmp_path: Path, **kwargs) -> bytes:
    return mp4_file(tmp_path / "clip.mp4", **kwargs).read_bytes()

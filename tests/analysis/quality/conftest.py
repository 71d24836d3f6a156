"""Shared photos for the quality tests: real photographs shipped by scikit-image."""

import numpy as np
import pytest
import skimage.data
from PIL import Image


@pytest.fixture(scope="session")
def astronaut() -> np.ndarray:
    return skimage.data.astronaut()


@pytest.fixture(scope="session")
def camera() -> np.ndarray:
    return skimage.data.camera()


@pytest.fixture(scope="session")
def coffee() -> np.ndarray:
    return skimage.data.coffee()


def pil(arr: np.ndarray) -> Image.Image:
    return Image.fromarray(np.ascontiguousarray(arr))

"""Preprocessing: what the model sees for the images users actually upload."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from PIL import Image
from skimage import data

from analysis.engine import (
    PREPROCESSING_VERSION,
    ImageDecodeError,
    Preprocessor,
    SettingsError,
    open_image,
)
from analysis.engine.preprocess import IMAGENET_MEAN, IMAGENET_STD

EXIF_ORIENTATION = 0x0112


def _photo(size: tuple[int, int] = (320, 240)) -> Image.Image:
    return Image.fromarray(data.astronaut()).resize(size)


def _jpeg(image: Image.Image, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=100, subsampling=0, **options)
    return buffer.getvalue()


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_default_version_names_the_settings():
    pre = Preprocessor()
    assert pre.version == PREPROCESSING_VERSION == "dinov3-pre-v1-224x224-bilinear-imagenet"


def test_prepare_gives_normalised_chw_float32():
    tensor = Preprocessor().prepare(Image.new("RGB", (500, 300), (255, 255, 255)))
    assert tensor.shape == (3, 224, 224) and tensor.dtype == np.float32
    expected = (1.0 - np.array(IMAGENET_MEAN)) / np.array(IMAGENET_STD)
    np.testing.assert_allclose(tensor[:, 100, 100], expected, rtol=1e-5)


def test_exif_rotated_jpeg_equals_pixel_rotated_jpeg():
    photo = _photo()
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = 6  # "rotate 90 CW to display"
    tagged = open_image(_jpeg(photo, exif=exif))
    rotated = open_image(_jpeg(photo.transpose(Image.Transpose.ROTATE_270)))
    pre = Preprocessor()
    assert np.abs(pre.prepare(tagged) - pre.prepare(rotated)).max() < 0.1
    # Without applying the tag the input would be a different picture.
    ignored = pre.prepare(open_image(_jpeg(photo)))
    assert np.abs(ignored - pre.prepare(rotated)).mean() > 0.3


def test_transparent_pixels_become_white():
    pre = Preprocessor()
    clear_black = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    white = Image.new("RGB", (64, 64), (255, 255, 255))
    np.testing.assert_allclose(pre.prepare(clear_black), pre.prepare(white), atol=1e-6)
    half_red = pre.preview(Image.new("RGBA", (64, 64), (255, 0, 0, 128)))
    r, g, b = half_red.getpixel((10, 10))
    assert r == 255 and 120 <= g <= 135 and g == b


def test_palette_with_transparency_and_greyscale_and_la():
    pre = Preprocessor()
    palette = _photo().convert("P", palette=Image.Palette.ADAPTIVE, colors=64)
    np.testing.assert_allclose(pre.prepare(palette), pre.prepare(palette.convert("RGB")), atol=1e-6)
    transparent = Image.new("P", (32, 32), 0)
    transparent.putpalette([0, 0, 0] * 256)
    transparent.info["transparency"] = 0
    np.testing.assert_allclose(pre.prepare(transparent), pre.prepare(Image.new("RGB", (32, 32), "white")), atol=1e-6)
    grey = _photo().convert("L")
    tensor = pre.prepare(grey)
    assert np.allclose(tensor[0] * IMAGENET_STD[0] + IMAGENET_MEAN[0], tensor[2] * IMAGENET_STD[2] + IMAGENET_MEAN[2])
    la = Image.new("LA", (32, 32), (0, 0))
    np.testing.assert_allclose(pre.prepare(la), pre.prepare(Image.new("RGB", (32, 32), "white")), atol=1e-6)


def test_sixteen_bit_greyscale_png_is_scaled_not_clipped():
    pre = Preprocessor()
    values = np.full((48, 48), 32896, dtype=np.uint16)  # 32896 / 257 = 128
    image = open_image(_png(Image.fromarray(values)))
    assert image.mode.startswith("I")
    assert pre.preview(image).getpixel((5, 5)) == (128, 128, 128)
    white = open_image(_png(Image.fromarray(np.full((48, 48), 65535, dtype=np.uint16))))
    assert pre.preview(white).getpixel((5, 5)) == (255, 255, 255)


def test_preprocessor_config_json_is_respected(tmp_path):
    (tmp_path / "preprocessor_config.json").write_text(
        json.dumps({"size": {"height": 112, "width": 96}, "image_mean": [0.5] * 3, "image_std": [0.5] * 3, "resample": 3})
    )
    pre = Preprocessor.from_checkpoint(tmp_path)
    tensor = pre.prepare(Image.new("RGB", (300, 300), (255, 255, 255)))
    assert tensor.shape == (3, 112, 96)
    np.testing.assert_allclose(tensor, 1.0, atol=1e-6)  # (1 - 0.5) / 0.5
    assert pre.version == "dinov3-pre-v1-112x96-bicubic-m0.5_0.5_0.5-s0.5_0.5_0.5"
    assert Preprocessor.from_checkpoint(tmp_path, image_size=160).prepare(Image.new("RGB", (9, 9))).shape == (3, 160, 160)


def test_size_must_be_a_patch_multiple():
    with pytest.raises(SettingsError):
        Preprocessor.from_config(None, image_size=200, patch_size=16)


def test_preview_shows_the_model_input():
    photo = _photo((224, 224))
    preview = Preprocessor().preview(photo)
    assert preview.size == (224, 224) and preview.mode == "RGB"
    assert np.abs(np.asarray(preview, dtype=int) - np.asarray(photo, dtype=int)).max() <= 1


@pytest.mark.parametrize("payload", [b"not an image at all", _jpeg(_photo())[:2000]])
def test_undecodable_or_truncated_input_is_a_decode_error(payload):
    with pytest.raises(ImageDecodeError) as caught:
        Preprocessor().prepare_source(payload)
    assert caught.value.code == "INVALID_FILE_FORMAT"


def test_reduced_jpeg_decoding_keeps_the_picture():
    big = Image.fromarray(data.astronaut()).resize((2400, 1800), Image.Resampling.BICUBIC)
    payload = _jpeg(big)
    pre = Preprocessor()
    drafted = open_image(payload, draft_size=(224, 224))
    assert drafted.size[0] < 2400  # decoded at a reduced DCT scale
    full = pre.prepare(open_image(payload))
    fast = pre.prepare(drafted)
    assert np.corrcoef(full.ravel(), fast.ravel())[0, 1] > 0.999


def test_describe_reports_sizes_and_settings():
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = 6
    image = open_image(_jpeg(_photo((320, 240)), exif=exif))
    described = Preprocessor().describe(image)
    assert described["original_size"] == {"width": 320, "height": 240}
    assert described["exif_orientation"] == 6
    assert described["upright_size"] == {"width": 240, "height": 320}
    assert described["resized_size"] == {"width": 224, "height": 224}
    assert described["tensor_shape"] == [3, 224, 224]
    assert described["version"] == PREPROCESSING_VERSION
    assert described["tensor_stats"]["min"] < described["tensor_stats"]["max"]

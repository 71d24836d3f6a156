"""The one RGB conversion: every mode, depth and orientation becomes the upright 8-bit RGB a viewer sees."""
import io

import numpy as np
import pytest
from PIL import Image

from media.images import ImageUnreadable, normalise_mode, open_image, open_rgb, sample_range, to_rgb


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_8_bit_rgb_is_kept_as_it_is():
    image = Image.new("RGB", (8, 6), (10, 20, 30))
    rgb = to_rgb(image)
    assert rgb.mode == "RGB" and rgb.tobytes() == image.tobytes()


def test_16_bit_greyscale_is_scaled_by_its_full_range_and_rounded():
    values = np.full((8, 8), 32896, dtype=np.uint16)  # 32896 / 257 = 128
    image = open_image(_png(Image.fromarray(values)))
    assert image.mode == "I;16"
    assert to_rgb(image).getpixel((3, 3)) == (128, 128, 128)
    assert sample_range(image) == (65535.0, 16)


def test_a_dark_16_bit_image_stays_dark():
    """Values under 256 in a 16-bit mode are a dark 16-bit picture, not an 8-bit one."""
    image = open_image(_png(Image.fromarray(np.full((8, 8), 200, dtype=np.uint16))))
    assert to_rgb(image).getpixel((0, 0)) == (1, 1, 1)


def test_32_bit_modes_are_judged_by_their_values():
    eight = Image.fromarray(np.full((4, 4), 200, dtype=np.int32), mode="I")
    sixteen = Image.fromarray(np.full((4, 4), 65535, dtype=np.int32), mode="I")
    unit = Image.fromarray(np.full((4, 4), 0.5, dtype=np.float32), mode="F")
    assert sample_range(eight) == (255.0, 8) and to_rgb(eight).getpixel((0, 0)) == (200, 200, 200)
    assert sample_range(sixteen) == (65535.0, 16) and to_rgb(sixteen).getpixel((0, 0)) == (255, 255, 255)
    assert sample_range(unit) == (1.0, 32) and to_rgb(unit).getpixel((0, 0)) == (128, 128, 128)


def test_palette_with_and_without_transparency():
    palette = Image.new("P", (4, 4), 1)
    palette.putpalette([0, 0, 0, 200, 10, 10] + [0] * 762)
    assert to_rgb(palette).getpixel((0, 0)) == (200, 10, 10)
    palette.info["transparency"] = 1
    assert to_rgb(palette).getpixel((0, 0)) == (255, 255, 255)


def test_rgba_is_composited_over_white():
    image = Image.new("RGBA", (4, 4), (0, 0, 0, 0))
    image.putpixel((1, 1), (0, 0, 255, 255))
    rgb = to_rgb(image)
    assert rgb.mode == "RGB"
    assert rgb.getpixel((0, 0)) == (255, 255, 255) and rgb.getpixel((1, 1)) == (0, 0, 255)


def test_exif_orientation_is_applied():
    image = Image.new("RGB", (40, 20), (0, 0, 0))
    image.paste((255, 0, 0), (0, 0, 10, 20))  # red on the left
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to view
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, quality=95)
    upright = open_rgb(buffer.getvalue())
    assert upright.size == (20, 40)
    red, green, _ = upright.getpixel((10, 3))  # the left edge is now on top
    assert red > 200 and green < 60


def test_cmyk_goes_through_pillows_conversion():
    image = Image.new("CMYK", (4, 4), (0, 255, 255, 0))
    assert to_rgb(image).getpixel((0, 0)) == (255, 0, 0)
    normalised, note = normalise_mode(image)
    assert normalised.mode == "RGB" and "CMYK" in note


def test_open_limits_the_formats_and_refuses_what_does_not_decode():
    payload = _png(Image.new("RGB", (4, 4)))
    assert open_rgb(payload, formats=["PNG"]).size == (4, 4)
    with pytest.raises(ImageUnreadable) as refused:
        open_image(payload, formats=["JPEG"])
    assert refused.value.reason == "undecodable"
    with pytest.raises(ImageUnreadable):
        open_image(b"not an image")

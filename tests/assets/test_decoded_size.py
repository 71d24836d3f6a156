"""Memory is bounded by decoded bytes, not pixels alone: a small 16-bit RGBA PNG at the pixel
limit is refused from its header, before a pixel is decoded."""
import struct
import zlib

import pytest

from tests.media import image_bytes, upload

pytestmark = pytest.mark.django_db


def png_16bit_rgba(width: int, height: int) -> bytes:
    """A real, fully decodable PNG: 16 bits per channel, RGBA, all zeros (compresses to ~300 KB)."""
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    packer, row = zlib.compressobj(9), b"\x00" * (1 + width * 8)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 16, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def test_a_small_16_bit_rgba_png_at_8k_is_refused_before_decoding(api, media_root):
    content = png_16bit_rgba(8192, 4320)
    assert len(content) < 1_000_000
    response = api.post("/api/v1/upload-media", {"file": upload(content, "deep.png")}, format="multipart")
    assert response.status_code == 413, response.content
    error = response.json()["error"]
    assert error["code"] == "FILE_TOO_LARGE" and "MAX_DECODED_MB" in error["message"]
    details = error["details"]
    assert (details["bit_depth"], details["channels"], details["bits_per_pixel"]) == (16, 4, 64)
    assert details["decoded_mb"] == pytest.approx(8192 * 4320 * 8 / 2**20, abs=0.1) and details["max_decoded_mb"] == 160


def test_the_limit_is_a_setting_and_ordinary_images_pass(api, media_root, settings):
    assert api.post("/api/v1/upload-media", {"file": upload(image_bytes("PNG"), "ok.png")},
                    format="multipart").status_code == 200
    settings.MAX_DECODED_MB = 1
    response = api.post("/api/v1/upload-media", {"file": upload(png_16bit_rgba(400, 400), "deep.png")},
                        format="multipart")
    assert response.status_code == 413 and response.json()["error"]["details"]["decoded_mb"] == pytest.approx(1.2, abs=0.1)

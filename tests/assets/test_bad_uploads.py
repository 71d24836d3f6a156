"""Uploads are untrusted: every bad input gets its documented code, nothing is left behind."""
import os
import struct
import tempfile
import zlib

import pytest

from tests.media import image_bytes, mp4_bytes, upload

pytestmark = pytest.mark.django_db


def post(api, content: bytes, name: str):
    return api.post("/api/v1/upload-media", {"file": upload(content, name)}, format="multipart")


def png_with_header(width: int, height: int) -> bytes:
    """A syntactically valid PNG whose header announces width x height (tiny compressed body)."""
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    body = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def assert_error(response, status: int, code: str):
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"] and error["timestamp"].endswith("Z")


@pytest.mark.parametrize("content,name", [
    (b"<html><script>alert(1)</script></html>", "photo.jpg"),
    (b"#!/bin/sh\nrm -rf /\n", "render.png"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "icon.webp"),
    (b"GIF89a" + b"\x00" * 100, "anim.jpg"),
    (b"\x00" * 4096, "zeros.mp4"),
], ids=["html", "script", "svg", "gif", "zeros"])
def test_disguised_files_are_rejected_by_content(api, media_root, content, name):
    assert_error(post(api, content, name), 400, "INVALID_FILE_FORMAT")
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_empty_file_is_rejected(api):
    assert_error(post(api, b"", "empty.jpg"), 400, "VALIDATION_ERROR")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_truncated_images_are_rejected(api, fmt):
    content = image_bytes(fmt, size=(256, 256))
    assert_error(post(api, content[: len(content) // 2], "cut." + fmt.lower()), 400, "INVALID_FILE_FORMAT")


def test_corrupt_png_body_is_rejected(api):
    content = bytearray(image_bytes("PNG"))
    content[100:140] = b"\xff" * 40
    assert_error(post(api, bytes(content), "bad.png"), 400, "INVALID_FILE_FORMAT")


def test_zero_pixel_image_is_rejected(api):
    assert_error(post(api, png_with_header(0, 10), "zero.png"), 400, "INVALID_FILE_FORMAT")


def test_decompression_bomb_is_refused_from_its_header(api):
    response = post(api, png_with_header(100_000, 100_000), "bomb.png")

    assert_error(response, 413, "FILE_TOO_LARGE")
    assert response.json()["error"]["details"]["width"] == 100_000


def test_image_over_the_pixel_limit_is_refused(api, settings):
    settings.MAX_IMAGE_PIXELS = 100 * 100
    assert_error(post(api, image_bytes("PNG", size=(101, 100)), "big.png"), 413, "FILE_TOO_LARGE")


def test_oversize_upload_is_refused_while_streaming_and_leaves_no_temp_file(api, settings, tmp_path):
    settings.MAX_FILE_SIZE_MB = 1
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "tmp")
    os.makedirs(settings.FILE_UPLOAD_TEMP_DIR)
    content = image_bytes("PNG", size=(64, 64)) + os.urandom(2 * 1024 * 1024)

    response = post(api, content, "huge.png")

    assert_error(response, 413, "FILE_TOO_LARGE")
    assert response.json()["error"]["details"]["max_file_size_mb"] == 1
    assert os.listdir(settings.FILE_UPLOAD_TEMP_DIR) == []


def test_missing_file_field_names_the_field(api):
    response = api.post("/api/v1/upload-media", {"tags": "x"}, format="multipart")
    assert_error(response, 400, "VALIDATION_ERROR")
    assert "file" in response.json()["error"]["details"]


def test_json_body_on_upload_is_unsupported_media_type(api):
    response = api.post("/api/v1/upload-media", {"file": "x"}, format="json")
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "UNSUPPORTED_MEDIA_TYPE"


def test_truncated_mp4_is_rejected(api, tmp_path):
    content = mp4_bytes(tmp_path)
    assert_error(post(api, content[: len(content) // 3], "cut.mp4"), 400, "INVALID_FILE_FORMAT")


def test_mp4_header_with_garbage_body_is_rejected(api):
    content = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + os.urandom(5000)
    assert_error(post(api, content, "fake.mp4"), 400, "INVALID_FILE_FORMAT")


def test_video_over_the_dimension_limit_is_refused(api, settings, tmp_path):
    settings.MAX_VIDEO_WIDTH = 100
    assert_error(post(api, mp4_bytes(tmp_path, size=(160, 120)), "wide.mp4"), 413, "FILE_TOO_LARGE")


def test_video_over_the_duration_limit_is_refused(api, settings, tmp_path):
    settings.MAX_VIDEO_DURATION_S = 1.0
    assert_error(post(api, mp4_bytes(tmp_path, frames=24, fps=12.0), "long.mp4"), 413, "FILE_TOO_LARGE")


def test_failed_uploads_store_nothing(api, media_root):
    post(api, b"<html></html>", "x.jpg")
    post(api, png_with_header(100_000, 100_000), "bomb.png")
    assert api.get("/api/v1/media").json()["count"] == 0
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))

"""Bombs and disguises through the upload path (what test_bad_uploads.py does not already cover).

Image bombs are refused from their headers (before any pixel is decoded); video containers that
lie about their size or length are judged by what the decoder sees; an MP4 pointing at external
media makes no outbound connection; disguised scripts and documents are refused by content.
Speed is measured in bench/decoder_fuzz.py, not asserted here.
"""
import socket
import struct
import threading
import zlib

import pytest

from tests.media import image_bytes, mp4_bytes, upload
from tests.reliability import mp4boxes

pytestmark = pytest.mark.django_db


def post(api, content: bytes, name: str):
    return api.post("/api/v1/upload-media", {"file": upload(content, name)}, format="multipart")


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code and error["message"]
    return error


def chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png(width: int, height: int, idat: bytes, extra: bytes = b"") -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def jpeg_declaring(width: int, height: int) -> bytes:
    data = bytearray(image_bytes("JPEG", size=(16, 16)))
    sof = data.find(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def webp_declaring(width: int, height: int) -> bytes:
    """A 1x1 lossless WEBP whose VP8L header is edited to announce width x height (38 bytes)."""
    data = bytearray(image_bytes("WEBP", size=(1, 1), lossless=True))
    at = data.find(b"VP8L") + 9  # chunk header 8, signature byte 0x2f
    bits = int.from_bytes(data[at:at + 4], "little") & ~((1 << 28) - 1)
    bits |= ((width - 1) & 0x3FFF) | (((height - 1) & 0x3FFF) << 14)
    data[at:at + 4] = bits.to_bytes(4, "little")
    return bytes(data)


def gif_declaring(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x80\x00\x00" + b"\x00" * 6 + b",\x00\x00\x00\x00" \
        + struct.pack("<HH", width, height) + b"\x00\x02\x02\x44\x01\x00;"


@pytest.mark.parametrize("content,name,declared", [
    (png(1, 2**31 - 1, zlib.compress(b"\x00" * 2)), "tall.png", (1, 2**31 - 1)),
    (png(2**31 - 1, 1, zlib.compress(b"\x00" * 2)), "wide.png", (2**31 - 1, 1)),
    (jpeg_declaring(65500, 65500), "huge.jpg", (65500, 65500)),
    (webp_declaring(16384, 16384), "huge.webp", (16384, 16384)),
], ids=["png-tall", "png-wide", "jpeg-sof", "webp-vp8l"])
def test_image_bombs_are_refused_from_their_header(api, media_root, content, name, declared):
    assert len(content) < 2000  # tiny files announcing gigapixels
    error = assert_error(post(api, content, name), 413, "FILE_TOO_LARGE")
    assert (error["details"]["width"], error["details"]["height"]) == declared
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_gif_bomb_is_refused_as_an_unaccepted_format(api):
    error = assert_error(post(api, gif_declaring(65535, 65535), "bomb.png"), 400, "INVALID_FILE_FORMAT")
    assert "WEBP" in error["details"]["accepted"]


def test_png_text_chunk_bomb_is_refused(api):
    bomb = chunk(b"zTXt", b"comment\x00\x00" + zlib.compress(b"A" * (64 * 1024 * 1024), 9))
    content = png(8, 8, zlib.compress(b"\x00" * 9 * 8), extra=bomb)
    assert len(content) < 100_000
    assert_error(post(api, content, "text.png"), 400, "INVALID_FILE_FORMAT")


def test_png_whose_data_inflates_past_its_size_is_read_at_its_declared_size(api, media_root):
    content = png(64, 64, zlib.compress(b"\x00" * (100 * 1024 * 1024), 9))  # 100 MB of zeros, ~100 kB
    response = post(api, content, "inflate.png")

    assert response.status_code == 200, response.content
    assert (response.json()["width"], response.json()["height"]) == (64, 64)


@pytest.mark.parametrize("content,name", [
    (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "logo.png"),
    (b"\xef\xbb\xbf<!DOCTYPE html><html><body><script>fetch('/api/v1/media')</script>", "still.jpg"),
    (b"\xff\xd8\xff<html><script>alert(1)</script></html>", "magic-then-html.jpg"),
    (b"%PDF-1.7\n1 0 obj << /JS (app.alert(1)) >>", "sheet.webp"),
    (b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "clip.mp4"),
    (b"<?php system($_GET['c']); ?>", "thumb.png"),
    (b"#EXTM3U\n#EXT-X-TARGETDURATION:1\nhttp://127.0.0.1:9/seg.ts\n", "playlist.mp4"),
], ids=["svg-xml", "html-bom", "jpeg-magic-html", "pdf", "elf", "php", "hls-playlist"])
def test_disguised_documents_and_scripts_are_refused_by_content(api, media_root, content, name):
    assert_error(post(api, content, name), 400, "INVALID_FILE_FORMAT")
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


@pytest.mark.parametrize("content,name", [
    (b"\xff\xd8\xff", "head.jpg"), (b"\x89PNG\r\n\x1a\n", "head.png"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "head.webp"), (b"\x00\x00\x00\x18ftypmp42", "head.mp4"),
], ids=["jpeg", "png", "webp", "mp4"])
def test_files_cut_inside_their_header_are_refused(api, content, name):
    assert_error(post(api, content, name), 400, "INVALID_FILE_FORMAT")


def test_a_jpeg_html_polyglot_is_served_as_an_image_never_as_html(api, media_root):
    content = image_bytes("JPEG") + b"<html><script>alert(document.cookie)</script></html>"
    asset = post(api, content, "poly.html").json()

    download = api.get(asset["public_url"])
    assert download["Content-Type"] == "image/jpeg"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert asset["filename"] == "poly.html" and asset["format"] == "JPEG"


# Videos whose container header lies: the decoder's view wins, or the declared size is refused.

def edited_mp4(tmp_path, edit) -> bytes:
    boxes = mp4boxes.parse(mp4_bytes(tmp_path))
    edit(boxes)
    return mp4boxes.write(boxes)


def test_video_header_claiming_a_huge_picture_is_judged_by_its_frames(api, media_root, tmp_path):
    content = edited_mp4(tmp_path, lambda boxes: mp4boxes.set_track_size(boxes, 65535, 65535))
    response = post(api, content, "liar.mp4")

    assert response.status_code == 200, response.content
    assert (response.json()["width"], response.json()["height"]) == (160, 120)


def test_video_header_claiming_a_huge_duration_gets_the_real_duration(api, media_root, tmp_path):
    content = edited_mp4(tmp_path, lambda boxes: mp4boxes.set_durations(boxes, movie=2**32 - 1, media=2**32 - 1))
    response = post(api, content, "long.mp4")

    assert response.status_code == 200, response.content
    assert response.json()["duration"] == pytest.approx(2.0)


def test_video_header_claiming_billions_of_frames_is_refused(api, media_root, tmp_path):
    content = edited_mp4(tmp_path, lambda boxes: mp4boxes.set_sample_count(boxes, 2**31))
    error = assert_error(post(api, content, "frames.mp4"), 413, "FILE_TOO_LARGE")
    assert error["details"]["frame_count"] == 2**31


class Listener:
    """A loopback TCP server standing in for an outside host; it counts the connections it gets."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            self.connections += 1
            conn.close()

    def close(self) -> int:
        self.running = False
        self.thread.join(timeout=2)
        self.sock.close()
        return self.connections


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.mark.parametrize("keep_data", [True, False], ids=["data-in-file", "data-only-outside"])
def test_mp4_referencing_external_media_makes_no_outbound_connection(api, media_root, tmp_path, listener, keep_data):
    url = f"http://127.0.0.1:{listener.port}/media.mp4"

    def point_outside(boxes):
        mp4boxes.root(boxes, b"dref").payload = mp4boxes.external_dref(url)
        if not keep_data:  # the samples are "elsewhere": this file holds none
            mdat = mp4boxes.root(boxes, b"mdat")
            mdat.payload = b"\x00" * len(mdat.payload)

    response = post(api, edited_mp4(tmp_path, point_outside), "remote.mp4")

    if keep_data:  # FFmpeg ignores data references and reads the samples in the file
        assert response.status_code == 200, response.content
        assert api.get(f"/api/v1/media/{response.json()['asset_id']}").status_code == 200
    else:
        assert_error(response, 400, "INVALID_FILE_FORMAT")
    assert listener.close() == 0

"""The media layer's small pieces: what the first bytes say, the one limits object, the one list of
export formats."""
import json

import pytest

from media.export import FORMATS, TABLE_FORMATS, export_file, shots_document
from media.limits import MediaLimits
from media.sniff import sniff, sniff_mp4

SHOTS = [{"shot_id": 1, "start_frame": 0, "end_frame": 24, "movement_type": "static"},
         {"shot_id": 2, "start_frame": 25, "end_frame": 49, "movement_type": "pan"}]


@pytest.mark.parametrize("head, fmt", [(b"\xff\xd8\xff\xe0" + b"\0" * 8, "JPEG"), (b"\x89PNG\r\n\x1a\n" + b"\0" * 4, "PNG"),
                                       (b"RIFF\0\0\0\0WEBPVP8 ", "WEBP"), (b"\0\0\0\x18ftypisom", "MP4"),
                                       (b"GIF89a" + b"\0" * 6, None), (b"", None)])
def test_the_first_bytes_decide_the_format(head, fmt):
    assert sniff(head) == fmt


def test_an_mp4_needs_a_known_brand(tmp_path):
    known, unknown = tmp_path / "a.mp4", tmp_path / "b.mp4"
    known.write_bytes(b"\0\0\0\x18ftypmp42" + b"\0" * 16)
    unknown.write_bytes(b"\0\0\0\x18ftypzzzz" + b"\0" * 16)
    assert sniff_mp4(known) and not sniff_mp4(unknown)


def test_the_default_limits_are_the_settings_defaults():
    limits = MediaLimits()
    assert (limits.max_image_pixels, limits.max_decoded_bytes) == (8192 * 4320, 160 * 1024 * 1024)
    assert limits.video_dict() == {"max_width": 7680, "max_height": 4320, "max_fps": 240.0, "max_duration_s": 3600.0,
                                   "max_frames": 216_000, "max_processing_s": 1800.0}


def test_every_format_has_a_content_type_an_extension_and_a_label():
    assert list(FORMATS) == ["csv", "edl", "otio", "json"]
    assert set(TABLE_FORMATS) <= set(FORMATS)
    assert export_file("x", fmt="edl", stem="reel") == ("x", "text/plain; charset=utf-8", "reel.edl")


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_a_shot_list_is_written_in_every_format(fmt):
    content = shots_document(SHOTS, fmt=fmt, title="Reel", fps=25.0, meta={"title": "Reel"})
    if fmt == "csv":
        assert content.splitlines()[0].startswith("shot_id,") and len(content.splitlines()) == 3
    elif fmt == "edl":
        assert content.startswith("TITLE: Reel") and "002  AX" in content
    else:
        document = json.loads(content)
        assert document["name" if fmt == "otio" else "title"] == "Reel"

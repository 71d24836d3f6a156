"""Uploading, listing, fetching and deleting media through /api/v1."""
import hashlib

import pytest
from PIL import Image

from tests.media import image_bytes, mp4_bytes, upload

pytestmark = pytest.mark.django_db

SEED_UPLOAD_FIELDS = {
    "asset_id", "filename", "content_type", "file_size", "public_url", "width", "height", "format",
    "upload_timestamp", "processing_status", "processing_time",
}


@pytest.mark.parametrize("fmt,content_type", [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")])
def test_upload_image_answers_the_seed_fields(api, media_root, fmt, content_type):
    content = image_bytes(fmt, size=(320, 200))
    response = api.post("/api/v1/upload-media", {"file": upload(content, f"hero.{fmt.lower()}")}, format="multipart")

    assert response.status_code == 200
    body = response.json()
    assert SEED_UPLOAD_FIELDS <= body.keys()
    assert (body["format"], body["content_type"], body["kind"]) == (fmt, content_type, "image")
    assert (body["width"], body["height"], body["file_size"]) == (320, 200, len(content))
    assert body["processing_status"] == "uploaded"
    assert body["upload_timestamp"].endswith("Z")
    assert body["checksum_sha256"] == hashlib.sha256(content).hexdigest()
    assert body["duplicate_of"] is None


def test_upload_mp4_adds_duration_fps_and_frames(api, media_root, tmp_path):
    content = mp4_bytes(tmp_path, frames=24, fps=12.0)
    response = api.post("/api/v1/upload-media", {"file": upload(content, "clip.mp4")}, format="multipart")

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["kind"], body["format"], body["content_type"]) == ("video", "MP4", "video/mp4")
    assert (body["width"], body["height"]) == (160, 120)
    assert body["fps"] == pytest.approx(12.0)
    assert body["frame_count"] == 24
    assert body["duration"] == pytest.approx(2.0)
    poster = api.get(body["poster_url"])
    assert poster.status_code == 200 and poster["Content-Type"] == "image/jpeg"


def test_public_url_downloads_the_exact_bytes(api, media_root):
    content = image_bytes("PNG")
    body = api.post("/api/v1/upload-media", {"file": upload(content, "a.png")}, format="multipart").json()

    download = api.get(body["public_url"])

    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == body["checksum_sha256"]


def test_png_named_jpg_is_stored_as_png_under_a_generated_name(api, media_root):
    body = api.post("/api/v1/upload-media", {"file": upload(image_bytes("PNG"), "../../etc/passwd.jpg")},
                    format="multipart").json()

    assert body["format"] == "PNG" and body["content_type"] == "image/png"
    assert body["filename"] == "passwd.jpg"
    stored = list((media_root / "originals").iterdir())
    assert [p.name for p in stored] == [f"{body['asset_id']}.png"]


def test_identical_reupload_reports_duplicate_of(upload_image):
    first = upload_image("JPEG")
    second = upload_image("JPEG")

    assert second["duplicate_of"] == first["asset_id"]
    assert second["asset_id"] != first["asset_id"]


def test_exif_orientation_is_applied_to_reported_size_and_thumbnail(api, media_root):
    image = Image.new("RGB", (300, 100), "red")
    exif = image.getexif()
    exif[0x0112] = 6  # rotate 90° clockwise on display
    import io
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    body = api.post("/api/v1/upload-media", {"file": upload(buffer.getvalue(), "rot.jpg")}, format="multipart").json()

    assert (body["width"], body["height"]) == (100, 300)
    thumb = Image.open(media_root / "thumbnails" / f"{body['asset_id']}.jpg")
    assert thumb.height > thumb.width


def test_tags_and_description_are_kept_and_filterable(api, media_root):
    api.post("/api/v1/upload-media", {"file": upload(image_bytes("PNG", "coffee"), "cup.png"),
                                       "tags": "Props, kitchen", "description": "Hero mug"}, format="multipart")
    api.post("/api/v1/upload-media", {"file": upload(image_bytes("PNG", "rocket"), "rocket.png"),
                                       "tags": "vehicle"}, format="multipart")

    by_tag = api.get("/api/v1/media", {"tag": "props"}).json()
    by_text = api.get("/api/v1/media", {"q": "hero"}).json()
    by_kind = api.get("/api/v1/media", {"kind": "video"}).json()

    assert [a["filename"] for a in by_tag["results"]] == ["cup.png"]
    assert by_tag["results"][0]["tags"] == ["props", "kitchen"]
    assert [a["filename"] for a in by_text["results"]] == ["cup.png"]
    assert by_kind["count"] == 0


def test_list_is_paginated_newest_first(api, upload_image):
    names = ["astronaut", "coffee", "chelsea"]
    for name in names:
        upload_image("PNG", name)

    page1 = api.get("/api/v1/media", {"page_size": 2}).json()
    page2 = api.get("/api/v1/media", {"page_size": 2, "page": 2}).json()

    assert page1["count"] == 3
    assert [a["filename"] for a in page1["results"] + page2["results"]] == ["chelsea.png", "coffee.png", "astronaut.png"]
    assert page1["next"] and page2["next"] is None


def test_get_media_returns_metadata_without_features_yet(api, upload_image):
    asset = upload_image("WEBP")

    detail = api.get(f"/api/v1/media/{asset['asset_id']}").json()

    assert detail["asset_id"] == asset["asset_id"]
    assert detail["features_extracted"] is False and detail["features"] is None


def test_delete_removes_files_and_document(api, media_root, upload_image):
    asset = upload_image("JPEG")

    deleted = api.delete(f"/api/v1/media/{asset['asset_id']}")

    assert deleted.status_code == 200
    assert deleted.json()["stored_file"] is True and deleted.json()["thumbnails"] == 1
    assert api.get(f"/api/v1/media/{asset['asset_id']}").status_code == 404
    assert not any(p.is_file() for p in media_root.rglob("*"))


@pytest.mark.parametrize("bad_id", ["nope", "00000000-0000-0000-0000-000000000000", "1' OR '1'='1", "%00"])
def test_unknown_or_malformed_ids_answer_asset_not_found(api, bad_id):
    for response in (api.get(f"/api/v1/media/{bad_id}"), api.delete(f"/api/v1/media/{bad_id}")):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "ASSET_NOT_FOUND"


def test_expired_or_forged_file_links_are_refused(api):
    assert api.get("/files/not-a-token").status_code == 404

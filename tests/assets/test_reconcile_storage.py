"""Storage faults: an upload killed between storing its files and writing its document leaves
orphans that ``manage.py reconcile_storage`` finds and removes; assets whose file vanished are
found too; stored and downloaded bytes hash to the recorded checksum."""
import hashlib
import io
import json
from pathlib import Path

import boto3
import pytest
from django.core.management import call_command

from assets.documents import Asset
from assets.services import asset_create
from tests.media import image_bytes, mp4_bytes, upload

pytestmark = pytest.mark.django_db


class ProcessKilled(BaseException):
    """Stands in for kill -9: not an Exception, so no cleanup handler runs."""


def reconcile(*args) -> tuple[int, dict]:
    out = io.StringIO()
    try:
        call_command("reconcile_storage", "--json", "--min-age", "0", *args, stdout=out)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, json.loads(out.getvalue())


def stored_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def killed_upload(tmp_path, monkeypatch, content: bytes, name: str) -> None:
    """Run an upload whose process dies right before the document is written."""
    def die(self, *args, **kwargs):
        raise ProcessKilled()

    source = tmp_path / name
    source.write_bytes(content)
    with monkeypatch.context() as patch:
        patch.setattr(Asset, "save", die)
        with pytest.raises(ProcessKilled):
            asset_create(path=source, filename=name)


def test_an_upload_killed_before_its_document_leaves_orphans_the_command_removes(
        api, media_root, tmp_path, monkeypatch, upload_image):
    kept = upload_image("PNG", name="coffee")
    killed_upload(tmp_path, monkeypatch, image_bytes("JPEG"), "lost.jpg")
    killed_upload(tmp_path, monkeypatch, mp4_bytes(tmp_path), "lost.mp4")
    before = stored_files(media_root)
    assert Asset.objects.count() == 1 and len(before) == 2 + 2 + 3  # kept asset + jpeg + video orphans

    code, dry = reconcile()
    assert code == 1  # a dry run that finds something says so
    assert len(dry["orphan_files"]) == 5
    assert all(kept["asset_id"] not in name for name in dry["orphan_files"])
    assert stored_files(media_root) == before  # the dry run removed nothing

    code, done = reconcile("--delete")
    assert code == 0 and done["removed"]["orphan_files"] == 5
    assert stored_files(media_root) == sorted([f"originals/{kept['asset_id']}.png",
                                               f"thumbnails/{kept['asset_id']}.jpg"])
    assert api.get(f"/api/v1/media/{kept['asset_id']}").status_code == 200
    code, after = reconcile()
    assert code == 0 and after["orphan_files"] == []


def test_recent_unreferenced_files_are_kept_as_uploads_in_flight(media_root, tmp_path, monkeypatch):
    killed_upload(tmp_path, monkeypatch, image_bytes("JPEG"), "busy.jpg")
    before = stored_files(media_root)

    code, report = reconcile("--delete", "--min-age", "3600")  # the last --min-age wins

    assert report["orphan_files"] == [] and report["recent_unreferenced_files_kept"] == 2
    assert stored_files(media_root) == before


def test_assets_whose_original_vanished_are_found_and_removed(api, media_root, upload_image):
    gone, kept = upload_image("JPEG"), upload_image("PNG", name="coffee")
    (media_root / f"originals/{gone['asset_id']}.jpg").unlink()

    code, dry = reconcile()
    assert code == 1 and [item["asset_id"] for item in dry["assets_missing_original"]] == [gone["asset_id"]]
    assert api.get(f"/api/v1/media/{gone['asset_id']}").status_code == 200

    code, done = reconcile("--delete")
    assert done["removed"]["assets"] == 1
    assert api.get(f"/api/v1/media/{gone['asset_id']}").status_code == 404
    assert api.get(f"/api/v1/media/{kept['asset_id']}").status_code == 200
    assert stored_files(media_root) == sorted([f"originals/{kept['asset_id']}.png", f"thumbnails/{kept['asset_id']}.jpg"])


def test_missing_thumbnail_is_reported_and_its_link_cleared(api, media_root, upload_image):
    asset = upload_image("JPEG")
    (media_root / f"thumbnails/{asset['asset_id']}.jpg").unlink()

    assert reconcile()[1]["missing_thumbnails_or_posters"][0]["field"] == "thumbnail_name"
    reconcile("--delete")
    assert api.get(f"/api/v1/media/{asset['asset_id']}").json()["thumbnail_url"] is None


def test_stored_and_downloaded_bytes_hash_to_the_recorded_checksum(api, media_root, tmp_path):
    for content, name in ((image_bytes("WEBP"), "a.webp"), (mp4_bytes(tmp_path), "v.mp4")):
        asset = api.post("/api/v1/upload-media", {"file": upload(content, name)}, format="multipart").json()
        expected = hashlib.sha256(content).hexdigest()
        download = api.get(asset["public_url"])
        assert asset["checksum_sha256"] == expected
        assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == expected


def test_verify_checksums_finds_an_original_changed_on_disk(media_root, upload_image):
    asset = upload_image("PNG")
    original = media_root / f"originals/{asset['asset_id']}.png"
    original.write_bytes(original.read_bytes()[:-1] + b"\x00")

    code, report = reconcile("--verify-checksums")
    assert code == 1 and report["checksum_mismatches"][0]["asset_id"] == asset["asset_id"]


@pytest.mark.servers
def test_reconcile_works_on_the_r2_bucket(settings, moto_s3, tmp_path, monkeypatch, upload_image):
    from dinov3site.settings.base import storages_config

    client = boto3.client("s3", endpoint_url=moto_s3, aws_access_key_id="test", aws_secret_access_key="test",
                          region_name="us-east-1")
    client.create_bucket(Bucket="reconcile")
    settings.STORAGES = storages_config(moto_s3, "test", "test", "reconcile")
    kept = upload_image("JPEG")
    killed_upload(tmp_path, monkeypatch, image_bytes("PNG", name="coffee"), "lost.png")

    code, dry = reconcile()
    assert code == 1 and len(dry["orphan_files"]) == 2
    reconcile("--delete")
    keys = sorted(item["Key"] for item in client.list_objects_v2(Bucket="reconcile")["Contents"])
    assert keys == [f"originals/{kept['asset_id']}.jpg", f"thumbnails/{kept['asset_id']}.jpg"]
    for key in keys:
        client.delete_object(Bucket="reconcile", Key=key)
    client.delete_bucket(Bucket="reconcile")

"""The Cloudflare R2 path (S3 API) against moto's S3 server on loopback."""
import hashlib

import boto3
import pytest
import requests

from dinov3site.settings.base import storages_config
from tests.media import image_bytes, upload

pytestmark = [pytest.mark.servers, pytest.mark.django_db]


@pytest.fixture
def r2(settings, moto_s3):
    client = boto3.client("s3", endpoint_url=moto_s3, aws_access_key_id="test", aws_secret_access_key="test",
                          region_name="us-east-1")
    bucket = "studio-media"
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = storages_config(moto_s3, "test", "test", bucket)
    yield client, bucket
    for item in client.list_objects_v2(Bucket=bucket).get("Contents", []):
        client.delete_object(Bucket=bucket, Key=item["Key"])
    client.delete_bucket(Bucket=bucket)


def test_upload_stores_in_the_bucket_and_public_url_is_presigned(api, r2):
    client, bucket = r2
    content = image_bytes("JPEG")

    body = api.post("/api/v1/upload-media", {"file": upload(content, "hero.jpg")}, format="multipart").json()

    keys = sorted(item["Key"] for item in client.list_objects_v2(Bucket=bucket)["Contents"])
    assert keys == [f"originals/{body['asset_id']}.jpg", f"thumbnails/{body['asset_id']}.jpg"]
    assert "X-Amz-Signature=" in body["public_url"]
    downloaded = requests.get(body["public_url"], timeout=10)
    assert downloaded.status_code == 200
    assert hashlib.sha256(downloaded.content).hexdigest() == body["checksum_sha256"]
    assert api.get("/api/v1/health").json()["storage"]["type"] == "cloudflare-r2"


def test_delete_removes_the_objects(api, r2):
    client, bucket = r2
    body = api.post("/api/v1/upload-media", {"file": upload(image_bytes("PNG"), "a.png")}, format="multipart").json()

    api.delete(f"/api/v1/media/{body['asset_id']}")

    assert client.list_objects_v2(Bucket=bucket).get("KeyCount", 0) == 0


def test_public_bucket_answers_plain_urls(settings, moto_s3, r2):
    _, bucket = r2
    settings.STORAGES = storages_config(moto_s3, "test", "test", bucket, "https://media.example.com")
    from assets.storage import media_url

    assert media_url("originals/x.jpg") == "https://media.example.com/originals/x.jpg"

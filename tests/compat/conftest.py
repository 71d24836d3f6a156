"""A live service for the client replays: gunicorn on a loopback port with the one-command run's
settings (dinov3site.settings.local: embedded documents, API keys off on loopback, DEBUG off),
the tiny random DINOv3 checkpoint, and a small library uploaded through the API."""
from __future__ import annotations

import pytest
import requests

from tests.media import image_bytes, mp4_file
from tests.reliability.live import Gunicorn
from tests.servers import free_port

# Nothing from the test process's own services: the embedded run as a new user starts it.
_PLAIN_RUN = {"MONGODB_URL": "", "REDIS_URL": "", "CLOUDFLARE_R2_ENDPOINT": "", "DJANGO_SECRET_KEY": "",
              "DJANGO_DEBUG": "", "API_AUTH_REQUIRED": "", "API_HOST": "", "DJANGO_ALLOWED_HOSTS": "",
              # The replays make more calls a minute than the default rate limits allow one client.
              "RATE_LIMIT_DEFAULT": "100000/minute", "RATE_LIMIT_BATCH": "100000/minute",
              "RATE_LIMIT_UPLOAD": "100000/minute"}


@pytest.fixture(scope="module")
def live(tiny_checkpoint):
    port = free_port()
    env = {**_PLAIN_RUN, "DINOV3_MODEL_NAME": str(tiny_checkpoint), "DINOV3_DEVICE": "cpu",
           "API_PORT": str(port), "SITE_URL": f"http://127.0.0.1:{port}"}
    with Gunicorn("dinov3site.settings.local", env=env, migrate=True, port=port, timeout=300) as server:
        yield server


def live_upload(live, filename: str, content: bytes, content_type: str = "image/jpeg") -> dict:
    response = requests.post(f"{live.url}/api/v1/upload-media", files={"file": (filename, content, content_type)},
                             timeout=120)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(scope="module")
def library(live, tmp_path_factory) -> dict[str, str]:
    """Two photos and a short video, uploaded once for every replay in the module."""
    video = mp4_file(tmp_path_factory.mktemp("clips") / "clip.mp4", frames=24).read_bytes()
    return {
        "image": live_upload(live, "reference.jpg", image_bytes("JPEG", "astronaut"))["asset_id"],
        "image2": live_upload(live, "test.jpg", image_bytes("JPEG", "coffee"))["asset_id"],
        "video": live_upload(live, "clip.mp4", video, "video/mp4")["asset_id"],
        "key": "d3_never_issued_by_this_service",
    }

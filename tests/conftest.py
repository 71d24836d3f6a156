"""Fixtures shared by every test: a clean document store per test, API clients, media."""
from __future__ import annotations

import os

import mongoengine
import pytest
from rest_framework.test import APIClient

from dinov3site.mongo import mongo_info, mongo_server_version


def _store_lines() -> list[str]:
    info = mongo_info()
    line = f"document store: {info.type} {mongo_server_version()} at {info.location}" if info else "document store: none"
    fallback = os.environ.get("MONGODB_TEST_FALLBACK")
    return [line, f"(not a real server: {fallback})"] if fallback else [line]


def pytest_report_header(config):
    """Which document store the run uses (settings/test.py starts the bundled MongoDB server)."""
    return _store_lines()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """-q hides the header: say it at the end instead."""
    if config.get_verbosity() < 0:
        for line in _store_lines():
            terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def _clean_documents():
    """Each test starts with empty collections. Emptied, not dropped: a drop costs ~20 ms per
    collection on the real server, and MongoEngine creates a collection's indexes only once per
    process, so a dropped collection would come back without its unique indexes."""
    db = mongoengine.get_db()
    for name in db.list_collection_names():
        if not name.startswith("system."):
            db[name].delete_many({})
    yield


@pytest.fixture(autouse=True)
def _clean_index(settings):
    """The vector index follows the documents: each test starts with none."""
    import shutil

    from analysis.search.index import index_forget

    shutil.rmtree(settings.DATA_DIR / "index", ignore_errors=True)
    index_forget()
    yield


@pytest.fixture(autouse=True)
def _clean_cache():
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def media_root(settings, tmp_path):
    """Stored files go to this test's own folder."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(root)}},
    }
    return root


@pytest.fixture
def upload_image(api, media_root):
    """Upload an image through the API and return the response JSON."""
    from tests.media import image_bytes, upload

    def _upload(fmt: str = "JPEG", name: str = "astronaut", filename: str | None = None, **kwargs) -> dict:
        ext = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[fmt]
        response = api.post("/api/v1/upload-media",
                            {"file": upload(image_bytes(fmt, name, **kwargs), filename or f"{name}.{ext}")},
                            format="multipart")
        assert response.status_code == 200, response.content
        return response.json()

    return _upload


@pytest.fixture(scope="session")
def redis_server():
    from tests.servers import RedisServer

    server = RedisServer()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def moto_s3():
    """moto's S3 in server mode over HTTP on loopback."""
    from moto.server import ThreadedMotoServer

    from tests.servers import free_port

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture(scope="session")
def tiny_checkpoint(tmp_path_factory):
    """A tiny DINOv3 with random weights, saved like a real checkpoint (built once per run)."""
    from analysis.engine.testing import build_tiny_checkpoint

    return build_tiny_checkpoint(tmp_path_factory.mktemp("models") / "dinov3-tiny")


@pytest.fixture
def model(settings, tiny_checkpoint):
    """The service configured with the tiny checkpoint, loaded through the users' code path."""
    from analysis.engine import reset_engine

    settings.DINOV3_MODEL_NAME = str(tiny_checkpoint)
    settings.DINOV3_DEVICE = "cpu"
    reset_engine()
    yield tiny_checkpoint
    reset_engine()


@pytest.fixture
def no_model(settings, tmp_path):
    from analysis.engine import reset_engine

    settings.DINOV3_MODEL_NAME = str(tmp_path / "models" / "dinov3-vitb16-pretrain-lvd1689m")
    reset_engine()
    yield
    reset_engine()

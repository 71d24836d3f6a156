"""health, config, metrics and stats as an operator sees them."""
import re

import pytest
from prometheus_client.parser import text_string_to_metric_families

pytestmark = pytest.mark.django_db


def test_health_has_the_seed_fields_and_names_the_components(api):
    body = api.get("/api/v1/health").json()

    assert {"status", "timestamp", "version", "gpu", "model", "database", "cache"} <= body.keys()
    assert {"available", "device_name", "memory_total", "memory_used", "memory_free"} <= body["gpu"].keys()
    assert {"loaded", "name", "device"} <= body["model"].keys()
    # The suite runs on the bundled MongoDB server (dinov3site/settings/test.py starts it).
    assert body["database"] == {**body["database"], "connected": True, "type": "mongodb", "single_threaded": False}
    assert re.fullmatch(r"\d+\.\d+\.\d+", body["database"]["version"])
    assert body["cache"] == {"connected": True, "type": "local-memory"}
    assert body["storage"]["type"] == "local"
    assert body["queue"]["eager"] is True


def test_config_lists_every_threshold_with_its_range(api):
    body = api.get("/api/v1/config").json()

    assert body["similarity_threshold"] == 0.75
    for name, entry in body["thresholds"].items():
        assert entry["min"] <= entry["value"] <= entry["max"], name
        assert entry["description"]


@pytest.mark.parametrize("sent,stored", [(0.8, 0.8), (85, 0.85), ("0.6", 0.6)])
def test_similarity_threshold_accepts_fractions_and_percentages(api, sent, stored):
    response = api.put("/api/v1/config/similarity-threshold", {"threshold": sent}, format="json")

    assert response.status_code == 200
    assert response.json()["similarity_threshold"] == stored
    assert api.get("/api/v1/config").json()["similarity_threshold"] == stored


@pytest.mark.parametrize("sent", [-0.1, 101, "abc", None])
def test_threshold_out_of_range_is_a_validation_error(api, sent):
    response = api.put("/api/v1/config/quality-threshold", {"threshold": sent}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert api.get("/api/v1/config").json()["quality_threshold"] == 0.7


def test_quality_threshold_is_persisted_in_the_document_store(api):
    from dinov3site.config.documents import ServiceConfig

    api.put("/api/v1/config/quality-threshold", {"threshold": 0.55}, format="json")

    assert ServiceConfig.objects.get(id="global").values["quality_threshold"] == 0.55


def test_metrics_are_prometheus_text_with_requests_and_errors(api):
    api.get("/api/v1/health")
    api.get("/api/v1/media/not-an-id")

    response = api.get("/api/v1/metrics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    families = {family.name: family for family in text_string_to_metric_families(response.content.decode())}
    requests = {(s.labels["endpoint"], s.labels["status"]) for s in families["dinov3_http_requests"].samples}
    assert ("api/v1/health", "200") in requests
    assert ("api/v1/media/<str:asset_id>", "404") in requests
    errors = {s.labels["code"]: s.value for s in families["dinov3_errors"].samples if s.name.endswith("_total")}
    assert errors["ASSET_NOT_FOUND"] >= 1
    assert "dinov3_queue_depth" in families and "dinov3_gpu_memory_mib" in families


def test_stats_count_assets_by_kind_and_status(api, upload_image):
    upload_image("PNG")
    upload_image("JPEG", "coffee")

    body = api.get("/api/v1/stats").json()

    assert body["assets"]["by_kind"] == {"image": 2, "video": 0}
    assert body["assets"]["by_status"]["uploaded"] == 2
    assert body["endpoints"]["api/v1/upload-media"]["requests"] >= 2


def test_runserver_serves_one_request_at_a_time_on_the_embedded_store(settings, monkeypatch):
    """Given no MONGODB_URL, when a developer runs `manage.py runserver`, threading is turned off
    (the embedded store refuses connections shared between threads); with MongoDB it stays on."""
    from django.contrib.staticfiles.management.commands.runserver import Command as StaticfilesRunserver
    from django.core.management import get_commands, load_command_class

    seen = []
    monkeypatch.setattr(StaticfilesRunserver, "handle", lambda self, *a, **options: seen.append(options["use_threading"]))
    command = load_command_class(get_commands()["runserver"], "runserver")

    settings.MONGODB_URL = ""
    command.handle(use_threading=True)
    settings.MONGODB_URL = "mongodb://db.example:27017/dinov3"
    command.handle(use_threading=True)
    assert seen == [False, True]

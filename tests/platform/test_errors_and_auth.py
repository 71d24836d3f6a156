"""The error envelope everywhere, API keys, and throttles."""
import pytest
from django.core.management import call_command

from dinov3site.accounts.auth import api_key_create

pytestmark = pytest.mark.django_db


def assert_envelope(response, status, code):
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code
    assert set(error) == {"code", "message", "details", "timestamp"}


def test_unknown_route_answers_the_envelope(api):
    assert_envelope(api.get("/api/v1/no-such-thing"), 404, "NOT_FOUND")


def test_wrong_method_answers_the_envelope(api):
    assert_envelope(api.post("/api/v1/health"), 405, "METHOD_NOT_ALLOWED")


def test_malformed_json_answers_validation_error(api):
    response = api.generic("PUT", "/api/v1/config/similarity-threshold", "{not json", content_type="application/json")
    assert_envelope(response, 400, "VALIDATION_ERROR")


def test_unknown_job_answers_not_found(api):
    assert_envelope(api.get("/api/v1/jobs/123"), 404, "NOT_FOUND")


def test_unexpected_exceptions_become_processing_failed(api, monkeypatch):
    from dinov3site.system import apis

    def explode():
        raise RuntimeError("boom")

    monkeypatch.setattr(apis, "config_describe", explode)
    assert_envelope(api.get("/api/v1/config"), 500, "PROCESSING_FAILED")


class TestApiKeys:
    @pytest.fixture(autouse=True)
    def _require_keys(self, settings):
        settings.API_AUTH_REQUIRED = True

    def test_missing_key_is_unauthenticated(self, api):
        response = api.get("/api/v1/media")
        assert_envelope(response, 401, "UNAUTHENTICATED")
        assert response["WWW-Authenticate"] == "Api-Key"

    def test_wrong_key_is_unauthenticated(self, api):
        assert_envelope(api.get("/api/v1/media", HTTP_AUTHORIZATION="Api-Key d3_bad_key"), 401, "UNAUTHENTICATED")

    def test_valid_key_in_either_header_is_accepted_and_recorded(self, api):
        key, raw = api_key_create(name="farm")
        assert api.get("/api/v1/media", HTTP_AUTHORIZATION=f"Api-Key {raw}").status_code == 200
        assert api.get("/api/v1/media", HTTP_X_API_KEY=raw).status_code == 200
        key.refresh_from_db()
        assert key.last_used_at is not None
        assert raw not in key.hashed_key

    def test_revoked_key_is_refused(self, api):
        key, raw = api_key_create(name="old")
        key.revoked = True
        key.save()
        assert_envelope(api.get("/api/v1/media", HTTP_AUTHORIZATION=f"Api-Key {raw}"), 401, "UNAUTHENTICATED")

    def test_health_and_metrics_stay_public(self, api):
        assert api.get("/api/v1/health").status_code == 200
        assert api.get("/api/v1/metrics").status_code == 200

    def test_create_api_key_command_prints_a_working_key(self, api, capsys):
        call_command("create_api_key", "pipeline")
        raw = capsys.readouterr().out.strip()
        assert api.get("/api/v1/media", HTTP_AUTHORIZATION=f"Api-Key {raw}").status_code == 200


class TestThrottles:
    @pytest.fixture(autouse=True)
    def _rates(self, settings):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"default": "3/minute", "batch": "1/minute", "upload": "2/minute"},
        }

    def test_fourth_request_in_a_minute_is_rate_limited_with_retry_after(self, api):
        statuses = [api.get("/api/v1/config").status_code for _ in range(4)]
        response = api.get("/api/v1/config")
        assert statuses[:3] == [200, 200, 200]
        assert_envelope(response, 429, "RATE_LIMITED")
        assert int(response["Retry-After"]) > 0

    def test_forged_forwarded_for_does_not_reset_the_limit(self, api):
        for index in range(3):
            api.get("/api/v1/config", HTTP_X_FORWARDED_FOR=f"10.0.0.{index}")
        assert api.get("/api/v1/config", HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429

    def test_uploads_have_their_own_scope(self, api):
        for _ in range(2):
            api.post("/api/v1/upload-media", {}, format="multipart")
        assert_envelope(api.post("/api/v1/upload-media", {}, format="multipart"), 429, "RATE_LIMITED")
        assert api.get("/api/v1/config").status_code == 200

"""The OpenAPI schema: valid, complete for what is served, with the error envelope documented."""
import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

# Every endpoint docs/api.md lists.
SERVED = {
    ("post", "/api/v1/upload-media"), ("get", "/api/v1/media"), ("get", "/api/v1/media/{asset_id}"),
    ("delete", "/api/v1/media/{asset_id}"), ("get", "/api/v1/health"), ("get", "/api/v1/config"),
    ("put", "/api/v1/config/similarity-threshold"), ("put", "/api/v1/config/quality-threshold"),
    ("get", "/api/v1/metrics"), ("get", "/api/v1/stats"), ("get", "/api/v1/jobs/{job_id}"),
    ("post", "/api/v1/extract-features"), ("post", "/api/v1/batch-extract-features"),
    ("post", "/api/v1/preprocess-image"), ("get", "/api/v1/model-info"),
    ("post", "/api/v1/store-shot-data"), ("post", "/api/v1/suggest-shots"), ("get", "/api/v1/shot-library"), ("get", "/api/v1/shot-library/export"),
    ("post", "/api/v1/analyze-video-shots"), ("get", "/api/v1/videos/{video_asset_id}/shots/export"),
    *(("post", f"/api/v1/{name}") for name in (
        "calculate-similarity", "find-best-match", "validate-consistency", "batch-similarity", "character-matching",
        "group-by-character", "validate-shot-consistency", "reference-enforcement", "semantic-search",
        "anomaly-detection", "feature-clustering", "near-duplicates", "similarity-heatmap", "calibrate-threshold", "analyze-quality",
        "analyze-image-metrics", "batch-quality-check", "analyze-image-composition")),
}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield method, path, operation


def test_schema_is_valid_openapi(schema):
    validate(schema)


def test_every_served_endpoint_is_documented(schema):
    documented = {(method, path) for method, path, _ in operations(schema)}
    assert SERVED <= documented


def test_every_operation_documents_the_error_envelope(schema):
    envelope = "#/components/schemas/ErrorEnvelope"
    for method, path, operation in operations(schema):
        responses = operation["responses"]
        for status in ("400", "429", "500"):
            assert responses[status]["content"]["application/json"]["schema"]["$ref"] == envelope, (method, path, status)
        if "{" in path:
            assert "404" in responses, (method, path)
        if operation.get("x-needs-model") or path.endswith(("extract-features", "preprocess-image")):
            assert "503" in responses, (method, path)
        success = [code for code in responses if code.startswith("2")]
        assert success, (method, path)


def test_docs_pages_render(api):
    for url in ("/docs", "/redoc"):
        response = api.get(url)
        assert response.status_code == 200
        sources = {part.split()[0]: part.split()[1:] for part in response["Content-Security-Policy"].split(";")
                   if part.strip()}
        assert sources["script-src"] == ["'self'"]  # django-csp does not fix the directives' order
    assert b"/api/schema/" in api.get("/redoc").content
    # Swagger UI's start-up script is a file of its own (no inline script under the CSP).
    assert b"/docs?script=" in api.get("/docs").content and b"/api/schema/" in api.get("/docs?script=").content

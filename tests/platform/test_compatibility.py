"""What existing clients rely on, in-process: credentials ignored with keys off, ids from any part
of the request, the schema at /openapi.json, the API index, JSON for unknown paths and methods,
documented aliases and examples, docs without a CDN, bounded metric labels."""
import re
import time

import pytest
from django.core import signing
from django.test import override_settings

from dinov3site.accounts.auth import CREDENTIALS_IGNORED_HEADER, api_key_create

pytestmark = pytest.mark.django_db

STALE = "d3_a_key_from_another_service"


def assert_envelope(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == code


@pytest.mark.parametrize("headers, said", [
    ({"HTTP_AUTHORIZATION": f"Bearer {STALE}"}, True), ({"HTTP_X_API_KEY": STALE}, True),
    ({"HTTP_AUTHORIZATION": f"Api-Key {STALE}"}, True), ({"HTTP_AUTHORIZATION": "Bearer "}, False),
])
def test_with_keys_off_credentials_are_ignored_and_the_answer_says_so(api, headers, said):
    for path in ("/api/v1/health", "/api/v1/media", "/api/v1/config", "/api/v1/metrics"):
        response = api.get(path, **headers)
        assert response.status_code == 200, (path, response.content)
        assert ("not checked" in response.get(CREDENTIALS_IGNORED_HEADER, "")) is said


def test_with_keys_off_no_header_when_nothing_was_sent(api):
    assert CREDENTIALS_IGNORED_HEADER not in api.get("/api/v1/health")


def test_with_keys_off_a_valid_key_still_identifies_its_client(api):
    key, raw = api_key_create(name="pipeline")
    response = api.get("/api/v1/media", HTTP_AUTHORIZATION=f"Bearer {raw}")
    key.refresh_from_db()
    assert response.status_code == 200 and CREDENTIALS_IGNORED_HEADER not in response
    assert key.last_used_at is not None


class TestKeysOn:
    @pytest.fixture(autouse=True)
    def _keys_on(self, settings):
        settings.API_AUTH_REQUIRED = True

    @pytest.mark.parametrize("headers", [{"HTTP_AUTHORIZATION": f"Bearer {STALE}"}, {"HTTP_X_API_KEY": STALE},
                                         {"HTTP_AUTHORIZATION": "Bearer "}])
    def test_a_wrong_or_empty_key_stays_401(self, api, headers):
        assert_envelope(api.get("/api/v1/media", **headers), 401, "UNAUTHENTICATED")

    def test_a_stale_key_on_metrics_is_a_json_401_not_a_500(self, api):
        assert_envelope(api.get("/api/v1/metrics", HTTP_AUTHORIZATION=f"Bearer {STALE}"), 401, "UNAUTHENTICATED")

    def test_a_bearer_key_is_accepted(self, api):
        _, raw = api_key_create(name="library")
        assert api.get("/api/v1/media", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_single_asset_endpoints_take_the_id_from_query_form_or_json(api, upload_image, model):
    asset_id = upload_image()["asset_id"]
    for path in ("extract-features", "preprocess-image", "analyze-quality", "analyze-image-metrics",
                 "analyze-image-composition"):
        url = f"/api/v1/{path}"
        answers = [api.post(f"{url}?asset_id={asset_id}"),  # no body at all
                   api.post(url, {"asset_id": asset_id}),  # form body
                   api.post(url, {"asset_id": asset_id}, format="json")]
        assert [answer.status_code for answer in answers] == [200, 200, 200], (path, answers[0].content)
        assert {answer.json()["asset_id"] for answer in answers} == {asset_id}


def test_analyze_video_shots_takes_its_id_from_the_query_string_too(api, media_root, tmp_path):
    from tests.media import mp4_bytes, upload

    video = api.post("/api/v1/upload-media", {"file": upload(mp4_bytes(tmp_path), "clip.mp4")}, format="multipart")
    response = api.post(f"/api/v1/analyze-video-shots?video_asset_id={video.json()['asset_id']}")
    assert response.status_code == 200, response.content
    assert response.json()["total_shots"] >= 1


def test_an_id_missing_everywhere_names_the_field(api):
    response = api.post("/api/v1/extract-features")
    assert_envelope(response, 400, "VALIDATION_ERROR")
    assert "asset_id" in response.json()["error"]["details"]


def test_upload_answers_200_with_media_url_equal_to_public_url(api, upload_image):
    body = upload_image()  # the fixture asserts 200
    assert body["media_url"] == body["public_url"] and body["media_url"].startswith("http://testserver/files/")


def test_links_come_from_site_url_not_from_the_host_header(api, media_root, settings):
    from tests.media import image_bytes, upload

    settings.SITE_URL = "https://dinov3.studio.example"
    response = api.post("/api/v1/upload-media", {"file": upload(image_bytes(), "a.jpg")}, format="multipart",
                        HTTP_HOST="evil.test")
    detail = api.get(f"/api/v1/media/{response.json()['asset_id']}", HTTP_HOST="evil.test").json()
    for body in (response.json(), detail):
        for name in ("public_url", "media_url", "thumbnail_url"):
            assert body[name].startswith("https://dinov3.studio.example/files/"), (name, body[name])
    assert "evil.test" not in str(response.json()) + str(detail)


def test_openapi_json_serves_the_schema_as_json(api):
    response = api.get("/openapi.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    schema = response.json()
    assert {"openapi", "paths", "components"} <= set(schema) and "/api/v1/extract-features" in schema["paths"]


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1"])
def test_the_api_index_names_the_service_and_links_docs_schema_and_health(api, path):
    body = api.get(path).json()
    assert body["name"] and body["version"] == "1.0.0"
    assert body["docs"] == "http://testserver/docs" and body["health"] == "http://testserver/api/v1/health"
    assert body["openapi"] == "http://testserver/openapi.json" and body["schema"] == "http://testserver/api/schema/"


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("method, path", [
    ("get", "/api/v1/extract-featurez"), ("post", "/api/v1/no-such-endpoint"), ("get", "/api/v2/health"),
    ("get", "/api/"), ("delete", "/api/v1/health/"),
])
def test_unknown_api_paths_answer_the_envelope_whatever_debug_says(api, debug, method, path):
    with override_settings(DEBUG=debug):
        assert_envelope(getattr(api, method)(path), 404, "NOT_FOUND")


@pytest.mark.parametrize("method", ["TRACE", "PATCH", "DELETE", "PUT", "FOO"])
def test_unsupported_methods_answer_405_in_the_envelope(api, method):
    for path in ("/api/v1/metrics", "/api/v1/health", "/api/v1/extract-features"):
        response = api.generic(method, path)
        assert_envelope(response, 405, "METHOD_NOT_ALLOWED")


def test_made_up_methods_collapse_to_one_metrics_label(api):
    for index in range(50):
        api.generic(f"X{index}", "/api/v1/health")
    text = api.get("/api/v1/metrics").content.decode()
    methods = set(re.findall(r'dinov3_http_requests_total\{[^}]*method="([^"]+)"', text))
    assert "other" in methods and not any(method.startswith("X") for method in methods)


def test_signed_links_stamped_in_the_future_are_refused(api, upload_image):
    from assets.storage import URL_MAX_AGE_S, file_token_resolve

    body = upload_image()
    token = body["public_url"].rsplit("/files/", 1)[1]
    name = file_token_resolve(token)
    assert name is not None
    signer = signing.TimestampSigner(salt="assets.files")
    future = signing.b62_encode(int(time.time()) + 10 * 365 * 24 * 3600)
    payload = token.rsplit(":", 2)[0]
    forged = signer.sign(payload).rsplit(":", 2)[0] + ":" + future
    forged += ":" + signer.signature(forged)

    assert signing.loads(forged, salt="assets.files", max_age=URL_MAX_AGE_S) == name  # a valid signature...
    assert file_token_resolve(forged) is None  # ...refused for its stamp in the future
    assert api.get(f"/files/{forged}").status_code == 404
    assert api.get(f"/files/{token}").status_code == 200


class TestSchemaDocuments:
    @pytest.fixture(scope="class")
    def schema(self, django_db_blocker):
        from rest_framework.test import APIClient

        with django_db_blocker.unblock():
            return APIClient().get("/openapi.json").json()

    def operations(self, schema):
        for path, item in schema["paths"].items():
            for method, operation in item.items():
                yield method, path, operation

    def test_every_operation_has_a_request_and_a_response_example(self, schema):
        for method, path, operation in self.operations(schema):
            bodies = operation.get("requestBody", {}).get("content", {})
            if bodies:
                assert any("examples" in body for body in bodies.values()), (method, path)
            success = [code for code in operation["responses"]
                       if code.startswith("2") and operation["responses"][code].get("content")]
            if not success:
                continue  # no documented body (a 204) to show an example of
            assert any("examples" in content for code in success
                       for content in operation["responses"][code].get("content", {}).values()), (method, path)

    def test_upload_documents_200_not_201(self, schema):
        responses = schema["paths"]["/api/v1/upload-media"]["post"]["responses"]
        assert "200" in responses and "201" not in responses
        assert "media_url" in schema["components"]["schemas"]["Asset"]["properties"]

    @pytest.mark.parametrize("component, alias, name", [
        ("ConsistencyInputRequest", "reference_asset_id", "asset_id_1"),
        ("ConsistencyInputRequest", "test_asset_id", "asset_id_2"),
        ("ShotConsistencyInputRequest", "character_reference_id", "character_reference_asset_id"),
        ("ReferenceEnforcementInputRequest", "master_reference_id", "master_reference_asset_id"),
        ("CharacterMatchingInputRequest", "confidence_threshold", "threshold"),
        ("SemanticSearchInputRequest", "dataset_asset_ids", "asset_ids"),
        ("SemanticSearchInputRequest", "top_k", "limit"),
        ("AnomalyInputRequest", "anomaly_threshold", "threshold"),
        ("AnalyzeVideoShotsInputRequest", "asset_id", "video_asset_id"),
    ])
    def test_every_alias_is_documented(self, schema, component, alias, name):
        properties = schema["components"]["schemas"][component]["properties"]
        assert f"Alias of `{name}`" in properties[alias]["description"]
        assert alias not in schema["components"]["schemas"][component].get("required", [])

    def test_single_ids_are_documented_as_query_parameters(self, schema):
        parameters = schema["paths"]["/api/v1/extract-features"]["post"]["parameters"]
        assert {"name": "asset_id", "in": "query"}.items() <= parameters[0].items()


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_load_everything_from_this_service(api, path):
    page = api.get(path)
    html = page.content.decode()
    references = re.findall(r'(?:src|href)="([^"]+)"', html)

    assert page.status_code == 200 and references
    assert not re.search(r"https?://", " ".join(references)), references
    assert "googleapis" not in html and "cdn" not in html.lower()
    for reference in references:
        if reference.startswith("/static/"):
            asset = api.get(reference)
            assert asset.status_code == 200, reference
            if hasattr(asset, "streaming_content"):
                b"".join(asset.streaming_content)

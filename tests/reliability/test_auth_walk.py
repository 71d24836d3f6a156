"""With API_AUTH_REQUIRED on, every operation in the schema but the public ones answers 401.

The walk reads the served schema, so operations added later are covered without editing this
file. An operation is public when it does not document 401 (EnvelopeAutoSchema leaves it out for
views marked ``public``); the public set is pinned here so a new public operation is a decision.
"""
import re

import pytest

from dinov3site.accounts.auth import api_key_create

pytestmark = pytest.mark.django_db

PUBLIC = {"GET /api/v1/", "GET /api/v1/health", "GET /api/v1/metrics"}  # the index: integrators probe it
FAKE_ID = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def schema(api):
    response = api.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def walk(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                concrete = re.sub(r"\{[^}]+\}", FAKE_ID, path)  # every path parameter is an id
                yield f"{method.upper()} {path}", method, concrete, operation


def call(api, method, path, **headers):
    return getattr(api, method)(path, {} if method != "get" else None, format="json" if method != "get" else None,
                                **headers)


def test_public_operations_are_exactly_the_pinned_ones(schema):
    public = {label for label, _, _, operation in walk(schema) if "401" not in operation["responses"]}
    assert public == PUBLIC


def test_every_non_public_operation_refuses_a_request_without_a_key(api, schema, settings, media_root):
    settings.API_AUTH_REQUIRED = True
    walked = 0
    for label, method, path, operation in walk(schema):
        if label in PUBLIC:
            continue
        for headers in ({}, {"HTTP_AUTHORIZATION": "Api-Key d3_not_a_key"}, {"HTTP_X_API_KEY": "forged"}):
            response = call(api, method, path, **headers)
            assert response.status_code == 401, (label, headers, response.content)
            assert response.json()["error"]["code"] == "UNAUTHENTICATED"
        walked += 1
    assert walked >= 30


def test_a_valid_key_opens_every_operation_and_public_ones_need_none(api, schema, settings, media_root):
    settings.API_AUTH_REQUIRED = True
    _, raw = api_key_create(name="walker", scopes=["read", "write", "admin"])
    for label, method, path, operation in walk(schema):
        headers = {} if label in PUBLIC else {"HTTP_AUTHORIZATION": f"Api-Key {raw}"}
        response = call(api, method, path, **headers)
        # Empty bodies and unknown ids (no model loaded): a documented answer, never an auth refusal.
        assert response.status_code not in {401, 403}, (label, response.content)
        assert str(response.status_code) in operation["responses"], (label, response.content)

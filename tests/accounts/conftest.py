"""Accounts with each role, API clients signed in as them, and keys with scopes."""
from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from tests.cinematics.conftest import film, store, video  # noqa: F401 - the three-shot video, stored shots

PASSWORD = "a-long-test-password-9"


@pytest.fixture
def enforced(settings):
    """Keys required: the production rule, under which roles are enforced."""
    settings.API_AUTH_REQUIRED = True


@pytest.fixture
def make_user(django_user_model):
    def _make(name: str, role: str | None = None, **extra):
        user = django_user_model.objects.create_user(name, email=f"{name}@example.org", password=PASSWORD, **extra)
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user
    return _make


@pytest.fixture
def as_role(make_user):
    """An API client signed in (session) as a new user with `role`."""
    def _as(role: str | None, name: str | None = None) -> APIClient:
        client = APIClient()
        client.force_login(make_user(name or f"{role or 'norole'}1", role))
        return client
    return _as


@pytest.fixture
def image_of(media_root):
    """An image asset uploaded through the API by `client` (so it records who uploaded it)."""
    from tests.media import image_bytes, upload

    def _image(client, name: str = "astronaut") -> dict:
        response = client.post("/api/v1/upload-media", {"file": upload(image_bytes("JPEG", name), f"{name}.jpg")},
                               format="multipart")
        assert response.status_code in (200, 201), response.content
        return response.json()
    return _image

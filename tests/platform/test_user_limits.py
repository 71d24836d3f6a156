"""Signed-in people are limited per user (RATE_LIMIT_USER_*), not by the anonymous per-address limit."""
import pytest
from django.core.cache import cache

from tests.media import image_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight_rates(settings):
    cache.clear()
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        "default": "1000/minute", "batch": "1000/minute", "upload": "2/minute", "user_upload": "6/minute"}}
    yield
    cache.clear()


def _upload(client, index: int):
    return client.post("/api/v1/upload-media", {"file": upload(image_bytes("PNG", "coffee", (32 + index, 32)), f"{index}.png")})


def test_anonymous_clients_keep_the_per_address_upload_limit(client, media_root, tight_rates):
    answers = [_upload(client, i).status_code for i in range(3)]
    assert answers == [200, 200, 429]


def test_a_signed_in_artist_gets_the_per_user_limit_and_it_is_their_own(client, media_root, tight_rates,
                                                                         django_user_model):
    django_user_model.objects.create_user("artist", password="a-long-test-password-9")
    django_user_model.objects.create_user("lead", password="a-long-test-password-9")
    client.login(username="artist", password="a-long-test-password-9")
    answers = [_upload(client, i).status_code for i in range(7)]
    assert answers == [200] * 6 + [429]
    refused = _upload(client, 99)
    assert refused.json()["error"]["code"] == "RATE_LIMITED" and int(refused["Retry-After"]) >= 1
    # Another person on the same address has their own allowance.
    client.logout()
    client.login(username="lead", password="a-long-test-password-9")
    assert _upload(client, 50).status_code == 200

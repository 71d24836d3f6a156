"""The pages through Django's test client: sign-in required, CSRF enforced on page forms and on
session-authenticated API calls, filters and pagination, unknown ids."""
from __future__ import annotations

import pytest
from django.test import Client

from assets.documents import Asset

pytestmark = pytest.mark.django_db

PAGES = ["/", "/upload", "/compare", "/character-check", "/map", "/shots",
         "/assets/00000000-0000-0000-0000-000000000000", "/videos/00000000-0000-0000-0000-000000000000"]


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("artist", password="a-long-test-password-9")


@pytest.fixture
def strict_client(user):
    """A signed-in browser that, like a real one, gets no CSRF exemption."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize("path", PAGES)
def test_every_page_asks_a_signed_out_visitor_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_a_page_form_without_csrf_token_is_rejected(strict_client, make_image):
    asset = make_image("rocket")
    response = strict_client.post(f"/assets/{asset.id}/delete")
    assert response.status_code == 403
    assert Asset.objects(id=asset.id).count() == 1
    # With the token from the asset page, the same form deletes.
    page = strict_client.get(f"/assets/{asset.id}")
    token = page.context["csrf_token"]
    response = strict_client.post(f"/assets/{asset.id}/delete", {"csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302
    assert Asset.objects(id=asset.id).count() == 0


def test_sign_in_form_without_csrf_token_is_rejected(user):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "artist", "password": "a-long-test-password-9"})
    assert response.status_code == 403


def test_session_api_calls_need_the_csrf_header(strict_client, make_image, settings):
    settings.API_AUTH_REQUIRED = True
    asset = make_image("coffee")
    refused = strict_client.post("/api/v1/analyze-quality", {"asset_id": asset.id}, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "FORBIDDEN"
    assert "CSRF" in refused.json()["error"]["message"]
    token = strict_client.get("/upload").context["csrf_token"]
    answered = strict_client.post("/api/v1/analyze-quality", {"asset_id": asset.id}, content_type="application/json",
                                  HTTP_X_CSRFTOKEN=str(token))
    assert answered.status_code == 200, answered.content
    assert 0 <= answered.json()["quality_score"] <= 100


def test_signed_in_session_opens_the_api_when_keys_are_required(strict_client, client, settings):
    settings.API_AUTH_REQUIRED = True
    assert client.get("/api/v1/media").status_code == 401
    assert strict_client.get("/api/v1/media").status_code == 200


def test_browser_filters_and_pages(strict_client, make_image):
    for index in range(26):
        make_image("astronaut" if index % 2 else "coffee", filename=f"render_{index:02d}.jpg",
                   tags=["hero"] if index < 5 else [])
    first = strict_client.get("/")
    assert first.status_code == 200
    assert len(first.context["assets"]) == 24
    assert b"Page 1 of 2" in first.content
    second = strict_client.get("/?page=2")
    assert len(second.context["assets"]) == 2
    tagged = strict_client.get("/?tag=hero")
    assert len(tagged.context["assets"]) == 5
    assert b"Page 1 of" not in tagged.content
    named = strict_client.get("/?q=render_07")
    assert [a.filename for a in named.context["assets"]] == ["render_07.jpg"]
    # Pagination links keep the filters.
    assert b"kind=image" in strict_client.get("/?kind=image").content
    nonsense = strict_client.get("/?kind=sculpture&page=zebra")
    assert nonsense.status_code == 200  # an invalid filter is ignored, not a 500


def test_unknown_and_malformed_asset_ids_answer_a_page_not_a_500(strict_client, make_image):
    for path in ("/assets/not-a-uuid", "/assets/00000000-0000-0000-0000-000000000000"):
        response = strict_client.get(path)
        assert response.status_code == 404
        assert b"No such asset" in response.content
    image = make_image("astronaut")
    response = strict_client.get(f"/videos/{image.id}")
    assert response.status_code == 404
    assert b"needs a video" in response.content


def test_keyframes_stay_out_of_the_browser_unless_asked_for(strict_client, make_image, media_root):
    from assets.services import asset_create
    from tests.media import image_bytes

    parent = make_image("astronaut", filename="scene.jpg")
    path = media_root.parent / "keyframe.png"
    path.write_bytes(image_bytes("PNG", "coffee"))
    asset_create(path=path, filename="scene_shot_001.png", source_asset_id=parent.id)
    shown = [a.filename for a in strict_client.get("/").context["assets"]]
    assert shown == ["scene.jpg"]
    with_keyframes = [a.filename for a in strict_client.get("/?keyframes=on").context["assets"]]
    assert sorted(with_keyframes) == ["scene.jpg", "scene_shot_001.png"]
    page = strict_client.get(f"/assets/{Asset.objects(filename='scene_shot_001.png').first().id}")
    assert b"Keyframe of" in page.content and b"scene.jpg" in page.content


def test_an_unknown_page_answers_a_page_for_browsers_and_the_envelope_for_the_api(strict_client):
    """Given a browser on a path that does not exist, it gets an HTML page that leads back to the
    library; API clients on unknown paths keep getting the JSON error envelope."""
    page = strict_client.get("/assets/", HTTP_ACCEPT="text/html,application/xhtml+xml")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")
    assert b"Page not found" in page.content and b"Back to the library" in page.content

    api = strict_client.get("/api/v1/no-such-endpoint", HTTP_ACCEPT="text/html")
    assert api.status_code == 404
    assert api.json()["error"]["code"] == "NOT_FOUND"
    plain = strict_client.get("/assets/")
    assert plain.json()["error"]["code"] == "NOT_FOUND"

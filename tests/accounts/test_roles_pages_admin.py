"""Each role through the web UI (what is shown, what is refused) and the admin."""
from __future__ import annotations

import pytest
from django.test import Client

from assets.documents import Asset

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_as(make_user, django_user_model):
    def _as(role: str | None, name: str | None = None) -> Client:
        client = Client()
        existing = django_user_model.objects.filter(username=name).first() if name else None
        client.force_login(existing or make_user(name or f"{role}1", role))
        return client
    return _as


def test_the_pages_hide_what_a_viewer_cannot_do(enforced, page_as, as_role, image_of):
    image = image_of(as_role("artist", "alice"))
    viewer = page_as("viewer")
    library = viewer.get("/").content.decode()
    assert 'href="/upload"' not in library
    assert viewer.get("/upload").status_code == 403
    asset_page = viewer.get(f"/assets/{image['asset_id']}").content.decode()
    assert "Delete this asset" not in asset_page and 'id="extract-button"' not in asset_page
    assert "Uploaded by alice" in asset_page
    refused = viewer.post(f"/assets/{image['asset_id']}/delete")
    assert refused.status_code == 403 and b"does not allow" in refused.content
    assert Asset.objects(id=image["asset_id"]).count() == 1


def test_an_artist_sees_delete_on_their_own_asset_only(enforced, page_as, as_role, image_of):
    mine = image_of(as_role("artist", "alice"), "astronaut")
    theirs = image_of(as_role("artist", "bob"), "coffee")
    alice = page_as("artist", "alice")
    assert 'href="/upload"' in alice.get("/").content.decode()
    assert "Delete this asset" in alice.get(f"/assets/{mine['asset_id']}").content.decode()
    assert "Delete this asset" not in alice.get(f"/assets/{theirs['asset_id']}").content.decode()
    assert alice.post(f"/assets/{theirs['asset_id']}/delete").status_code == 403
    assert alice.post(f"/assets/{mine['asset_id']}/delete").status_code == 302
    assert Asset.objects(id=mine["asset_id"]).count() == 0 and Asset.objects(id=theirs["asset_id"]).count() == 1


def test_the_video_page_offers_storing_shots_to_curators_only(enforced, page_as, as_role, film):
    from tests.media import upload

    truth, analysis = film
    artist = as_role("artist", "alice")
    with open(truth.path, "rb") as handle:
        video = artist.post("/api/v1/upload-media", {"file": upload(handle.read(), "film.mp4")},
                            format="multipart").json()
    assert artist.post("/api/v1/analyze-video-shots", {"video_asset_id": video["asset_id"],
                                                       "extract_keyframes": False}, format="json").status_code == 200
    assert 'id="store-form"' not in page_as("artist").get(f"/videos/{video['asset_id']}").content.decode()
    viewer_page = page_as("viewer").get(f"/videos/{video['asset_id']}").content.decode()
    assert '<form id="analyze-form" hidden' in viewer_page
    assert 'id="store-form"' in page_as("curator").get(f"/videos/{video['asset_id']}").content.decode()


def test_with_keys_off_the_pages_show_everything(page_as, as_role, image_of):
    image = image_of(as_role("artist", "alice"))
    viewer = page_as("viewer")
    assert "Delete this asset" in viewer.get(f"/assets/{image['asset_id']}").content.decode()


@pytest.fixture
def staff_as(make_user):
    def _as(role: str) -> Client:
        client = Client()
        client.force_login(make_user(f"{role}-staff", role, is_staff=True))
        return client
    return _as


def test_the_admin_follows_the_roles(staff_as, video, store):
    from tests.cinematics.conftest import minimal_shot

    store(video_asset_id=video["asset_id"], shots=[minimal_shot(1, 0.0, 1.0)], manual_tags=["night"])
    viewer, curator, admin = staff_as("viewer"), staff_as("curator"), staff_as("admin")
    from cinematics.documents import Shot

    shot_url = f"/admin/cinematics/shotrecord/{Shot.objects.get().id}/change/"
    assert viewer.get(shot_url).status_code == 200
    assert b'name="_save"' not in viewer.get(shot_url).content  # read-only for a viewer
    assert b'name="_save"' in curator.get(shot_url).content
    assert viewer.get("/admin/api/apikey/").status_code == 403
    assert curator.get("/admin/api/apikey/").status_code == 403
    assert curator.get("/admin/accounts/auditevent/").status_code == 403
    assert admin.get("/admin/api/apikey/").status_code == 200
    assert admin.get("/admin/accounts/auditevent/").status_code == 200
    tags = viewer.get("/admin/cinematics/shottag/").content.decode()
    assert "Merge the selected tags" not in tags
    assert "Merge the selected tags" in curator.get("/admin/cinematics/shottag/").content.decode()

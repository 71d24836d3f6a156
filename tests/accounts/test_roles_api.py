"""Each role's allowed and refused actions through the API (keys required, the production rule)."""
from __future__ import annotations

import pytest

from assets.documents import Asset
from tests.cinematics.conftest import minimal_shot

pytestmark = pytest.mark.django_db


def assert_forbidden(response):
    assert response.status_code == 403, response.content
    assert response.json()["error"]["code"] == "FORBIDDEN"


def test_a_viewer_browses_searches_and_compares_but_changes_nothing(enforced, as_role, image_of):
    artist, viewer = as_role("artist"), as_role("viewer")
    image = image_of(artist)
    assert viewer.get("/api/v1/media").status_code == 200
    assert viewer.get(f"/api/v1/media/{image['asset_id']}").status_code == 200
    assert viewer.post("/api/v1/analyze-quality", {"asset_id": image["asset_id"]}, format="json").status_code == 200
    assert viewer.post("/api/v1/suggest-shots", {"scene_description": "a chase"}, format="json").status_code == 200
    assert viewer.get("/api/v1/config").status_code == 200
    from tests.media import image_bytes, upload

    assert_forbidden(viewer.post("/api/v1/upload-media", {"file": upload(image_bytes("PNG"), "x.png")},
                                 format="multipart"))
    assert_forbidden(viewer.delete(f"/api/v1/media/{image['asset_id']}"))
    assert_forbidden(viewer.post("/api/v1/extract-features", {"asset_id": image["asset_id"]}, format="json"))
    assert_forbidden(viewer.put("/api/v1/config/similarity-threshold", {"threshold": 0.01}, format="json"))
    assert Asset.objects(id=image["asset_id"]).count() == 1


def test_an_artist_deletes_only_what_they_uploaded(enforced, as_role, image_of):
    alice, bob = as_role("artist", "alice"), as_role("artist", "bob")
    mine, theirs = image_of(alice, "astronaut"), image_of(bob, "coffee")
    assert mine["created_by"] == "alice" and theirs["created_by"] == "bob"
    refused = bob.delete(f"/api/v1/media/{mine['asset_id']}")
    assert_forbidden(refused)
    assert refused.json()["error"]["details"] == {"action": "edit", "actor": "bob", "owner": "alice"}
    assert Asset.objects(id=mine["asset_id"]).count() == 1
    assert alice.delete(f"/api/v1/media/{mine['asset_id']}").status_code == 200
    assert_forbidden(alice.put("/api/v1/config/similarity-threshold", {"threshold": 0.01}, format="json"))


def test_lists_filter_by_who_created(enforced, as_role, image_of):
    alice, bob = as_role("artist", "alice"), as_role("artist", "bob")
    image_of(alice, "astronaut"), image_of(bob, "coffee")
    listed = alice.get("/api/v1/media", {"created_by": "bob"}).json()["results"]
    assert [a["created_by"] for a in listed] == ["bob"]


def test_a_curator_deletes_anything_and_stores_shots_an_artist_cannot(enforced, as_role, image_of, film):
    from tests.media import upload

    artist, curator = as_role("artist", "alice"), as_role("curator", "carol")
    truth, _ = film
    with open(truth.path, "rb") as handle:
        video = artist.post("/api/v1/upload-media", {"file": upload(handle.read(), "film.mp4")},
                            format="multipart").json()
    body = {"video_asset_id": video["asset_id"], "shots": [minimal_shot(1, 0.0, 1.0)]}
    assert_forbidden(artist.post("/api/v1/store-shot-data", body, format="json"))
    stored = curator.post("/api/v1/store-shot-data", body, format="json")
    assert stored.status_code == 200
    library = curator.get("/api/v1/shot-library", {"created_by": "carol"}).json()["results"]
    assert [s["created_by"] for s in library] == ["carol"]
    image = image_of(artist)
    assert curator.delete(f"/api/v1/media/{image['asset_id']}").status_code == 200
    assert_forbidden(curator.put("/api/v1/config/quality-threshold", {"threshold": 0.5}, format="json"))


def test_an_admin_configures(enforced, as_role):
    admin = as_role("admin")
    assert admin.put("/api/v1/config/similarity-threshold", {"threshold": 0.8}, format="json").status_code == 200
    assert admin.get("/api/v1/audit", {"format": "json"}).status_code == 200


def test_an_account_without_a_role_only_looks(enforced, as_role):
    nobody = as_role(None)
    assert nobody.get("/api/v1/media").status_code == 200
    assert_forbidden(nobody.put("/api/v1/config/similarity-threshold", {"threshold": 0.5}, format="json"))


def test_jobs_are_read_by_their_maker_and_curators(enforced, as_role, image_of):
    alice, bob, curator = as_role("artist", "alice"), as_role("artist", "bob"), as_role("curator")
    image = image_of(alice)
    job = alice.post("/api/v1/batch-quality-check", {"asset_ids": [image["asset_id"]], "async": True},
                     format="json").json()
    assert job["created_by"] == "alice"
    assert alice.get(f"/api/v1/jobs/{job['job_id']}").status_code == 200
    assert curator.get(f"/api/v1/jobs/{job['job_id']}").status_code == 200
    assert bob.get(f"/api/v1/jobs/{job['job_id']}").status_code == 404


def test_with_keys_off_the_open_service_lets_anyone_act_as_before(api, image_of):
    image = image_of(api)
    assert image["created_by"] is None
    assert api.put("/api/v1/config/similarity-threshold", {"threshold": 0.8}, format="json").status_code == 200
    assert api.delete(f"/api/v1/media/{image['asset_id']}").status_code == 200


def test_every_api_operation_has_an_action(api):
    """A new endpoint is a decision: its action is listed in dinov3site/accounts/roles.py."""
    from django.urls import get_resolver

    from dinov3site.accounts.roles import API_ACTIONS

    names = set()

    def walk(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns)
            elif pattern.name:
                names.add(pattern.name)

    api_patterns = next(p for p in get_resolver().url_patterns if str(p.pattern) == "api/v1/")
    walk(api_patterns.url_patterns)
    assert names - set(API_ACTIONS) - {"health", "metrics"} == set()
    roots = {p.name for p in get_resolver().url_patterns if getattr(p, "name", "") and p.name.endswith("-root")}
    assert roots and roots <= set(API_ACTIONS)

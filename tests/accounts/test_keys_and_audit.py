"""API keys: scopes, owners, expiry, last use, shown once and never in a cookie; the audit trail
of deletes, configuration, tag changes and keys, in the admin and as CSV/JSON."""
from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from dinov3site.accounts.models import AuditEvent
from dinov3site.accounts.auth import api_key_create
from dinov3site.api.models import ApiKey

pytestmark = pytest.mark.django_db


def keyed(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return client


def test_a_key_never_does_more_than_its_owner(enforced, make_user, image_of):
    viewer = make_user("vera", "viewer")
    _, raw = api_key_create(name="vera's script", user=viewer, scopes=["read", "write", "admin"])
    client = keyed(raw)
    assert client.get("/api/v1/media").status_code == 200
    refused = client.put("/api/v1/config/similarity-threshold", {"threshold": 0.01}, format="json")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "FORBIDDEN"


def test_scopes_narrow_what_a_key_may_do(enforced, make_user, image_of):
    admin = make_user("ada", "admin")
    _, read_only = api_key_create(name="dashboard", user=admin, scopes="read")
    assert keyed(read_only).get("/api/v1/media").status_code == 200
    assert keyed(read_only).put("/api/v1/config/similarity-threshold", {"threshold": 0.8},
                                format="json").status_code == 403
    _, pipeline = api_key_create(name="render farm", scopes=["read", "write"])
    image = image_of(keyed(pipeline))
    assert image["created_by"] == "pipeline:render farm"
    assert keyed(pipeline).put("/api/v1/config/similarity-threshold", {"threshold": 0.8},
                               format="json").status_code == 403
    _, admin_key = api_key_create(name="ops", user=admin, scopes=["admin"])
    assert keyed(admin_key).put("/api/v1/config/similarity-threshold", {"threshold": 0.8},
                                format="json").status_code == 200


def test_expired_and_revoked_keys_stop_and_last_use_is_recorded(enforced):
    key, raw = api_key_create(name="temp", expires_at=timezone.now() + timedelta(hours=1))
    assert keyed(raw).get("/api/v1/media").status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None
    ApiKey.objects.filter(pk=key.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = keyed(raw).get("/api/v1/media")
    assert expired.status_code == 401 and "expired" in expired.json()["error"]["message"]


def test_the_admin_shows_a_new_key_once_and_never_in_a_cookie(make_user):
    admin = make_user("ada", "admin", is_staff=True)
    client = Client()
    client.force_login(admin)
    response = client.post("/admin/api/apikey/add/", {"name": "nightly", "user": "", "scopes": "read,write",
                                                      "expires_at_0": "", "expires_at_1": ""})
    assert response.status_code == 200, response.content[:300]
    raw = response.context["raw_key"]
    assert raw.startswith("d3_") and raw in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert all(raw not in morsel.value for morsel in response.cookies.values())
    assert all(raw not in morsel.value for morsel in client.cookies.values())
    listing = client.get("/admin/api/apikey/").content.decode()
    assert raw not in listing and "pipeline:nightly" in listing and "Last used" in listing
    assert keyed(raw).get("/api/v1/media").status_code == 200
    key = ApiKey.objects.get(name="nightly")
    client.post("/admin/api/apikey/", {"action": "revoke", "_selected_action": [key.pk]})
    assert ApiKey.objects.get(pk=key.pk).revoked
    assert list(AuditEvent.objects.order_by("id").values_list("action", "actor", "via")) == [
        ("key.create", "ada", "admin"), ("key.revoke", "ada", "admin")]


def test_the_command_makes_scoped_expiring_keys(capsys):
    call_command("create_api_key", "farm", "--scopes", "read", "--expires-days", "30")
    key = ApiKey.objects.get(name="farm")
    assert key.scope_list == ["read"] and key.expires_at > timezone.now() + timedelta(days=29)
    assert AuditEvent.objects.get(action="key.create").via == "command"


def test_destructive_and_configuration_actions_are_audited(as_role, image_of, make_user, video, settings):
    from tests.cinematics.conftest import minimal_shot

    settings.API_AUTH_REQUIRED = True
    alice, admin = as_role("artist", "alice"), as_role("admin", "ada")
    image = image_of(alice)
    assert alice.delete(f"/api/v1/media/{image['asset_id']}", REMOTE_ADDR="10.0.0.7").status_code == 200
    admin.put("/api/v1/config/similarity-threshold", {"threshold": 0.8}, format="json")
    assert as_role("curator").post("/api/v1/store-shot-data", {"video_asset_id": video["asset_id"], "manual_tags": [
        "carchase"], "shots": [minimal_shot(1, 0.0, 1.0)]}, format="json").status_code == 200
    curator = Client()
    curator.force_login(make_user("cora", "curator", is_staff=True))
    from cinematics.models import ShotTag

    tag = ShotTag.objects.get(name="carchase")
    curator.post("/admin/cinematics/shottag/", {"action": "rename", "_selected_action": [tag.pk], "apply": "1",
                                                "name": "car-chase"})
    events = {e.action: e for e in AuditEvent.objects.all()}
    deleted = events["asset.delete"]
    assert (deleted.actor, deleted.via, deleted.target, deleted.address) == ("alice", "session", image["asset_id"],
                                                                              "10.0.0.7")
    assert deleted.details["filename"] == "astronaut.jpg"
    assert events["config.set"].actor == "ada" and events["config.set"].details == {"from": 0.75, "to": 0.8}
    assert (events["tag.rename"].actor, events["tag.rename"].target) == ("cora", "car-chase")

    exported = admin.get("/api/v1/audit", {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(exported.content.decode())))
    assert {r["action"] for r in rows} >= {"asset.delete", "config.set", "tag.rename"}
    as_json = json.loads(admin.get("/api/v1/audit", {"format": "json", "action": "config."}).content)
    assert [e["action"] for e in as_json["events"]] == ["config.set"]
    assert alice.get("/api/v1/audit").status_code == 403


def test_the_audit_trail_is_read_only_and_exportable_in_the_admin(make_user):
    from dinov3site.accounts.audit import audit_record

    audit_record(actor=None, action="config.set", target="=HYPERLINK(1)", details={"to": 0.5})
    admin = Client()
    admin.force_login(make_user("ada", "admin", is_staff=True))
    page = admin.get("/admin/accounts/auditevent/")
    assert page.status_code == 200 and b"config.set" in page.content
    event = AuditEvent.objects.get()
    exported = admin.post("/admin/accounts/auditevent/", {"action": "export_csv", "_selected_action": [event.pk]})
    assert exported["Content-Disposition"].startswith("attachment")
    assert "'=HYPERLINK(1)" in exported.content.decode()  # the one CSV writer neutralises formulas
    assert admin.post(f"/admin/accounts/auditevent/{event.pk}/delete/").status_code == 403

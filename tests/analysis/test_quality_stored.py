"""The quality report is measured once per file and use, then reused: the asset page does not
decode and measure the image on every view."""
from __future__ import annotations

import pytest

from analysis.engine import quality

pytestmark = pytest.mark.django_db


@pytest.fixture
def measured(monkeypatch):
    calls = []
    real = quality.measure_image

    def counting(**kwargs):
        calls.append(kwargs.get("intended_use"))
        return real(**kwargs)

    monkeypatch.setattr(quality, "measure_image", counting)
    return calls


def test_the_asset_page_reuses_the_stored_quality(client, django_user_model, upload_image, measured, api):
    image = upload_image()
    client.force_login(django_user_model.objects.create_user("viewer1", password="pw"))
    first = client.get(f"/assets/{image['asset_id']}")
    second = client.get(f"/assets/{image['asset_id']}")
    assert first.status_code == second.status_code == 200
    assert measured == ["web"]
    assert first.context["quality"] == second.context["quality"]
    answer = api.post("/api/v1/analyze-quality", {"asset_id": image["asset_id"]}, format="json").json()
    assert answer["quality_score"] == first.context["quality"]["quality_score"] and measured == ["web"]
    api.post("/api/v1/analyze-quality", {"asset_id": image["asset_id"], "intended_use": "print"}, format="json")
    assert measured == ["web", "print"]  # another use is another report


def test_a_changed_threshold_still_applies_to_a_stored_report(api, upload_image, measured):
    image = upload_image()
    score = api.post("/api/v1/analyze-quality", {"asset_id": image["asset_id"]}, format="json").json()["quality_score"]
    api.put("/api/v1/config/quality-threshold", {"threshold": min(1.0, score / 100 + 0.01)}, format="json")
    again = api.post("/api/v1/analyze-quality", {"asset_id": image["asset_id"]}, format="json").json()
    assert again["passed"] is False and len(measured) == 1

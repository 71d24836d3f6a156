"""shot-library and its exports: filters, pagination, thumbnails that load, files editors open."""
from __future__ import annotations

import csv
import io
import json

import opentimelineio as otio
import pytest

from tests.cinematics.conftest import minimal_shot

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(video, analysed, store, api, media_root):
    """The analysed film (tagged 'space') and a second video's minimal shots (tagged 'chase')."""
    from tests.media import mp4_bytes, upload

    store(video_asset_id=video["asset_id"], shots=analysed, scene_context="An astronaut floats", genre="sci-fi",
          manual_tags=["space", "wonder"])
    other = api.post("/api/v1/upload-media", {"file": upload(mp4_bytes(media_root), "chase.mp4")},
                     format="multipart").json()
    store(video_asset_id=other["asset_id"], shots=[minimal_shot(n, n - 1.0, float(n), movement_type="handheld")
                                                  for n in (1, 2)],
          scene_context="Car chase downtown", genre="action", manual_tags=["chase"], emotional_tone="tense")
    return {"film": video, "other": other, "film_shots": len(analysed)}


def listing(api, **params) -> dict:
    response = api.get("/api/v1/shot-library", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_filters_narrow_the_library(api, shelf):
    total = shelf["film_shots"] + 2
    assert listing(api)["count"] == total
    assert listing(api, genre="Sci-Fi")["count"] == shelf["film_shots"]
    assert listing(api, tags="chase")["count"] == 2
    assert listing(api, tags="space,wonder")["count"] == shelf["film_shots"]
    assert listing(api, tags="space,chase")["count"] == 0
    assert listing(api, emotional_tone="tense", movement_type="handheld")["count"] == 2
    assert listing(api, video_asset_id=shelf["film"]["asset_id"])["count"] == shelf["film_shots"]
    assert listing(api, q="downtown")["count"] == 2
    assert listing(api, q="nothing like this")["count"] == 0


def test_pages_cover_the_library_once(api, shelf):
    first = listing(api, page_size=2)
    seen = [s["shot_id"] for s in first["results"]]
    page = 2
    while first["next"]:
        first = listing(api, page_size=2, page=page)
        seen += [s["shot_id"] for s in first["results"]]
        page += 1
    assert len(seen) == len(set(seen)) == shelf["film_shots"] + 2
    error = api.get("/api/v1/shot-library", {"page": 99}).json()["error"]
    assert error["code"] == "NOT_FOUND"


def test_each_shot_has_a_thumbnail_that_loads(api, shelf):
    shots = listing(api, video_asset_id=shelf["film"]["asset_id"])["results"]
    assert [s["shot_number"] for s in shots] == list(range(1, shelf["film_shots"] + 1))
    for shot in shots:
        assert shot["video_filename"] == "film.mp4" and shot["keyframe_asset_id"]
        image = api.get(shot["thumbnail_url"].removeprefix("http://testserver"))
        assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    minimal = listing(api, tags="chase")["results"][0]
    assert minimal["keyframe_url"] is None and minimal["thumbnail_url"]  # the video's poster thumbnail


def export(api, fmt: str, **filters):
    response = api.get("/api/v1/shot-library/export", {"format": fmt, **filters})
    assert response.status_code == 200, response.content
    assert response["Content-Disposition"].startswith('attachment; filename="shot-library-')
    return response.content.decode()


def test_the_otio_export_opens_in_opentimelineio(api, shelf):
    timeline = otio.adapters.read_from_string(export(api, "otio"), "otio_json")
    clips = list(timeline.find_clips())
    assert len(clips) == shelf["film_shots"] + 2
    urls = {clip.media_reference.target_url.split("/files/")[0] for clip in clips}
    assert urls == {"http://testserver"}
    assert {clip.metadata["dinov3"]["video_asset_id"] for clip in clips} == {shelf["film"]["asset_id"],
                                                                             shelf["other"]["asset_id"]}


def test_exports_follow_the_filters(api, shelf):
    rows = list(csv.DictReader(io.StringIO(export(api, "csv", tags="chase"))))
    assert [r["movement_type"] for r in rows] == ["handheld", "handheld"]
    assert {r["source_name"] for r in rows} == {"chase.mp4"}
    edl = export(api, "edl", genre="sci-fi")
    assert edl.startswith("TITLE: Shot library") and sum(line[:3].isdigit() for line in edl.splitlines()) == shelf["film_shots"]
    data = json.loads(export(api, "json", movement_type="handheld"))
    assert data["total_shots"] == 2 and {s["scene_context"] for s in data["shots"]} == {"Car chase downtown"}


def test_an_unknown_export_format_is_a_validation_error(api, shelf):
    response = api.get("/api/v1/shot-library/export", {"format": "docx"})
    assert response.status_code == 400 and response.json()["error"]["details"]["format"]

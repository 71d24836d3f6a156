"""Stored shots are never damaged by ordinary use: malformed shots are refused with the path of
the bad value and nothing of the batch is stored; pages and exports open whatever is stored."""
from __future__ import annotations

import csv
import io
import json

import pytest

from cinematics.documents import Shot
from tests.cinematics.conftest import minimal_shot

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field, value, path", [
    ("motion", {"pan": "fast"}, "shots[1].motion.pan"),
    ("motion", {"zoom": [1, 2]}, "shots[1].motion.zoom"),
    ("tone", {"descriptors": "x"}, "shots[1].tone.descriptors"),
    ("tone", {"descriptors": {"brightness": "bright"}}, "shots[1].tone.descriptors.brightness"),
    ("tone", {"reasons": [1, {"a": 1}]}, "shots[1].tone.reasons[0]"),
    ("quality", {"sharpness": True}, "shots[1].quality.sharpness"),
    ("framing_basis", {"face_box": ["a"]}, "shots[1].framing_basis.face_box[0]"),
    ("motion", "fast", "shots[1].motion"),
    ("motion", {"$where": 1}, "shots[1].motion['$where']"),
    ("tone", {"$set": {"x": 1}}, "shots[1].tone['$set']"),
    ("tone", {"a\x00b": 1}, "shots[1].tone['a\\x00b']"),
    ("motion", {"a.b": 1}, "shots[1].motion['a.b']"),
    ("motion", {"extra": {"deeper": {"too": {"deep": 1}}}}, "shots[1].motion.extra.deeper.too"),
])
def test_a_malformed_shot_is_refused_with_its_path_and_nothing_is_stored(video, store, field, value, path):
    good, bad = minimal_shot(1, 0.0, 1.0), minimal_shot(2, 1.0, 2.0, **{field: value})
    error = store(400, video_asset_id=video["asset_id"], shots=[good, bad])["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert path in error["details"], error["details"]
    assert Shot.objects.count() == 0  # all or nothing: shot 1 is not kept either


def test_measures_a_newer_analysis_adds_are_kept(video, store):
    shot = minimal_shot(1, 0.0, 1.0, motion={"pan": 0.1, "drift": -0.02, "note": "steady"},
                        quality={"score": 0.8, "effective_resolution": {"width": 1200, "height": 800}})
    store(video_asset_id=video["asset_id"], shots=[shot])
    stored = Shot.objects.get()
    assert stored.motion == {"pan": 0.1, "drift": -0.02, "note": "steady"}
    assert stored.quality["effective_resolution"] == {"width": 1200, "height": 800}


def test_a_failing_write_leaves_the_stored_shots_as_they_were(video, store, monkeypatch):
    store(video_asset_id=video["asset_id"], shots=[minimal_shot(1, 0.0, 1.0)], scene_context="before")
    real_save, calls = Shot.save, []

    def failing_save(self, *args, **kwargs):
        calls.append(self.shot_number)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Shot, "save", failing_save)
    with pytest.raises(RuntimeError):
        from cinematics.services import shots_store

        shots_store(video_asset_id=video["asset_id"], scene_context="after",
                    shots=[minimal_shot(1, 0.0, 1.0), minimal_shot(2, 1.0, 2.0)])
    monkeypatch.undo()
    assert [(s.shot_number, s.scene_context) for s in Shot.objects] == [(1, "before")]


@pytest.mark.parametrize("body", [
    "[" * 100_000 + "]" * 100_000,
    '{"video_asset_id": "x", "shots": ' + "[" * 100_000 + "]" * 100_000 + "}",
    '{"a": ' * 40 + "1" + "}" * 40,
])
def test_deeply_nested_json_is_a_validation_error(api, body):
    response = api.generic("POST", "/api/v1/store-shot-data", body, content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"


@pytest.fixture
def damaged(video, store):
    """One good shot, and one written straight into the database with every field wrong."""
    store(video_asset_id=video["asset_id"], shots=[minimal_shot(1, 0.0, 1.0)], manual_tags=["good"])
    Shot._get_collection().insert_one({
        "_id": "7b1c7c1e-0000-4000-8000-000000000002", "video_asset_id": video["asset_id"], "shot_number": "two",
        "start_time": "soon", "end_time": None, "duration": [1], "transition_in": {"x": 1},
        "transition_frames": "ab", "movement_type": 5, "camera_angle": ["close"], "emotional_tone": {"t": 1},
        "motion": {"pan": "fast", "zoom": [1, 2], "$where": 1}, "tone": {"descriptors": "x", "reasons": 3},
        "quality": "good", "framing_basis": {"method": 3, "face_height_ratio": "big"},
        "technical_quality": "high", "tags": "chase", "scene_context": {"a": 1}, "genre": 7,
        "keyframe_asset_id": 12, "text_vector": b"\x00\x01", "created_at": "yesterday"})
    return video


def test_the_library_api_and_suggestions_open_a_damaged_shot(api, damaged):
    listed = api.get("/api/v1/shot-library")
    assert listed.status_code == 200, listed.content[:500]
    broken = next(s for s in listed.json()["results"] if s["shot_id"].endswith("0002"))
    assert broken["motion"] == {} and broken["tone"] == {} and broken["tags"] == []
    suggested = api.post("/api/v1/suggest-shots", {"scene_description": "a chase", "emotional_tone": "tense",
                                                   "desired_tags": ["chase"], "limit": 5}, format="json")
    assert suggested.status_code == 200, suggested.content[:500]
    assert suggested.json()["total_suggestions"] == 2


@pytest.mark.parametrize("fmt", ["csv", "edl", "otio", "json"])
def test_every_export_opens_a_damaged_shot(api, damaged, fmt):
    response = api.get("/api/v1/shot-library/export", {"format": fmt})
    assert response.status_code == 200, response.content[:500]


def test_the_admin_and_the_shots_page_open_a_damaged_shot(client, django_user_model, damaged):
    client.force_login(django_user_model.objects.create_superuser("boss", "boss@example.org", "pw"))
    assert client.get("/admin/cinematics/shotrecord/").status_code == 200
    page = client.get("/admin/cinematics/shotrecord/7b1c7c1e-0000-4000-8000-000000000002/change/")
    assert page.status_code == 200
    saved = client.post("/admin/cinematics/shotrecord/7b1c7c1e-0000-4000-8000-000000000002/change/",
                        {"tags": "fixed", "emotional_tone": "tense", "genre": "drama", "scene_context": "repaired"})
    assert saved.status_code == 302
    assert Shot.objects.get(id="7b1c7c1e-0000-4000-8000-000000000002").tags == ["fixed"]
    assert client.get("/shots").status_code == 200


FORMULA = '=HYPERLINK("evil")+1.mp4'


def _csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_library_csv_cells_never_start_a_formula(api, media_root, film, store):
    from tests.media import upload

    truth, _ = film
    with open(truth.path, "rb") as handle:
        video = api.post("/api/v1/upload-media", {"file": upload(handle.read(), FORMULA)}, format="multipart").json()
    store(video_asset_id=video["asset_id"], shots=[minimal_shot(1, 0.0, 1.0, movement_type="@SUM(A1)")])
    rows = _csv_rows(api.get("/api/v1/shot-library/export", {"format": "csv"}))
    assert rows[0]["source_name"] == "'" + FORMULA  # readable, and text to a spreadsheet
    assert rows[0]["movement_type"] == "'@sum(a1)"
    assert json.loads(api.get("/api/v1/shot-library/export", {"format": "json"}).content)["shots"][0][
        "source_name"] == FORMULA  # only CSV cells are quoted


def test_video_csv_cells_never_start_a_formula(api, media_root, film):
    from tests.media import upload

    truth, _ = film
    with open(truth.path, "rb") as handle:
        video = api.post("/api/v1/upload-media", {"file": upload(handle.read(), "-2+3 cut.mp4")},
                         format="multipart").json()
    analysed = api.post("/api/v1/analyze-video-shots", {"video_asset_id": video["asset_id"],
                                                        "extract_keyframes": False}, format="json")
    assert analysed.status_code == 200
    rows = _csv_rows(api.get(f"/api/v1/videos/{video['asset_id']}/shots/export", {"format": "csv"}))
    assert {r["source_name"] for r in rows} == {"'-2+3 cut.mp4"}
    assert all(not r[c].startswith(("=", "+", "@", "\t", "\r")) for r in rows for c in r)

"""store-shot-data: analyses stored as they come, the same shot twice is one record, bad input is clear."""
from __future__ import annotations

import uuid

import pytest

from cinematics.documents import Shot
from tests.cinematics.conftest import minimal_shot

pytestmark = pytest.mark.django_db


def test_an_analysis_is_stored_as_it_comes_with_its_measurements(video, analysed, store):
    answer = store(video_asset_id=video["asset_id"], shots=analysed, scene_context="A lonely astronaut",
                   manual_tags=["Space", "lonely"])
    assert answer["stored_shots"] == len(analysed) == answer["created"]
    assert answer["updated"] == 0 and len(answer["shot_ids"]) == len(analysed)
    first = answer["shots"][0]
    assert first["tags"] == ["space", "lonely"] and first["scene_context"] == "A lonely astronaut"
    assert first["movement_type"] == analysed[0]["movement_type"]
    assert first["keyframe_asset_id"] == analysed[0]["keyframe_asset_id"]
    shot = Shot.objects.get(id=first["shot_id"])
    assert shot.motion == analysed[0]["motion"] and shot.tone["descriptors"] == analysed[0]["tone"]["descriptors"]
    assert shot.framing_basis == analysed[0]["framing_basis"] and shot.text_vector is not None


def test_storing_the_same_shots_again_updates_them(video, analysed, store):
    first = store(video_asset_id=video["asset_id"], shots=analysed, scene_context="draft", manual_tags=["a", "b"])
    again = store(video_asset_id=video["asset_id"], shots=analysed, scene_context="final cut", manual_tags=["a", "c"])
    assert again["shot_ids"] == first["shot_ids"]
    assert (again["created"], again["updated"]) == (0, len(analysed))
    assert Shot.objects.count() == len(analysed)
    assert {tuple(s.tags) for s in Shot.objects} == {("a", "c")}
    assert {s.scene_context for s in Shot.objects} == {"final cut"}


def test_the_seeds_minimal_shots_are_accepted_and_client_vectors_are_not_trusted(video, store):
    answer = store(video_asset_id=video["asset_id"], shots=[minimal_shot(1, 0.0, 2.5), minimal_shot(2, 2.5, 5.0)],
                   scene_context="Action sequence with car chase", manual_tags=["action", "chase"])
    assert answer["stored_shots"] == 2
    assert all(not s["keyframe_vector"] for s in answer["shots"])
    assert all(s.keyframe_vector is None for s in Shot.objects)


def test_a_tone_override_sticks_until_overridden_again(video, analysed, store):
    store(video_asset_id=video["asset_id"], shots=analysed, emotional_tone="Melancholic")
    assert {(s.emotional_tone, s.tone_overridden) for s in Shot.objects} == {("melancholic", True)}
    store(video_asset_id=video["asset_id"], shots=analysed)  # re-analysed, no override
    assert {s.emotional_tone for s in Shot.objects} == {"melancholic"}
    assert [s.measured_tone for s in Shot.objects.order_by("shot_number")] == [a["emotional_tone"] for a in analysed]


def test_keyframe_vectors_come_from_the_keyframe_assets_features(model, video, analysed, store, api):
    answer = store(video_asset_id=video["asset_id"], shots=analysed)
    assert answer["keyframe_vectors"] == len(analysed)
    shot = Shot.objects.get(id=answer["shot_ids"][0])
    features = api.get(f"/api/v1/media/{analysed[0]['keyframe_asset_id']}?include_features=true").json()["features"]
    assert shot.vector_model == features["model"] and shot.vector_preprocessing == features["preprocessing"]
    assert shot.keyframe_array(model=features["model"], preprocessing=features["preprocessing"]) == pytest.approx(
        features["vector"], abs=1e-6)


@pytest.mark.parametrize("video_id, reason", [("4437bafe-79d1-4c37-9127-0b14854249cd", "no such asset"), ("not-a-uuid", "malformed id")])
def test_an_unknown_video_is_asset_not_found(video_id, reason, store, media_root):
    error = store(404, video_asset_id=video_id, shots=[minimal_shot(1, 0, 1)])["error"]
    assert error["code"] == "ASSET_NOT_FOUND" and error["details"]["reason"] == reason


def test_an_image_is_not_a_video(upload_image, store):
    image = upload_image()
    error = store(404, video_asset_id=image["asset_id"], shots=[minimal_shot(1, 0, 1)])["error"]
    assert error["code"] == "ASSET_NOT_FOUND"
    assert error["details"]["kind"] == "image" and error["details"]["required_kind"] == "video"


def test_a_keyframe_must_be_a_stored_image(video, store):
    error = store(404, video_asset_id=video["asset_id"],
                  shots=[minimal_shot(1, 0, 1, keyframe_asset_id=video["asset_id"])])["error"]
    assert error["code"] == "ASSET_NOT_FOUND" and "shots[0].keyframe_asset_id" in error["details"]
    assert Shot.objects.count() == 0


@pytest.mark.parametrize("shots, field", [
    ([], "shots"),
    ("not a list", "shots"),
    ([{"shot_id": 1, "start_time": 3.0, "end_time": 1.0}], "shots"),
    ([{"shot_id": 1, "end_time": 1.0}], "shots"),
    ([minimal_shot(1, 0, 1), minimal_shot(1, 1, 2)], "shots"),
    ([minimal_shot(1, 0, 1, technical_quality=7)], "shots"),
])
def test_bad_shots_are_validation_errors(video, store, shots, field):
    error = store(400, video_asset_id=video["asset_id"], shots=shots)["error"]
    assert error["code"] == "VALIDATION_ERROR" and field in error["details"]


def test_a_shot_after_the_end_of_the_video_is_refused(video, store):
    error = store(400, video_asset_id=video["asset_id"], shots=[minimal_shot(1, 500.0, 501.0)])["error"]
    assert error["code"] == "VALIDATION_ERROR" and "shots[0].start_time" in error["details"]


def test_deleting_the_video_deletes_its_shots(video, analysed, store, api):
    store(video_asset_id=video["asset_id"], shots=analysed, manual_tags=["gone"])
    answer = api.delete(f"/api/v1/media/{video['asset_id']}").json()
    assert answer["shots"] == len(analysed) and Shot.objects.count() == 0
    from cinematics.models import ShotTag

    assert not ShotTag.objects.filter(name="gone").exists()


def test_storing_can_run_as_a_job(video, analysed, api, store):
    response = api.post("/api/v1/store-shot-data", {"video_asset_id": video["asset_id"], "shots": analysed,
                                                    "manual_tags": ["later"], "async": True}, format="json")
    assert response.status_code == 202
    job = api.get(response["Location"]).json()
    assert job["status"] == "succeeded" and job["result"]["stored_shots"] == len(analysed)
    assert job["progress"]["done"] == job["progress"]["total"] == len(analysed)
    assert Shot.objects(tags="later").count() == len(analysed)
    error = store(404, video_asset_id=str(uuid.uuid4()), shots=analysed, **{"async": True})["error"]
    assert error["code"] == "ASSET_NOT_FOUND"


def test_shots_without_an_id_are_matched_by_their_start(video, store):
    shots = [{"start_time": 0.0, "end_time": 1.0}, {"start_time": 1.0, "duration": 1.5}]
    first = store(video_asset_id=video["asset_id"], shots=shots, scene_context="one")
    again = store(video_asset_id=video["asset_id"], shots=shots[1:], scene_context="two")
    assert again["shot_ids"] == first["shot_ids"][1:] and again["updated"] == 1
    assert [s["end_time"] for s in first["shots"]] == [1.0, 2.5]
    assert Shot.objects.count() == 2


def test_two_stores_racing_for_a_new_shot_make_one_record(video, store, monkeypatch):
    """Another request inserts shot 1 between this request's read and its write: no 500, one record."""
    import cinematics.services as services

    Shot.ensure_indexes()  # the per-test collection drop removes them; a deployment has them
    real = Shot.objects

    class Racing:
        def __call__(self, **filters):
            if set(filters) == {"video_asset_id"}:  # the read of existing shots
                Shot(video_asset_id=filters["video_asset_id"], shot_number=1, start_time=0, end_time=1,
                     duration=1).save()
                return []
            return real(**filters)

        def __getattr__(self, name):
            return getattr(real, name)

    monkeypatch.setattr(services.Shot, "objects", Racing())
    answer = store(video_asset_id=video["asset_id"], shots=[minimal_shot(1, 0, 2)], scene_context="mine")
    monkeypatch.undo()
    assert (answer["created"], answer["updated"]) == (0, 1)
    assert Shot.objects.count() == 1 and Shot.objects.get().scene_context == "mine"

"""What happens around an analysis: broken files fail cleanly, re-analysis replaces the stored
analysis and its keyframes, deleting a video (or a keyframe) leaves nothing dangling."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from assets.documents import Asset
from video.documents import VideoShotAnalysis

pytestmark = pytest.mark.django_db  # deletes are audited


def _corrupted(path: str) -> bytes:
    """The video with the second half of its frame data overwritten by noise: the header and the
    first frames are intact (the upload accepts it), the rest cannot be decoded."""
    data = bytearray(Path(path).read_bytes())
    start, end = data.find(b"mdat") + 4, data.find(b"moov")
    middle = (start + end) // 2
    data[middle:end - 8] = random.Random(7).randbytes(end - 8 - middle)
    return bytes(data)


def _keyframe_ids() -> set[str]:
    return {a.id for a in Asset.objects(tags="keyframe")}


def test_a_corrupt_video_fails_with_processing_failed_and_stores_nothing(api, no_model, short_video, upload_video,
                                                                         analyze):
    video = upload_video(_corrupted(short_video.path), "broken.mp4")
    response = analyze(video["asset_id"])
    assert response.status_code == 500
    error = response.json()["error"]
    assert error["code"] == "PROCESSING_FAILED"
    assert error["details"]["reason"] in ("truncated", "decode_error")
    assert "could not be analysed" in error["message"]
    assert VideoShotAnalysis.objects.count() == 0 and not _keyframe_ids()


def test_a_corrupt_video_analysed_as_a_job_fails_the_job_with_the_envelope(api, no_model, short_video, upload_video,
                                                                           analyze):
    video = upload_video(_corrupted(short_video.path), "broken.mp4")
    job = analyze(video["asset_id"], **{"async": True}).json()
    finished = api.get(f"/api/v1/jobs/{job['job_id']}").json()
    assert finished["status"] == "failed"
    assert finished["error"]["error"]["code"] == "PROCESSING_FAILED"


def test_a_stored_file_cut_short_is_an_invalid_file_not_a_crash(api, no_model, media_root, short_video, upload_video,
                                                                analyze):
    video = upload_video(short_video.path)
    stored = next(media_root.glob("originals/*.mp4"))
    stored.write_bytes(stored.read_bytes()[: stored.stat().st_size // 2])
    response = analyze(video["asset_id"])
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_FILE_FORMAT"


def test_reanalysis_replaces_the_keyframes_and_leaves_no_orphans(api, no_model, short_video, upload_video, analyze):
    video = upload_video(short_video.path)
    first = analyze(video["asset_id"]).json()
    second = analyze(video["asset_id"]).json()
    assert second["replaced_keyframes"] == 3
    assert not set(first["keyframe_asset_ids"]) & set(second["keyframe_asset_ids"])
    assert _keyframe_ids() == set(second["keyframe_asset_ids"])
    for old in first["keyframe_asset_ids"]:
        assert api.get(f"/api/v1/media/{old}").status_code == 404
    assert VideoShotAnalysis.objects.count() == 1
    # Analysing without keyframes removes the previous ones too: no analysis names them any more.
    third = analyze(video["asset_id"], extract_keyframes=False).json()
    assert third["replaced_keyframes"] == 3 and not _keyframe_ids()


def test_two_analyses_of_one_video_take_turns_and_keep_the_latest_keyframes(api, no_model, short_video,
                                                                            upload_video, analyze):
    """Given an analysis of a video in progress (its turn held), a second one of the same video
    waits instead of deleting the first one's keyframes; when its turn comes it replaces them."""
    import threading

    from video.services import _one_analysis_at_a_time

    video = upload_video(short_video.path)
    answers = []
    with _one_analysis_at_a_time(video["asset_id"], wait_s=60):
        second = threading.Thread(target=lambda: answers.append(analyze(video["asset_id"]).json()))
        second.start()
        second.join(timeout=2)
        assert second.is_alive() and VideoShotAnalysis.objects.count() == 0  # waiting for its turn
    second.join(timeout=120)
    assert not second.is_alive()
    assert answers[0]["total_shots"] == 3
    assert _keyframe_ids() == set(answers[0]["keyframe_asset_ids"])
    # The turn is given back: the next analysis runs at once.
    assert analyze(video["asset_id"]).json()["replaced_keyframes"] == 3


def test_deleting_the_video_removes_its_analysis_and_keyframes(api, no_model, short_video, upload_video, analyze):
    video = upload_video(short_video.path)
    keyframes = analyze(video["asset_id"]).json()["keyframe_asset_ids"]
    response = api.delete(f"/api/v1/media/{video['asset_id']}")
    assert response.status_code == 200
    cleaned = response.json()
    assert cleaned["shot_analysis"] is True and cleaned["derived_keyframes"] == 3
    assert VideoShotAnalysis.objects.count() == 0 and Asset.objects.count() == 0
    for keyframe in keyframes:
        assert api.get(f"/api/v1/media/{keyframe}").status_code == 404


def test_deleting_one_keyframe_unlinks_it_from_the_stored_analysis(api, no_model, short_video, upload_video, analyze):
    video = upload_video(short_video.path)
    keyframes = analyze(video["asset_id"]).json()["keyframe_asset_ids"]
    assert api.delete(f"/api/v1/media/{keyframes[1]}").status_code == 200
    exported = api.get(f"/api/v1/videos/{video['asset_id']}/shots/export", {"format": "json"})
    shots = exported.json()["shots"]
    assert [s["keyframe_asset_id"] for s in shots] == [keyframes[0], None, keyframes[2]]
    # Re-analysing still cleans up the two that remain.
    analyze(video["asset_id"], extract_keyframes=False)
    assert not _keyframe_ids()


def test_a_video_over_limits_lowered_since_its_upload_is_refused(api, no_model, settings, short_video, upload_video,
                                                                 analyze):
    video = upload_video(short_video.path)
    settings.MAX_VIDEO_WIDTH = 100
    response = analyze(video["asset_id"])
    assert response.status_code == 413 and response.json()["error"]["code"] == "FILE_TOO_LARGE"


def test_a_synchronous_analysis_past_its_deadline_fails_cleanly(api, no_model, monkeypatch, short_video,
                                                                upload_video, analyze):
    from video import apis

    monkeypatch.setattr(apis, "SYNC_DEADLINE_S", 0.0)
    video = upload_video(short_video.path)
    response = analyze(video["asset_id"])
    assert response.status_code == 500
    assert response.json()["error"]["details"]["reason"] == "deadline_exceeded"
    assert VideoShotAnalysis.objects.count() == 0


def test_reanalysis_keeps_the_keyframes_stored_library_shots_show(api, no_model, short_video, upload_video, analyze):
    from cinematics.documents import Shot

    video = upload_video(short_video.path)
    first = analyze(video["asset_id"]).json()
    stored = api.post("/api/v1/store-shot-data", {"video_asset_id": video["asset_id"], "shots": first["shot_analyses"],
                                                  "manual_tags": ["curated"]}, format="json")
    assert stored.status_code == 200
    second = analyze(video["asset_id"]).json()
    assert second["library_keyframes_kept"] == 3 and second["replaced_keyframes"] == 0
    for old in first["keyframe_asset_ids"]:  # the library's cards still have their pictures
        assert api.get(f"/api/v1/media/{old}").status_code == 200
    library = api.get("/api/v1/shot-library").json()["results"]
    assert {s["keyframe_asset_id"] for s in library} == set(first["keyframe_asset_ids"])
    assert all(s["keyframe_url"] for s in library)
    # Storing the new analysis moves the shots to its keyframes; the old ones are then removed.
    api.post("/api/v1/store-shot-data", {"video_asset_id": video["asset_id"], "shots": second["shot_analyses"]},
             format="json")
    assert {s.keyframe_asset_id for s in Shot.objects} == set(second["keyframe_asset_ids"])
    assert _keyframe_ids() == set(second["keyframe_asset_ids"])


def test_the_video_page_says_what_a_reanalysis_changes(client, django_user_model, no_model, short_video, upload_video,
                                                       analyze):
    video = upload_video(short_video.path)
    first = analyze(video["asset_id"]).json()
    client.force_login(django_user_model.objects.create_user("ed", password="pw"))
    page = client.get(f"/videos/{video['asset_id']}").content.decode()
    assert "Analysing again replaces this shot list and its keyframes" in page and "No shot of this video" in page
    from cinematics.services import shots_store

    shots_store(video_asset_id=video["asset_id"], shots=first["shot_analyses"])
    page = client.get(f"/videos/{video['asset_id']}").content.decode()
    assert "The 3 shots of this video in the shot library keep their keyframes" in page

"""GET videos/{id}/shots/export: the stored analysis as files editors open (CSV, CMX 3600 EDL,
OpenTimelineIO, JSON), without analysing again."""
from __future__ import annotations

import csv
import io
import json

import opentimelineio as otio
import pytest


@pytest.fixture
def analysed(api, no_model, short_video, upload_video, analyze):
    video = upload_video(short_video.path, "street scene.mp4")
    data = analyze(video["asset_id"], extract_keyframes=False).json()
    assert data["total_shots"] == 3
    return video, data


def _export(api, video_asset_id: str, fmt: str | None):
    return api.get(f"/api/v1/videos/{video_asset_id}/shots/export", {"format": fmt} if fmt else {})


def test_csv_is_the_default_and_parses_with_one_row_per_shot(api, analysed, short_video):
    video, data = analysed
    response = _export(api, video["asset_id"], None)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="street scene-shots.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [int(r["shot_id"]) for r in rows] == [1, 2, 3]
    assert [r["movement_type"] for r in rows] == ["static", "pan_left", "zoom_in"]
    assert [r["transition_in"] for r in rows] == ["start", "cut", "fade"]
    assert [int(r["start_frame"]) for r in rows] == [s["start_frame"] for s in data["shot_analyses"]]
    assert int(rows[-1]["end_frame"]) == short_video.frame_count - 1
    assert {r["video_asset_id"] for r in rows} == {video["asset_id"]}
    assert rows[0]["start_timecode"] == "00:00:00:00"


def test_edl_has_one_event_per_shot_with_timecodes(api, analysed):
    video, data = analysed
    response = _export(api, video["asset_id"], "edl")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-shots.edl"')
    text = response.content.decode()
    assert text.startswith("TITLE: street scene shots\nFCM: NON-DROP FRAME")
    events = [line for line in text.splitlines() if line[:3].isdigit()]
    assert [line[:3] for line in events] == ["001", "002", "003"]
    # The second event's source in is where shot 2 starts (frame 20 at 10 fps: 2 s).
    assert events[1].split()[4] == "00:00:02:00"
    assert "* TRANSITION IN: FADE" in text and "* FROM CLIP NAME: street scene.mp4" in text


def test_otio_loads_as_a_timeline_with_a_clip_per_shot(api, analysed, short_video):
    video, data = analysed
    response = _export(api, video["asset_id"], "otio")
    assert response.status_code == 200
    timeline = otio.adapters.read_from_string(response.content.decode(), "otio_json")
    clips = list(timeline.find_clips())
    assert len(clips) == 3
    assert sum(clip.source_range.duration.value for clip in clips) == short_video.frame_count
    assert clips[1].source_range.start_time.to_frames() == data["shot_analyses"][1]["start_frame"]
    assert clips[2].metadata["dinov3"]["movement_type"] == "zoom_in"
    assert clips[0].media_reference.target_url == "street scene.mp4"
    assert any(isinstance(item, otio.schema.Transition) for item in timeline.tracks[0])  # the fade


def test_json_carries_the_stored_analysis(api, analysed):
    video, data = analysed
    response = _export(api, video["asset_id"], "json")
    assert response.status_code == 200
    exported = json.loads(response.content)
    assert exported["video_asset_id"] == video["asset_id"] and exported["total_shots"] == 3
    assert exported["shot_detection_threshold"] == data["shot_detection_threshold"]
    assert [s["camera_angle"] for s in exported["shots"]] == [s["camera_angle"] for s in data["shot_analyses"]]


def test_export_follows_the_latest_analysis(api, analysed, analyze):
    video, _ = analysed
    analyze(video["asset_id"], extract_keyframes=False, shot_detection_threshold=0.99)
    assert json.loads(_export(api, video["asset_id"], "json").content)["shot_detection_threshold"] == 0.99


def test_a_file_name_with_quotes_and_accents_is_quoted_safely(api, no_model, short_video, upload_video, analyze):
    video = upload_video(short_video.path, 'caf\u00e9 "nuit".mp4')
    analyze(video["asset_id"], extract_keyframes=False)
    response = _export(api, video["asset_id"], "edl")
    assert response.status_code == 200
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''caf%C3%A9%20%22nuit%22-shots.edl"


def test_without_an_analysis_the_answer_says_to_run_one(api, no_model, short_video, upload_video):
    video = upload_video(short_video.path)
    response = _export(api, video["asset_id"], "csv")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "NOT_FOUND" and "analyze-video-shots" in error["message"]


def test_bad_format_and_wrong_assets_are_envelope_errors(api, analysed, upload_image):
    video, _ = analysed
    response = _export(api, video["asset_id"], "xml")
    assert response.status_code == 400 and response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert "format" in response.json()["error"]["details"]
    image = upload_image()
    for asset_id in (image["asset_id"], "6f1c1f59-4e2d-4a7c-9a53-2f7f0d0c5a11", "nope"):
        response = _export(api, asset_id, "csv")
        assert response.status_code == 404 and response.json()["error"]["code"] == "ASSET_NOT_FOUND"

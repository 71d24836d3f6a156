"""Exports editors open: OTIO loads back, the EDL has one event per shot, CSV parses."""
from __future__ import annotations

import csv
import io
import json

import opentimelineio as otio

from media.export import shots_to_csv, shots_to_edl, shots_to_json, shots_to_otio, timecode


def test_otio_timeline_loads_with_one_clip_per_shot(scripted, scripted_analysis):
    text = shots_to_otio(scripted_analysis.shots, name="scripted", fps=scripted.fps, media_url="file:///scripted.mp4")
    timeline = otio.adapters.read_from_string(text, "otio_json")
    clips = list(timeline.find_clips())
    assert len(clips) == scripted_analysis.total_shots
    for clip, shot in zip(clips, scripted_analysis.shots):
        assert clip.source_range.start_time.value == shot.start_frame
        assert clip.source_range.duration.value == shot.end_frame - shot.start_frame + 1
        assert clip.metadata["dinov3"]["movement_type"] == shot.movement_type
    assert timeline.duration().value == scripted.frame_count
    gradual = sum(1 for s in scripted_analysis.shots if s.transition_in in ("fade", "dissolve"))
    assert len([t for t in timeline.tracks[0] if isinstance(t, otio.schema.Transition)]) == gradual


def test_edl_has_an_event_per_shot_with_matching_timecodes(scripted, scripted_analysis):
    edl = shots_to_edl(scripted_analysis.shots, title="scripted", fps=scripted.fps, source_name="scripted.mp4")
    events = [line.split() for line in edl.splitlines() if line[:3].isdigit()]
    assert edl.startswith("TITLE: scripted\nFCM: NON-DROP FRAME")
    assert len(events) == scripted_analysis.total_shots
    for event, shot in zip(events, scripted_analysis.shots):
        number, reel, track, kind, src_in, src_out, rec_in, rec_out = event
        assert (track, kind) == ("V", "C")
        assert src_in == rec_in == timecode(shot.start_frame, scripted.fps)
        assert src_out == rec_out == timecode(shot.end_frame + 1, scripted.fps)
    assert timecode(61, 20) == "00:00:03:01" and timecode(1800, 29.97) == "00:01:00;02"


def test_csv_and_json_list_every_shot(scripted_analysis):
    rows = list(csv.DictReader(io.StringIO(shots_to_csv(scripted_analysis.shots, fps=20))))
    assert [r["movement_type"] for r in rows] == [s.movement_type for s in scripted_analysis.shots]
    assert rows[1]["transition_in"] == scripted_analysis.shots[1].transition_in
    data = json.loads(shots_to_json(scripted_analysis.shots, video="scripted"))
    assert data["video"] == "scripted" and len(data["shots"]) == scripted_analysis.total_shots


def test_library_shots_from_several_videos_are_laid_end_to_end():
    shots = [{"shot_id": 1, "start_time": 2.0, "end_time": 4.0, "fps": 25, "source_name": "a.mp4",
              "media_url": "file:///a.mp4", "movement_type": "static"},
             {"shot_id": 7, "start_time": 0.0, "end_time": 1.0, "fps": 25, "source_name": "b.mp4",
              "media_url": "file:///b.mp4", "movement_type": "pan_left", "transition_in": "dissolve",
              "transition_frames": [0, 3]}]
    timeline = otio.adapters.read_from_string(shots_to_otio(shots, name="lib", fps=25), "otio_json")
    assert [c.source_range.duration.value for c in timeline.find_clips()] == [50, 25]
    assert [c.media_reference.target_url for c in timeline.find_clips()] == ["file:///a.mp4", "file:///b.mp4"]
    # Different sources: no transition is invented between them.
    assert not any(isinstance(t, otio.schema.Transition) for t in timeline.tracks[0])
    edl = shots_to_edl(shots, title="lib", fps=25)
    assert "00:00:02:00 00:00:04:00 00:00:00:00 00:00:02:00" in edl
    assert "00:00:00:00 00:00:01:00 00:00:02:00 00:00:03:00" in edl

"""Shot boundaries on generated footage: where and of what kind, and how the threshold acts."""
from __future__ import annotations

from video.engine.analyze import analyze_video
from video.engine.synthetic import ShotSpec, write_video


def test_every_scripted_boundary_is_found_with_its_type(scripted, scripted_analysis):
    found = [(b.frame, b.kind) for b in scripted_analysis.boundaries]
    expected = scripted.boundaries
    assert len(found) == len(expected), (found, expected)
    for (frame, kind), (true_frame, true_kind) in zip(found, expected):
        assert kind == true_kind, (found, expected)
        assert abs(frame - true_frame) <= 2, (found, expected)


def test_shots_cover_the_video_without_gaps(scripted, scripted_analysis):
    shots = scripted_analysis.shots
    assert shots[0].start_frame == 0 and shots[0].start_time == 0.0
    assert shots[-1].end_frame == scripted.frame_count - 1
    for before, after in zip(shots, shots[1:]):
        assert after.start_frame == before.end_frame + 1
        assert after.start_time == before.end_time
    assert abs(sum(s.duration for s in shots) - scripted_analysis.video_duration) < 0.01


def test_transition_into_each_shot_is_reported(scripted, scripted_analysis):
    assert [s.transition_in for s in scripted_analysis.shots] == ["start"] + [t for _, t in scripted.boundaries]
    dissolve = next(s for s in scripted_analysis.shots if s.transition_in == "dissolve")
    first, last = dissolve.transition_frames
    assert first < dissolve.start_frame <= last  # the boundary sits inside its transition


def test_a_single_static_shot_has_no_boundary(static_video):
    analysis = analyze_video(static_video.path)
    assert analysis.total_shots == 1
    assert analysis.shots[0].movement_type == "static"


def test_a_cut_between_two_framings_of_the_same_photo_is_found(tmp_path):
    # Same colours on both sides: only the picture's structure tells the shots apart.
    script = [ShotSpec("astronaut", "static", frames=20, window=0.9),
              ShotSpec("astronaut", "static", frames=20, window=0.35, center=(0.45, 0.3))]
    truth = write_video(tmp_path / "same.mp4", script, size=(160, 120), fps=10.0)
    analysis = analyze_video(truth.path, keyframes=False)
    assert [(b.frame, b.kind) for b in analysis.boundaries] == [(20, "cut")]


def test_a_higher_threshold_finds_fewer_boundaries_and_min_length_merges(tmp_path):
    script = [ShotSpec("astronaut", "static", frames=20, window=0.9),
              ShotSpec("astronaut", "static", frames=20, window=0.7, transition="cut"),
              ShotSpec("coffee", "static", frames=4, transition="cut"),
              ShotSpec("rocket", "static", frames=20, transition="cut")]
    truth = write_video(tmp_path / "sens.mp4", script, size=(160, 120), fps=10.0)
    default = analyze_video(truth.path, keyframes=False, min_shot_s=0.2)
    strict = analyze_video(truth.path, keyframes=False, threshold=0.9, min_shot_s=0.2)
    merged = analyze_video(truth.path, keyframes=False, min_shot_s=1.0)
    assert [b.frame for b in default.boundaries] == [20, 40, 44]
    assert len(strict.boundaries) < len(default.boundaries)
    # With 1 s minimum the 0.4 s coffee insert cannot stand as a shot of its own.
    assert all(s.duration >= 1.0 for s in merged.shots) and merged.total_shots == 3

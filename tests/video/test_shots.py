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


# Slow moves within one shot, as an editor leaves them (10-30 s): each must stay one shot, and the
# move must still be read as the move it is. 12.5 fps keeps the clips quick to analyse.
SLOW_FPS = 12.5


def _one_shot(tmp_path, name: str, spec: ShotSpec):
    truth = write_video(tmp_path / f"{name}.mp4", [spec], size=(320, 240), fps=SLOW_FPS, seed=3)
    return truth, analyze_video(truth.path)


def test_a_slow_pan_across_twenty_seconds_stays_one_shot(tmp_path):
    seconds = 20.0
    _, analysis = _one_shot(tmp_path, "slow-pan", ShotSpec("coffee", "pan_left", frames=int(seconds * SLOW_FPS),
                                                            speed=1.2 / seconds, window=0.4))
    assert analysis.total_shots == 1, [b.to_dict() for b in analysis.boundaries]
    assert analysis.shots[0].movement_type == "pan_left"


def test_a_slow_zoom_and_a_slow_tilt_stay_one_shot_each(tmp_path):
    zoom = ShotSpec("astronaut", "zoom_in", frames=int(15 * SLOW_FPS), speed=0.9 / 15, window=0.8)
    tilt = ShotSpec("rocket", "tilt_down", frames=int(12 * SLOW_FPS), speed=1.0 / 12, window=0.4)
    for name, spec in (("slow-zoom", zoom), ("slow-tilt", tilt)):
        _, analysis = _one_shot(tmp_path, name, spec)
        assert analysis.total_shots == 1, (name, [b.to_dict() for b in analysis.boundaries])


def test_a_slow_lighting_change_flashes_and_a_whip_pan_do_not_split_a_shot(tmp_path):
    spec = ShotSpec("chelsea", "static", frames=int(14 * SLOW_FPS), lighting=-1.5, flashes=(0.2, 0.75),
                    whip_at=0.5, window=0.35)
    _, analysis = _one_shot(tmp_path, "events", spec)
    assert analysis.total_shots == 1, [b.to_dict() for b in analysis.boundaries]


def test_a_dissolve_into_a_slow_pan_is_still_found(tmp_path):
    script = [ShotSpec("astronaut", "static", frames=int(4 * SLOW_FPS)),
              ShotSpec("coffee", "pan_right", frames=int(12 * SLOW_FPS), speed=1.0 / 12, window=0.4,
                       transition="dissolve", transition_frames=8)]
    truth = write_video(tmp_path / "into-pan.mp4", script, size=(320, 240), fps=SLOW_FPS, seed=4)
    analysis = analyze_video(truth.path)
    assert [b.kind for b in analysis.boundaries] == ["dissolve"]
    (lo, hi), = truth.spans
    assert lo <= analysis.boundaries[0].frame <= hi

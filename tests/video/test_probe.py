"""Untrusted video: limits checked before decoding, broken files refused quickly."""
from __future__ import annotations

import os

import pytest

from media.errors import VideoDecodeError, VideoRejected
from media.frames import iter_analysis_frames
from media.limits import MediaLimits
from media.video import VideoInfo, poster_frame, probe_video
from video.engine.analyze import analyze_video


def test_probe_describes_a_good_video(static_video):
    info = probe_video(static_video.path)
    assert (info.width, info.height, info.fps, info.frame_count) == (160, 120, 10.0, 30)
    assert info.duration == 3.0
    assert poster_frame(static_video.path).size == (160, 120)


@pytest.mark.parametrize("limits", [MediaLimits(max_video_width=100), MediaLimits(max_video_duration_s=2.0),
                                    MediaLimits(max_video_frames=10), MediaLimits(max_video_fps=5)])
def test_over_the_limits_is_file_too_large(static_video, limits):
    with pytest.raises(VideoRejected) as caught:
        probe_video(static_video.path, limits)
    assert caught.value.code == "FILE_TOO_LARGE"


def test_random_bytes_named_mp4_are_refused(tmp_path):
    path = tmp_path / "noise.mp4"
    path.write_bytes(os.urandom(20_000))
    with pytest.raises(VideoRejected) as caught:
        probe_video(path)
    assert caught.value.code == "INVALID_FILE_FORMAT"


def test_random_bytes_behind_an_mp4_header_are_refused(tmp_path):
    path = tmp_path / "fake.mp4"
    path.write_bytes(b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + os.urandom(20_000))
    with pytest.raises(VideoRejected) as caught:
        probe_video(path)
    assert caught.value.code == "INVALID_FILE_FORMAT"


def test_empty_and_zero_frame_files_are_refused(tmp_path):
    import cv2

    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    zero = tmp_path / "zero.mp4"
    writer = cv2.VideoWriter(str(zero), cv2.VideoWriter_fourcc(*"mp4v"), 10, (64, 48))
    writer.release()  # no frame written
    for path in (empty, zero):
        with pytest.raises(VideoRejected) as caught:
            probe_video(path)
        assert caught.value.code == "INVALID_FILE_FORMAT"


def test_truncated_file_fails_cleanly(static_video, tmp_path):
    data = open(static_video.path, "rb").read()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[: len(data) // 2])
    # OpenCV writes the index at the end, so a cut file cannot even be opened; either way it is
    # an error with a code, never a hang or a crash.
    with pytest.raises((VideoRejected, VideoDecodeError)) as caught:
        analyze_video(cut)
    assert caught.value.code in ("INVALID_FILE_FORMAT", "PROCESSING_FAILED")


def test_a_file_with_fewer_frames_than_declared_is_truncated(static_video):
    lying = VideoInfo(width=160, height=120, fps=10.0, frame_count=300, duration=30.0, codec="FMP4")
    with pytest.raises(VideoDecodeError) as caught:
        list(iter_analysis_frames(static_video.path, lying, limits=MediaLimits()))
    assert caught.value.details["reason"] == "truncated"
    assert caught.value.code == "PROCESSING_FAILED"


def test_decoding_stops_at_the_frame_budget_whatever_the_container_says(static_video):
    # The container claims 5 frames; the decoder is not believed past the limits.
    lying = VideoInfo(width=160, height=120, fps=10.0, frame_count=5, duration=0.5, codec="FMP4")
    with pytest.raises(VideoDecodeError) as caught:
        list(iter_analysis_frames(static_video.path, lying, limits=MediaLimits(max_video_frames=12)))
    assert caught.value.details["reason"] == "frame_budget_exceeded"
    with pytest.raises(VideoDecodeError) as caught:
        list(iter_analysis_frames(static_video.path, lying, limits=MediaLimits(max_video_duration_s=1.0)))
    assert caught.value.details["reason"] == "frame_budget_exceeded"


def test_analysis_past_its_deadline_fails(static_video):
    with pytest.raises(VideoDecodeError) as caught:
        analyze_video(static_video.path, deadline_s=0.0)
    assert caught.value.details["reason"] == "deadline_exceeded"

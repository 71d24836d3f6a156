"""Browser-playable copies of videos: which codecs a browser plays, and an H.264 proxy writer.

Django-free (PyAV, FFmpeg's libraries). OpenCV's ``mp4v`` writer produces MPEG-4 Part 2, which
is analysed fine but that no browser decodes; those videos get an H.264 (libx264, yuv420p)
MP4 with the same frame rate and frame count, so frame N of the proxy is frame N of the original
and the shot times line up. The proxy has no audio track.
"""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Callable

import av

# Codecs that Chromium, Firefox and Safari all play inside MP4/MOV/WebM (HEVC only with hardware support).
PLAYABLE_CODECS = {"h264", "vp8", "vp9", "av1"}
PROXY_CODEC = "libx264"
# Visually transparent for review at a fraction of the original's size (x264's default is 23).
PROXY_CRF = "20"
FALLBACK_RATE = Fraction(25)


def video_codec(path: Path | str) -> str:
    """The first video stream's codec name as FFmpeg calls it ('h264', 'mpeg4', ...)."""
    with av.open(str(path)) as container:
        if not container.streams.video:
            return ""
        return container.streams.video[0].codec_context.name


def browser_playable(path: Path | str) -> bool:
    return video_codec(path) in PLAYABLE_CODECS


def h264_proxy_write(source: Path | str, target: Path | str, *,
                     progress: Callable[[int, int], None] | None = None) -> dict:
    """Transcode `source` to an H.264 MP4 at `target` (moov atom first, so playback starts at once)."""
    with av.open(str(source)) as src, av.open(str(target), "w", format="mp4",
                                                options={"movflags": "+faststart"}) as dst:
        video_in = src.streams.video[0]
        rate = video_in.average_rate or video_in.guessed_rate or FALLBACK_RATE
        total = video_in.frames or 0
        out = dst.add_stream(PROXY_CODEC, rate=rate)
        out.width = max(2, video_in.codec_context.width // 2 * 2)  # 4:2:0 needs even sizes
        out.height = max(2, video_in.codec_context.height // 2 * 2)
        out.pix_fmt = "yuv420p"
        out.codec_context.time_base = Fraction(1, 1) / rate
        out.options = {"crf": PROXY_CRF, "preset": "veryfast"}
        written = 0
        for frame in src.decode(video_in):
            image = frame.reformat(width=out.width, height=out.height, format="yuv420p")
            image.pts, image.time_base = written, out.codec_context.time_base
            for packet in out.encode(image):
                dst.mux(packet)
            written += 1
            if progress and written % 25 == 0:
                progress(written, max(total, written))
        for packet in out.encode(None):
            dst.mux(packet)
    if progress:
        progress(written, written)
    return {"frames": written, "codec": "h264", "width": out.width, "height": out.height}

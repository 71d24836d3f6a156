"""Shot lists in the formats editors open: CSV, CMX 3600 EDL, OpenTimelineIO, and JSON.

Every function takes shots as ShotAnalysis objects or plain dicts with the same field names (the
shot library stores dicts), so one analysis and a filtered library export share the code. A shot
needs `start_frame`/`end_frame` (or `start_time`/`end_time`, turned into frames at `fps`).
Shots are laid end to end on the record side; the source side is each shot's place in its video.
Per-shot `fps`, `media_url` and `source_name` override the call's, for lists that mix videos.

`FORMATS` is the one list of export formats (the API's choices, the pages' menus, the files'
content types and extensions); `csv_document` is the one CSV writer, which the audit trail uses too.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import opentimelineio as otio


@dataclass(frozen=True)
class ExportFormat:
    content_type: str
    extension: str
    label: str  # what the pages' export menus show


FORMATS = {
    "csv": ExportFormat("text/csv; charset=utf-8", "csv", "CSV"),
    # CMX 3600 is plain text; editors go by the .edl name.
    "edl": ExportFormat("text/plain; charset=utf-8", "edl", "EDL (CMX 3600)"),
    "otio": ExportFormat("application/json", "otio", "OpenTimelineIO"),  # otio_json
    "json": ExportFormat("application/json", "json", "JSON"),
}
# The formats a table of rows without timecodes (the audit trail) is written in.
TABLE_FORMATS = ("csv", "json")


def export_file(content: str, *, fmt: str, stem: str) -> tuple[str, str, str]:
    """(content, content type, file name) of an export, as the download views answer it."""
    spec = FORMATS[fmt]
    return content, spec.content_type, f"{stem}.{spec.extension}"

CSV_COLUMNS = ("shot_id", "start_frame", "end_frame", "start_time", "end_time", "duration", "start_timecode",
               "end_timecode", "transition_in", "movement_type", "camera_angle", "emotional_tone",
               "technical_quality", "pan", "tilt", "zoom", "shake", "lighting_key", "palette", "cutting_pace",
               "framing_method", "keyframe_time", "source_name", "video_asset_id")


def _as_dict(shot: Any) -> dict:
    return shot.to_dict() if hasattr(shot, "to_dict") else dict(shot)


def _frames(shot: Mapping, fps: float) -> tuple[int, int]:
    """(first frame, frame count) of a shot."""
    if shot.get("start_frame") is not None and shot.get("end_frame") is not None:
        start = int(shot["start_frame"])
        return start, max(1, int(shot["end_frame"]) - start + 1)
    start = int(round(float(shot["start_time"]) * fps))
    end = int(round(float(shot["end_time"]) * fps))
    return start, max(1, end - start)


def _timecode_rate(fps: float) -> tuple[float, bool]:
    """The timecode rate and whether it is drop-frame (29.97 and 59.94 are; others count whole frames)."""
    if abs(fps - round(fps)) > 0.01 and round(fps) in (30, 60):
        return fps, True
    return float(max(1, round(fps))), False


def timecode(frames: int, fps: float) -> str:
    """HH:MM:SS:FF (HH:MM:SS;FF drop-frame). Whole-frame rates are counted directly, since
    OpenTimelineIO only accepts the SMPTE rates and footage comes at others (20, 15, 12 fps)."""
    rate, drop = _timecode_rate(fps)
    if drop:
        return otio.opentime.to_timecode(otio.opentime.RationalTime(frames, rate), rate, True)
    base = int(rate)
    seconds, ff = divmod(int(frames), base)
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}:{ff:02d}"


# OWASP "CSV Injection": a spreadsheet runs a cell that starts with one of these as a formula
# (=HYPERLINK(...), +cmd|..., @SUM, or after a tab or carriage return). A leading single quote
# makes it text; the value stays readable.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell a spreadsheet shows as text (numbers are left as numbers)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_document(rows: Iterable[Mapping], columns: Iterable[str]) -> str:
    """The one CSV writer of every export: a header, then each row's columns, cells neutralised."""
    columns = list(columns)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: csv_cell(row.get(name)) for name in columns})
    return out.getvalue()


def _dict(value: Any) -> Mapping:
    return value if isinstance(value, Mapping) else {}


def shots_to_csv(shots: Iterable[Any], *, fps: float = 25.0) -> str:
    return csv_document((_csv_row(raw, fps) for raw in shots), CSV_COLUMNS)


def _csv_row(raw: Any, fps: float) -> dict:
    shot = _as_dict(raw)
    rate = float(shot.get("fps") or fps)
    start, count = _frames(shot, rate)
    motion = _dict(shot.get("motion"))
    descriptors = _dict(_dict(shot.get("tone")).get("descriptors"))
    return {**shot, "start_frame": start, "end_frame": start + count - 1,
            "start_timecode": timecode(start, rate), "end_timecode": timecode(start + count, rate),
            "pan": motion.get("pan"), "tilt": motion.get("tilt"), "zoom": motion.get("zoom"),
            "shake": motion.get("shake"), "lighting_key": descriptors.get("lighting_key"),
            "palette": descriptors.get("palette"), "cutting_pace": descriptors.get("cutting_pace"),
            "framing_method": _dict(shot.get("framing_basis")).get("method")}


def _reel(name: str) -> str:
    """CMX 3600 reel names: up to 8 characters, letters, digits and underscores."""
    cleaned = re.sub(r"[^A-Za-z0-9_]", "", name.upper())[:8]
    return cleaned or "AX"


def shots_to_edl(shots: Iterable[Any], *, title: str, fps: float, source_name: str | None = None) -> str:
    """A CMX 3600 EDL: one cut event per shot, with its source clip and analysis as comments
    (events are cuts: the analysed transitions are noted, not rebuilt as D events)."""
    rate, drop = _timecode_rate(fps)
    lines = [f"TITLE: {title[:70]}", f"FCM: {'DROP FRAME' if drop else 'NON-DROP FRAME'}", ""]
    record = 0
    for number, raw in enumerate(shots, start=1):
        shot = _as_dict(raw)
        start, count = _frames(shot, float(shot.get("fps") or fps))
        name = str(shot.get("source_name") or source_name or "")
        reel = _reel(name) if shot.get("source_name") else "AX"
        lines.append(f"{number:03d}  {reel:<8} V     C        {timecode(start, rate)} {timecode(start + count, rate)} "
                     f"{timecode(record, rate)} {timecode(record + count, rate)}")
        if name:
            lines.append(f"* FROM CLIP NAME: {name}")
        lines.append(f"* SHOT {shot.get('shot_id', number)}: {shot.get('movement_type', '')} "
                     f"{shot.get('camera_angle', '')} {shot.get('emotional_tone', '')}".rstrip())
        if shot.get("transition_in") in ("fade", "dissolve"):
            lines.append(f"* TRANSITION IN: {shot['transition_in'].upper()}")
        lines.append("")
        record += count
    return "\n".join(lines)


def shots_to_otio(shots: Iterable[Any], *, name: str, fps: float, media_url: str | None = None) -> str:
    """An OpenTimelineIO timeline (otio_json): one clip per shot on a video track; fades and
    dissolves between consecutive shots of the same video become SMPTE dissolve transitions."""
    timeline = otio.schema.Timeline(name=name)
    track = otio.schema.Track(name="Shots", kind=otio.schema.TrackKind.Video)
    timeline.tracks.append(track)
    previous: dict | None = None
    for raw in shots:
        shot = _as_dict(raw)
        rate = float(shot.get("fps") or fps)
        start, count = _frames(shot, rate)
        url = shot.get("media_url") or media_url
        reference = otio.schema.ExternalReference(target_url=url) if url else otio.schema.MissingReference()
        metadata = {k: v for k, v in shot.items() if k not in ("keyframe_features", "keyframe_image")}
        clip = otio.schema.Clip(
            name=f"Shot {shot.get('shot_id', len(track) + 1)}", media_reference=reference,
            source_range=otio.opentime.TimeRange(otio.opentime.RationalTime(start, rate),
                                                 otio.opentime.RationalTime(count, rate)),
            metadata={"dinov3": json.loads(json.dumps(metadata, default=str))})
        span = shot.get("transition_frames")
        same_source = previous is not None and previous.get("_url") == url and previous.get("_end") == start
        if shot.get("transition_in") in ("fade", "dissolve") and span and same_source:
            before = max(0, start - int(span[0]))
            after = max(0, int(span[1]) - start + 1)
            if before and after:
                track.append(otio.schema.Transition(
                    name=shot["transition_in"], transition_type=otio.schema.TransitionTypes.SMPTE_Dissolve,
                    in_offset=otio.opentime.RationalTime(before, rate),
                    out_offset=otio.opentime.RationalTime(after, rate)))
        track.append(clip)
        previous = {"_url": url, "_end": start + count}
    return otio.adapters.write_to_string(timeline, "otio_json")


def shots_to_json(shots: Iterable[Any], **meta: Any) -> str:
    return json.dumps({**meta, "shots": [_as_dict(s) for s in shots]}, default=str, indent=2)


def shots_document(shots: Iterable[Any], *, fmt: str, title: str, fps: float, source_name: str | None = None,
                   media_url: str | None = None, meta: Mapping[str, Any] | None = None) -> str:
    """The shot list in one of `FORMATS`: `title` names the EDL and the timeline, `meta` heads the JSON."""
    if fmt == "csv":
        return shots_to_csv(shots, fps=fps)
    if fmt == "edl":
        return shots_to_edl(shots, title=title, fps=fps, source_name=source_name)
    if fmt == "otio":
        return shots_to_otio(shots, name=title, fps=fps, media_url=media_url)
    return shots_to_json(shots, **dict(meta or {}))

"""The filtered shot library as a file: video/engine/export.py's writers over stored shots.

Shots from several videos are laid end to end; each clip points at its own video (name, fps and
URL per shot). An EDL has one frame rate for its timecode, so it takes the most common one.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable

from assets.documents import now_ms
from video.engine import export as writers

from .selectors import shot_list, shots_export_rows

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "edl": "text/plain; charset=utf-8",
                 "otio": "application/json", "json": "application/json"}
EXTENSIONS = {"csv": "csv", "edl": "edl", "otio": "otio", "json": "json"}
TITLE = "Shot library"


def library_export(*, format: str = "json", absolute: Callable[[str | None], str | None] = lambda url: url,
                   **filters) -> tuple[str, str, str]:
    """(file content, content type, file name) for the shots matching `filters`."""
    rows = shots_export_rows(shot_list(**filters), absolute=absolute)
    fps = Counter(row["fps"] for row in rows).most_common(1)[0][0] if rows else 25.0
    if format == "csv":
        content = writers.shots_to_csv(rows, fps=fps)
    elif format == "edl":
        content = writers.shots_to_edl(rows, title=TITLE, fps=fps)
    elif format == "otio":
        content = writers.shots_to_otio(rows, name=TITLE, fps=fps)
    else:
        content = writers.shots_to_json(rows, title=TITLE, exported_at=now_ms().isoformat(),
                                        filters=json.loads(json.dumps(filters, default=str)), total_shots=len(rows))
    stamp = now_ms().strftime("%Y%m%d-%H%M%S")
    return content, CONTENT_TYPES[format], f"shot-library-{stamp}.{EXTENSIONS[format]}"

"""The filtered shot library as a file: the media layer's writers (media/export.py) over stored shots.

Shots from several videos are laid end to end; each clip points at its own video (name, fps and
URL per shot). An EDL has one frame rate for its timecode, so it takes the most common one.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable

from assets.documents import now_ms
from media.export import export_file, shots_document

from .selectors import shot_list, shots_export_rows

TITLE = "Shot library"


def library_export(*, format: str = "json", absolute: Callable[[str | None], str | None] = lambda url: url,
                   **filters) -> tuple[str, str, str]:
    """(file content, content type, file name) for the shots matching `filters`."""
    rows = shots_export_rows(shot_list(**filters), absolute=absolute)
    fps = Counter(row["fps"] for row in rows).most_common(1)[0][0] if rows else 25.0
    meta = {"title": TITLE, "exported_at": now_ms().isoformat(),
            "filters": json.loads(json.dumps(filters, default=str)), "total_shots": len(rows)}
    content = shots_document(rows, fmt=format, title=TITLE, fps=fps, meta=meta)
    return export_file(content, fmt=format, stem=f"shot-library-{now_ms().strftime('%Y%m%d-%H%M%S')}")

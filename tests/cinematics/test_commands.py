"""export_shots / import_shots: a library survives the round trip, and importing twice changes nothing."""
from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from cinematics.documents import Shot
from cinematics.models import ShotTag
from tests.cinematics.conftest import minimal_shot

pytestmark = pytest.mark.django_db
KEYS = ("shot_number", "start_time", "end_time", "movement_type", "camera_angle", "emotional_tone", "tone_overridden",
        "genre", "tags", "scene_context", "motion", "tone", "quality", "framing_basis", "keyframe_asset_id")


def snapshot() -> dict:
    return {s.id: {k: getattr(s, k) for k in KEYS} for s in Shot.objects}


def test_export_then_import_restores_the_library(tmp_path, video, analysed, store):
    store(video_asset_id=video["asset_id"], shots=analysed, scene_context="Astronaut", manual_tags=["space"],
          emotional_tone="calm", genre="documentary")
    before = snapshot()
    path = tmp_path / "library.json"
    err = io.StringIO()
    call_command("export_shots", str(path), stderr=err, stdout=io.StringIO())
    assert f"exported {len(analysed)}/{len(analysed)} shots" in err.getvalue()
    document = json.loads(path.read_text())
    assert document["total_shots"] == len(analysed) and document["shots"][0]["video"]["checksum_sha256"]

    Shot.objects.delete()
    ShotTag.objects.all().delete()
    out = io.StringIO()
    call_command("import_shots", str(path), stdout=out, stderr=io.StringIO())
    assert f"Created {len(analysed)}, updated 0, unchanged 0" in out.getvalue()
    assert snapshot() == before
    assert ShotTag.objects.get(name="space").shot_count == len(analysed)
    assert all(s.text_vector is not None for s in Shot.objects)

    out = io.StringIO()
    call_command("import_shots", str(path), stdout=out, stderr=io.StringIO())
    assert f"Created 0, updated 0, unchanged {len(analysed)}" in out.getvalue()
    assert snapshot() == before


def test_import_finds_the_video_by_content_and_skips_missing_ones(tmp_path, video, store):
    store(video_asset_id=video["asset_id"], shots=[minimal_shot(1, 0, 1)], scene_context="x")
    path = tmp_path / "library.json"
    call_command("export_shots", str(path), stderr=io.StringIO(), stdout=io.StringIO())
    document = json.loads(path.read_text())
    moved = json.loads(json.dumps(document))
    moved["shots"][0]["video"]["asset_id"] = "00000000-0000-4000-8000-000000000000"  # another installation's id
    gone = json.loads(json.dumps(moved))
    gone["shots"][0]["video"]["checksum_sha256"] = "0" * 64
    Shot.objects.delete()
    (tmp_path / "moved.json").write_text(json.dumps(moved))
    (tmp_path / "gone.json").write_text(json.dumps(gone))
    out = io.StringIO()
    call_command("import_shots", str(tmp_path / "gone.json"), stdout=out, stderr=io.StringIO())
    assert "skipped 1" in out.getvalue() and Shot.objects.count() == 0
    call_command("import_shots", str(tmp_path / "moved.json"), stdout=io.StringIO(), stderr=io.StringIO())
    assert Shot.objects.get().video_asset_id == video["asset_id"]


def test_import_refuses_a_file_that_is_not_an_export(tmp_path, media_root):
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"shots": "no"}))
    with pytest.raises(CommandError, match="not a shot library export"):
        call_command("import_shots", str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_shots", str(tmp_path / "missing.json"))

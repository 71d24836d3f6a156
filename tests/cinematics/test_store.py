"""store-shot-data: analyses stored as they come, the same shot twice is one record, bad input is clear."""
from __future__ import annotations

import uuid

import pytest

from cinematics.documents import Shot
from tests.cinematics.conftest import minimal_shot

pytestmark = pytest.mark.django_db


def test_an_analysis_is_stored_as_it_comes_with_its_measurements(video, analysed, store):
    answer = store(video_asset_id=video["asset_id"], shots=analysed, scene_context="A lonely astronaut",
                   manual_tags=["Space", "lonely"])
    assert answer["stored_shots"] == len(analysed) == answer["created"]
    assert answer["updated"] == 0 and len(answer["shot_ids"]) == len(analysed)
    first = answer["shots"][0]
    assert first["tags"] == ["space", "lonely"] and first["scene_context"] == "A lonely astronaut"
    assert first["movement_type"] == analysed[0]["movement_type"]
    assert first["keyframe_asset_id"] == analysed[0]["keyframe_asset_id"]
    shot = Shot.objects.get(id=first["shot_id"])
    assert shot.motion == analysed[0]["motion"] and shot.tone["descriptors"] == analysed[0]["tone"]["descriptors"]
    assert shot.framing_basis == analysed[0]["framing_basis"] and shot.text_vector is not None

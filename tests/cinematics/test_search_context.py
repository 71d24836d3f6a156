"""Text search (semantic-search) knows what the shot library says about a video and its keyframes."""
from __future__ import annotations

import pytest

from cinematics.selectors import shot_context_for_asset
from tests.cinematics.conftest import minimal_shot

pytestmark = pytest.mark.django_db


def test_text_search_finds_a_video_by_its_shots_scene_context(api, video, store, upload_image):
    upload_image(name="coffee", filename="breakfast.jpg", tags="kitchen")
    store(video_asset_id=video["asset_id"], shots=[minimal_shot(1, 0, 1)],
          scene_context="Two rivals shout at each other", manual_tags=["confrontation"])
    answer = api.post("/api/v1/semantic-search", {"query_text": "heated argument between enemies"}, format="json").json()
    assert answer["mode"] == "text->metadata" and answer["results"][0]["asset_id"] == video["asset_id"]


def test_a_keyframe_carries_the_context_of_its_shot(video, analysed, store):
    store(video_asset_id=video["asset_id"], shots=analysed[:1], scene_context="The astronaut waves",
          manual_tags=["hero_shot"], genre="sci-fi")
    context = shot_context_for_asset(asset_id=analysed[0]["keyframe_asset_id"])
    assert context.startswith("The astronaut waves. Shots: hero shot, sci fi")
    assert shot_context_for_asset(asset_id=analysed[1]["keyframe_asset_id"]) == ""


def test_the_context_follows_edits_and_merges(video, store):
    from cinematics.documents import Shot
    from cinematics.services import shot_update
    from cinematics.tag_services import tags_merge

    store(video_asset_id=video["asset_id"], shots=[minimal_shot(1, 0, 1)], scene_context="First draft",
          manual_tags=["night_time"])
    assert shot_context_for_asset(asset_id=video["asset_id"]).startswith("First draft. Shots: night time")
    shot_update(shot=Shot.objects.get(), scene_context="Final words")
    assert shot_context_for_asset(asset_id=video["asset_id"]).startswith("Final words")
    tags_merge(sources=["night_time"], target="dusk")
    assert "dusk" in shot_context_for_asset(asset_id=video["asset_id"])

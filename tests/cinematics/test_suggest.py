"""suggest-shots: meaning first (no shared words needed), then tone, genre, tags and the
reference image; every suggestion explains its score and carries measured technical notes."""
from __future__ import annotations

import re

import pytest

from tests.cinematics.conftest import minimal_shot

pytestmark = pytest.mark.django_db

CONTEXTS = {
    1: "Two rivals shout at each other across a kitchen table",
    2: "Sunrise over a quiet beach with gulls",
    3: "Kids kicking a football in the park on a summer afternoon",
    4: "A detective walks alone through rain at night",
}


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


@pytest.fixture
def library(video, store):
    """Four shots of one video, each stored with its own scene context (no tags)."""
    for number, context in CONTEXTS.items():
        store(video_asset_id=video["asset_id"], shots=[minimal_shot(number, number - 1.0, float(number))],
              scene_context=context)
    return video


@pytest.mark.parametrize("query, expected", [
    ("Heated argument between enemies", 1), ("dawn by the sea", 2), ("children playing soccer outdoors", 3),
    ("noir investigator during the storm", 4)])
def test_the_shot_that_means_the_same_comes_first_without_shared_words(library, suggest, query, expected):
    assert not words(query) & words(CONTEXTS[expected])  # the test is about meaning, not words
    answer = suggest(scene_description=query, limit=4)
    assert answer["scene_description"] == query and answer["total_suggestions"] == 4
    ranked = [s["shot_number"] for s in answer["suggested_shots"]]
    assert ranked[0] == expected
    scores = [s["similarity_score"] for s in answer["suggested_shots"]]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 100 for s in scores)
    top = answer["suggested_shots"][0]
    assert top["video_asset_id"] == library["asset_id"] and top["scene_context"] == CONTEXTS[expected]
    assert set(top["score_components"]) == {"meaning"} and top["score_components"]["meaning"]["weight"] == 1.0


@pytest.fixture
def twins(video, store):
    """Two shots with the same scene context that differ in tone, genre and tags."""
    context = "A chase through a crowded market"
    store(video_asset_id=video["asset_id"], shots=[minimal_shot(1, 0, 1, camera_angle="close_up")],
          scene_context=context, emotional_tone="tense", genre="thriller", manual_tags=["handheld", "crowd"])
    store(video_asset_id=video["asset_id"], shots=[minimal_shot(2, 1, 2, camera_angle="wide_shot")],
          scene_context=context, emotional_tone="joyful", genre="comedy", manual_tags=["colourful", "romantic comedy"])
    return video


@pytest.mark.parametrize("ask, first", [
    ({"emotional_tone": "tense"}, 1), ({"emotional_tone": "joyful"}, 2),
    ({"genre_context": "thriller"}, 1), ({"genre_context": "Comedy"}, 2),
    ({"desired_tags": ["crowd", "close_up"]}, 1), ({"desired_tags": ["colourful", "wide_shot"]}, 2),
    ({"desired_tags": ["HANDHELD", "close up"]}, 1), ({"genre_context": "Romantic Comedy"}, 2),
])
def test_tone_genre_and_tags_decide_between_shots_of_the_same_meaning(twins, suggest, ask, first):
    answer = suggest(scene_description="pursuit in a busy bazaar", limit=2, **ask)
    top, second = answer["suggested_shots"]
    assert top["shot_number"] == first and top["similarity_score"] > second["similarity_score"]
    component = {"emotional_tone": "tone", "genre_context": "genre", "desired_tags": "tags"}[next(iter(ask))]
    assert top["score_components"][component]["score"] == 1.0
    assert second["score_components"][component]["score"] < 1.0
    assert component in top["explanation"] and set(answer["weights"]) == {"meaning", component}


def test_a_neighbouring_tone_counts_half(twins, suggest):
    answer = suggest(scene_description="pursuit in a busy bazaar", emotional_tone="dramatic", limit=2)
    assert {s["shot_number"]: s["score_components"]["tone"]["score"] for s in answer["suggested_shots"]} == {1: 0.5, 2: 0.0}


def test_a_reference_image_brings_the_shot_that_looks_like_it_first(model, video, store, suggest, upload_image):
    keyframes = {name: upload_image(name=name, filename=f"{name}_key.jpg") for name in ("astronaut", "coffee")}
    for number, name in enumerate(("astronaut", "coffee"), 1):
        store(video_asset_id=video["asset_id"], scene_context="A person at a table",
              shots=[minimal_shot(number, number - 1.0, float(number), keyframe_asset_id=keyframes[name]["asset_id"])])
    reference = upload_image("PNG", name="coffee", filename="mood.png")
    for name, number in (("coffee", 2), ("astronaut", 1)):
        ref = reference if name == "coffee" else upload_image("PNG", name="astronaut", filename="mood2.png")
        answer = suggest(scene_description="someone sitting at a table", reference_asset_id=ref["asset_id"], limit=2)
        top, second = answer["suggested_shots"]
        assert top["shot_number"] == number
        assert top["score_components"]["visual"]["score"] > second["score_components"]["visual"]["score"]


def test_technical_notes_come_from_the_measured_properties(video, analysed, store, suggest):
    store(video_asset_id=video["asset_id"], shots=analysed, scene_context="An astronaut, coffee and a rocket")
    answer = suggest(scene_description="space mission", limit=10)
    assert answer["total_suggestions"] == len(analysed)
    by_number = {a["shot_id"]: a for a in analysed}
    for suggestion in answer["suggested_shots"]:
        shot = by_number[suggestion["shot_number"]]
        notes = suggestion["technical_notes"]
        key = shot["tone"]["descriptors"]["lighting_key"].split("_")[0]
        assert f"{key.capitalize()}-key lighting (brightness {shot['tone']['descriptors']['brightness']:.2f}" in notes
        assert f"Keyframe quality {shot['technical_quality']:.2f}" in notes
        if shot["movement_type"].startswith("pan"):
            assert f"{abs(shot['motion']['pan']):.3f} frame widths/s" in notes
        if shot["movement_type"] == "static":
            assert "Locked-off camera" in notes
        assert suggestion["thumbnail_url"].startswith("http://testserver/files/")


def test_an_empty_library_suggests_nothing(suggest, media_root):
    answer = suggest(scene_description="anything at all")
    assert answer["suggested_shots"] == [] and answer["total_suggestions"] == 0


@pytest.mark.parametrize("body, field", [
    ({"scene_description": "x", "limit": 0}, "limit"), ({"scene_description": "x", "limit": 51}, "limit"),
    ({"scene_description": "x", "limit": "many"}, "limit"), ({"scene_description": ""}, "scene_description"),
    ({}, "scene_description"), ({"scene_description": "x", "desired_tags": "close_up"}, "desired_tags"),
])
def test_bad_requests_are_validation_errors(suggest, body, field):
    error = suggest(400, **body)["error"]
    assert error["code"] == "VALIDATION_ERROR" and field in error["details"]


def test_a_reference_must_be_a_known_image(library, suggest):
    error = suggest(404, scene_description="x", reference_asset_id=library["asset_id"])["error"]
    assert error["code"] == "ASSET_NOT_FOUND" and error["details"]["required_kind"] == "image"


def test_a_reference_needs_the_model(library, suggest, upload_image, no_model):
    image = upload_image()
    error = suggest(503, scene_description="x", reference_asset_id=image["asset_id"])["error"]
    assert error["code"] == "MODEL_NOT_LOADED"

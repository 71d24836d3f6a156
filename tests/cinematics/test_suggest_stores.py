"""suggest-shots through the stores: the candidates from the shot-text store, the features store
and the indexed tone/genre/tag queries give the answer a scan of every shot gives, on faiss and
on Milvus; the bound makes K grow when the first candidates cannot settle the top."""
from __future__ import annotations

import random

import pytest

from cinematics import suggestion_candidates
from cinematics.documents import Shot
from cinematics.suggestions import shots_suggest
from cinematics.text import text_vectors_refresh
from tests.analysis.conftest import milvus_server, vector_backend  # noqa: F401 - the fixtures

pytestmark = pytest.mark.django_db

WHO = ["two rivals", "a lonely detective", "children", "an old sailor", "a couple", "soldiers"]
DOING = ["argue", "walk slowly", "run", "laugh", "wait in silence", "fight"]
WHERE = ["in a kitchen", "on a beach at dawn", "through a rainy street", "in a crowded market", "on a rooftop"]
TONES = ["tense", "dramatic", "somber", "energetic", "joyful", "calm", "melancholic", "neutral"]
ASKS = [
    {"scene_description": "Heated confrontation between enemies"},
    {"scene_description": "A peaceful morning by the sea", "emotional_tone": "calm", "limit": 10},
    {"scene_description": "Chaotic chase through a bazaar", "emotional_tone": "energetic", "genre_context": "action",
     "desired_tags": ["handheld", "chase"], "limit": 10},
    {"scene_description": "a detective alone at night", "genre_context": "thriller", "limit": 3},
    {"scene_description": "kids having fun", "desired_tags": ["close_up", "hero moment"], "limit": 10},
    {"scene_description": "soldiers waiting", "emotional_tone": "dramatic", "desired_tags": ["wide_shot"], "limit": 1},
]


def _shots(n: int, seed: int = 0, video: str = "video") -> list[Shot]:
    rng = random.Random(seed)
    shots = [Shot(video_asset_id=f"{video}-{i // 50}", shot_number=i % 50 + 1, start_time=0.0, end_time=2.0,
                  duration=2.0, movement_type=rng.choice(["static", "pan_left", "handheld"]),
                  camera_angle=rng.choice(["close_up", "medium_shot", "wide_shot"]), emotional_tone=rng.choice(TONES),
                  genre=rng.choice(["thriller", "drama", "action", "comedy", ""]),
                  tags=rng.sample(["chase", "night", "rain", "crowd", "hero moment", "dialogue"], 2),
                  scene_context=f"{rng.choice(WHO).capitalize()} {rng.choice(DOING)} {rng.choice(WHERE)}")
             for i in range(n)]
    Shot.objects.insert(shots, load_bulk=False)
    stored = list(Shot.objects(video_asset_id__startswith=video))
    text_vectors_refresh(stored)
    return stored


@pytest.fixture
def shot_library(media_root):
    return _shots(300)


def _scan(monkeypatch, **ask) -> dict:
    """The answer of a scan of every shot: K larger than the library from the start."""
    with monkeypatch.context() as patch:
        patch.setattr(suggestion_candidates, "START_K", 10**6)
        return shots_suggest(**ask)


def _unsigned(answer: dict) -> dict:
    """The answer without its signed media links (their signature carries the second it was made)."""
    return {**answer, "suggested_shots": [{k: v for k, v in s.items() if not k.endswith("_url")}
                                          for s in answer["suggested_shots"]]}


def test_suggestions_from_the_stores_equal_the_full_scan_on_both_backends(vector_backend, shot_library, monkeypatch):
    from analysis.search.text_stores import source_store
    from cinematics.shot_texts import SHOT_TEXTS

    for ask in ASKS:
        answer = shots_suggest(**ask)
        assert answer["searched"] == len(shot_library)
        assert answer == _scan(monkeypatch, **ask), ask
    store = source_store(SHOT_TEXTS)
    assert store.backend == vector_backend and store.count() == len(shot_library)


def test_a_low_meaning_shot_with_every_tag_is_found_and_k_grows(vector_backend, shot_library, monkeypatch):
    odd = Shot(video_asset_id="other", shot_number=1, start_time=0.0, end_time=1.0, duration=1.0,
               scene_context="Quarterly tax figures on a spreadsheet", tags=["rare", "unique"], emotional_tone="calm")
    odd.save()
    text_vectors_refresh([odd])
    asked: list[int] = []
    real = suggestion_candidates.source_store

    def spying(source):
        store = real(source)

        class Spy:
            def __getattr__(self, name):
                return getattr(store, name)

            def search(self, query, k=10, **kwargs):
                asked.append(k)
                return store.search(query, k, **kwargs)

        return Spy()

    monkeypatch.setattr(suggestion_candidates, "source_store", spying)
    monkeypatch.setattr(suggestion_candidates, "START_K", 2)
    ask = {"scene_description": "geometric shapes in an abstract painting", "desired_tags": ["rare", "unique"],
           "limit": 8}
    answer = shots_suggest(**ask)
    assert len(asked) > 1 and asked[1] == asked[0] * suggestion_candidates.GROWTH
    top = answer["suggested_shots"][0]
    assert top["shot_id"] == odd.id and top["score_components"]["tags"]["score"] == 1.0
    assert top["score_components"]["meaning"]["score"] < 0.3
    assert answer == _scan(monkeypatch, **ask)

    # The limit-th candidate only ties the bound (the K-th nearest in meaning): a shot outside
    # could tie it too, so K grows before the top is taken as exact.
    asked.clear()
    monkeypatch.setattr(suggestion_candidates, "START_K", 3)
    ask = {"scene_description": "soldiers fight on a rooftop", "limit": 3}
    answer = shots_suggest(**ask)
    assert asked[:2] == [3, 3 * suggestion_candidates.GROWTH]
    assert answer == _scan(monkeypatch, **ask)


def test_a_reference_image_ranks_the_same_as_the_scan(vector_backend, model, media_root, upload_image, monkeypatch):
    shots = _shots(40)
    for shot, name in zip(shots, ("astronaut", "coffee", "chelsea", "rocket")):
        keyframe = upload_image(name=name, filename=f"{name}_key.jpg")
        Shot.objects(id=shot.id).update_one(set__keyframe_asset_id=keyframe["asset_id"])
    reference = upload_image("PNG", name="coffee", filename="mood.png")
    for ask in ({"scene_description": "someone at a table", "limit": 5},
                {"scene_description": "a chase", "emotional_tone": "tense", "desired_tags": ["night"], "limit": 10}):
        answer = shots_suggest(reference_asset_id=reference["asset_id"], **ask)
        assert "visual" in answer["suggested_shots"][0]["score_components"]
        assert _unsigned(answer) == _unsigned(_scan(monkeypatch, reference_asset_id=reference["asset_id"], **ask))


def test_deleting_a_video_removes_its_shots_from_the_store(vector_backend, api, video, store, monkeypatch):
    from analysis.search.text_stores import source_store
    from cinematics.shot_texts import SHOT_TEXTS
    from tests.cinematics.conftest import minimal_shot

    kept = _shots(20, video="kept")
    stored = store(video_asset_id=video["asset_id"], scene_context="A chase at night",
                   shots=[minimal_shot(1, 0.0, 1.0), minimal_shot(2, 1.0, 2.0)])
    assert shots_suggest(scene_description="a night chase", limit=3)["suggested_shots"][0]["shot_id"] in stored["shot_ids"]
    assert api.delete(f"/api/v1/media/{video['asset_id']}").status_code == 200
    texts = source_store(SHOT_TEXTS)
    assert texts.count() == len(kept) and not set(stored["shot_ids"]) & set(texts.ids())
    answer = shots_suggest(scene_description="a night chase", limit=3)
    assert answer["searched"] == len(kept)
    assert _unsigned(answer) == _unsigned(_scan(monkeypatch, scene_description="a night chase", limit=3))

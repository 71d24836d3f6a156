"""Text search through the asset-text store: the same top-10 as a scan of every asset's text
vector, on faiss and on Milvus, in step with text edits and deletions."""
from __future__ import annotations

import numpy as np
import pytest

from analysis.search.documents import TextVector
from assets.documents import Asset

pytestmark = pytest.mark.django_db

NAMES = [
    ("hero_closeup_rainyNight.png", ["noir", "detective"], ""),
    ("IMG_0042.jpg", [], "Sunny beach with palm trees"),
    ("spreadsheet-export.png", ["office"], "quarterly numbers"),
    ("kitten_sofa.jpg", ["cat", "home"], "a kitten asleep on the couch"),
    ("rocket_launch.png", ["space"], "a rocket lifting off at dawn"),
    ("market_chase.jpg", ["action", "crowd"], "a chase through a crowded bazaar"),
    ("wedding_dance.jpg", ["party"], "a couple dancing at their wedding"),
    ("forest_path.png", ["nature"], "a quiet path through a pine forest"),
    ("city_traffic.jpg", ["street"], "cars in a jam at rush hour"),
    ("chef_kitchen.png", ["food"], "a chef tasting soup in a busy kitchen"),
    ("snowy_peak.jpg", ["mountain"], "a snow-covered summit under a blue sky"),
    ("old_sailor.png", ["sea", "portrait"], "an old sailor smoking a pipe on deck"),
]
QUERIES = ["detective in the rain at night", "tropical seaside", "a cat sleeping on a sofa", "space mission",
           "people celebrating", "cooking dinner", "winter landscape", "boats and the ocean"]


def _asset(i: int, filename: str, tags: list[str], description: str) -> Asset:
    return Asset(kind="image", filename=filename, stored_name=f"originals/{i}.png", content_type="image/png",
                 format="PNG", file_size=1000 + i, checksum_sha256=f"{i:064x}", tags=tags,
                 description=description).save()


@pytest.fixture
def texts_library():
    """36 assets: the named ones three times over with a number in the name (near-ties included)."""
    return [_asset(n * len(NAMES) + i, f"{n}_{name}", tags, description)
            for n in range(3) for i, (name, tags, description) in enumerate(NAMES)]


def _search(api, **body) -> tuple[list[tuple[str, float]], int]:
    response = api.post("/api/v1/semantic-search", body, format="json")
    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["mode"] == "text->metadata"
    return [(r["asset_id"], r["score"]) for r in answer["results"]], answer["searched"]


def _scan(query: str, asset_ids: list[str], limit: int) -> list[tuple[str, float]]:
    """What text search answered before the store: every asset's stored text vector times the query."""
    from analysis.engine import text

    rows = {row.id: np.frombuffer(row.vector, dtype="<f4") for row in TextVector.objects(id__in=asset_ids)}
    assert set(rows) == set(asset_ids)
    scores = np.stack([rows[i] for i in asset_ids]) @ text.embed_texts([query])[0]
    order = sorted(range(len(asset_ids)), key=lambda i: (-scores[i], asset_ids[i]))[:limit]
    return [(asset_ids[i], round(float(scores[i]), 6)) for i in order]


def test_text_search_gives_the_scan_s_top_10_on_both_backends(api, vector_backend, texts_library):
    from analysis.search.text_stores import ASSET_TEXTS, source_store

    ids = [a.id for a in texts_library]
    for query in QUERIES:
        results, searched = _search(api, query_text=query, limit=10)
        assert searched == len(ids) and results == _scan(query, ids, 10), query
    scope = ids[::3]
    for query in QUERIES[:3]:
        results, searched = _search(api, query_text=query, limit=5, asset_ids=scope)
        assert searched == len(scope) and results == _scan(query, scope, 5), query
    store = source_store(ASSET_TEXTS)
    assert store.backend == vector_backend and store.count() == len(ids)


def test_an_edited_text_and_a_deleted_asset_reach_the_store(api, vector_backend, texts_library):
    from analysis.search.text_stores import ASSET_TEXTS, source_store
    from assets.services import asset_delete

    _search(api, query_text="anything", limit=3)
    edited = texts_library[4]
    Asset.objects(id=edited.id).update_one(set__description="a snowy mountain summit", set__tags=["winter"])
    ids = [a.id for a in texts_library]
    results, _ = _search(api, query_text="winter landscape", limit=10)
    assert results == _scan("winter landscape", ids, 10) and edited.id in [i for i, _ in results[:4]]

    gone = texts_library[10]
    asset_delete(asset=Asset.objects.get(id=gone.id))
    store = source_store(ASSET_TEXTS)
    assert store.count() == len(ids) - 1 and gone.id not in set(store.ids())
    assert TextVector.objects(id=gone.id).count() == 0
    left = [i for i in ids if i != gone.id]
    results, searched = _search(api, query_text="winter landscape", limit=10)
    assert searched == len(left) and results == _scan("winter landscape", left, 10)


def test_another_process_catches_up_from_the_log(api, settings, texts_library):
    """A second faiss copy (another process) built earlier applies only the logged changes."""
    from analysis.search.text_stores import ASSET_TEXTS, _LocalCopy

    settings.VECTOR_STORE_URL = ""
    _search(api, query_text="anything", limit=3)
    other = _LocalCopy(ASSET_TEXTS)
    assert other.get().count() == len(texts_library)
    Asset.objects(id=texts_library[0].id).update_one(set__tags=["comedy"])
    _search(api, query_text="anything", limit=3)  # this process re-embeds the edited text and logs it
    fresh = np.frombuffer(TextVector.objects.get(id=texts_library[0].id).vector, dtype="<f4")
    assert np.allclose(other.get().get_vectors([texts_library[0].id])[0], fresh, atol=1e-6)

"""Both vector backends give the same answers: faiss in the process, and a Milvus server."""
import numpy as np
import pytest
from django.core.management import call_command

from analysis.engine.index import VectorIndex
from analysis.engine.milvus_store import MilvusStore
from analysis.engine.vector_store import VectorStore, neighbour_pairs, parse_store_url
from tests.analysis.test_index import _clustered

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(milvus_server):
    """The same 2,000 clustered vectors in a faiss index and in a Milvus collection."""
    ids, vecs = _clustered(2000, dim=64, seed=4)
    faiss_store = VectorIndex()
    faiss_store.upsert(ids, vecs)
    milvus_store = MilvusStore.connect(milvus_server.uri, f"engine_{np.random.default_rng().integers(1 << 40)}")
    milvus_store.upsert(ids, vecs)
    yield ids, vecs, faiss_store, milvus_store
    milvus_store.clear()


def _ids(hits):
    return [asset_id for asset_id, _ in hits]


def test_both_backends_are_vector_stores_with_the_same_top_10(pair):
    ids, vecs, faiss_store, milvus_store = pair
    assert isinstance(faiss_store, VectorStore) and isinstance(milvus_store, VectorStore)
    assert faiss_store.count() == milvus_store.count() == 2000
    queries = vecs[::97] + 0.05
    for a, b in zip(faiss_store.search(queries, 10), milvus_store.search(queries, 10)):
        assert _ids(a) == _ids(b)
        assert np.allclose([s for _, s in a], [s for _, s in b], atol=1e-5)


def test_filters_deletions_and_stored_vectors_agree(pair):
    ids, vecs, faiss_store, milvus_store = pair
    allowed = set(ids[100:400])
    for store in (faiss_store, milvus_store):
        assert store.delete([ids[0], ids[1], "never-added"]) == 2
    assert milvus_store.count() == 1998 and ids[0] not in set(milvus_store.ids())
    for query in vecs[:5]:
        a = faiss_store.search(query, 10, restrict_to=allowed, exclude={ids[150]})
        b = milvus_store.search(query, 10, restrict_to=allowed, exclude={ids[150]})
        assert _ids(a) == _ids(b) and set(_ids(b)) <= allowed - {ids[150]}
    assert np.allclose(faiss_store.get_vectors(ids[5:9]), milvus_store.get_vectors(ids[5:9]), atol=1e-6)
    with pytest.raises(KeyError):
        milvus_store.get_vectors([ids[0]])
    on_faiss = neighbour_pairs(faiss_store, 0.9, restrict_to=allowed)
    on_milvus = neighbour_pairs(milvus_store, 0.9, restrict_to=allowed)
    assert on_faiss and [p[:2] for p in on_faiss] == [p[:2] for p in on_milvus]
    assert np.allclose([p[2] for p in on_faiss], [p[2] for p in on_milvus], atol=1e-5)


def test_store_urls():
    assert parse_store_url("").kind == "faiss"
    server = parse_store_url("milvus://vectors.internal:19530?index=IVF_FLAT")
    assert (server.kind, server.uri, server.options["index"]) == ("milvus", "http://vectors.internal:19530", "IVF_FLAT")
    assert parse_store_url("milvus:///srv/data/vectors.db").uri == "/srv/data/vectors.db"
    with pytest.raises(ValueError):
        parse_store_url("redis://localhost")


def _answers(api, library):
    """Every library-wide vector answer a user sees: image search for each asset, near-duplicates, the map."""
    searches = {name: [(r["asset_id"], r["score"]) for r in api.post(
        "/api/v1/semantic-search", {"query_asset_id": asset_id, "limit": 10}, format="json").json()["results"]]
        for name, asset_id in library.items()}
    scoped = api.post("/api/v1/semantic-search", {"query_asset_id": library["astronaut"], "limit": 3,
                                                 "asset_ids": [library[n] for n in ("coffee", "rocket", "chelsea")]},
                      format="json").json()["results"]
    duplicates = api.post("/api/v1/near-duplicates", {"threshold": 0.9}, format="json").json()
    from analysis.search.map_selectors import library_map

    points = {p["asset_id"]: (p["x"], p["y"], p["cluster"]) for p in library_map()["points"]}
    return searches, [r["asset_id"] for r in scoped], sorted(sorted(g["asset_ids"]) for g in duplicates["groups"]), points


@pytest.fixture
def library(model, upload_image):
    names = ("astronaut", "coffee", "chelsea", "rocket")
    assets = {name: upload_image("PNG", name)["asset_id"] for name in names}
    assets["astronaut_copy"] = upload_image("JPEG", "astronaut", quality=92)["asset_id"]
    for name in names:
        assets[f"{name}_small"] = upload_image("PNG", name, size=(160, 120))["asset_id"]
    return assets


def test_every_search_answers_the_same_on_faiss_and_on_milvus(api, library, settings, milvus_server):
    from analysis.search.index import index_forget

    settings.VECTOR_STORE_URL = ""
    on_faiss = _answers(api, library)
    settings.VECTOR_STORE_URL = milvus_server.url()
    index_forget()
    on_milvus = _answers(api, library)

    assert on_faiss[0].keys() == on_milvus[0].keys()
    for name in on_faiss[0]:
        assert [i for i, _ in on_faiss[0][name]] == [i for i, _ in on_milvus[0][name]], name
        assert np.allclose([s for _, s in on_faiss[0][name]], [s for _, s in on_milvus[0][name]], atol=1e-5)
    assert on_faiss[1:3] == on_milvus[1:3]
    assert any({library["astronaut"], library["astronaut_copy"]} <= set(g) for g in on_milvus[2])
    assert on_faiss[3].keys() == on_milvus[3].keys() and len(on_faiss[3]) == len(library)
    for asset_id, (x, y, cluster) in on_faiss[3].items():
        assert on_milvus[3][asset_id] == (pytest.approx(x, abs=1e-4), pytest.approx(y, abs=1e-4), cluster)


def test_deleting_an_asset_removes_its_vector(api, vector_backend, library):
    from analysis.search.index import index_get
    from analysis.features.services import loaded_engine

    api.delete(f"/api/v1/media/{library['astronaut_copy']}")

    body = api.post("/api/v1/semantic-search", {"query_asset_id": library["astronaut"], "limit": 10},
                    format="json").json()
    engine = loaded_engine()
    store = index_get(model=engine.settings.model_name, preprocessing=engine.preprocessing_version)
    assert library["astronaut_copy"] not in [r["asset_id"] for r in body["results"]]
    assert body["searched"] == len(library) - 2
    assert store.backend == vector_backend and store.count() == len(library) - 1
    assert library["astronaut_copy"] not in set(store.ids())


def test_reindex_index_only_to_milvus_migrates(library, settings, milvus_server, capsys):
    from analysis.search.index import index_forget, index_get, stores
    from analysis.features.services import loaded_engine

    call_command("reindex", "--quiet")  # extract the vectors into the documents (and faiss)
    target = milvus_server.url()
    call_command("reindex", "--index-only", "--to", target)
    assert f"Copied {len(library)} vectors to {target}" in capsys.readouterr().out

    settings.VECTOR_STORE_URL = target
    index_forget()
    engine = loaded_engine()
    store = index_get(model=engine.settings.model_name, preprocessing=engine.preprocessing_version)
    assert store.backend == "milvus" and store.count() == len(library)
    assert stores().last_sync["mode"] == "changes"  # migrated: the first search builds nothing


def test_reindex_refuses_an_unknown_store_url():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="milvus://"):
        call_command("reindex", "--index-only", "--to", "elastic://x")

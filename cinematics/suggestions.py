"""suggest-shots: rank the library's shots for a scene description, and say why.

The score is a weighted mean of the components the request asks about (each 0..1):
- meaning: cosine of the sentence embeddings of the description and the shot's text (scene
  context and tags), floored at 0; always present, so words need not be shared;
- tone: 1 for the same emotional tone, 0.5 for a neighbouring one (tense/dramatic...), else 0;
- genre: 1 when the shot's genre (or one of its tags) is the requested genre, else 0;
- tags: the share of desired tags found among the shot's tags, movement, framing, tone, genre;
- visual: cosine of the DINOv3 vectors of the reference image and the shot's keyframe.
Components not asked for are left out of the mean, so the weights of the rest carry it.
`similarity_score` is that mean on the API's 0-100 scale.
"""
from __future__ import annotations

from assets.selectors import asset_get

from .documents import Shot
from .notes import technical_notes
from .selectors import LIST_EXCLUDE, clean_label, shot_links
from .suggestion_candidates import shots_scored
from .text import embed

# The description's meaning leads; the explicit asks (tone, tags) weigh enough to reorder shots
# of similar meaning, not to lift an unrelated shot over a fitting one. A reference image is a
# strong, explicit ask, so it weighs nearly as much as the description.
WEIGHTS = {"meaning": 0.5, "tone": 0.2, "genre": 0.1, "tags": 0.2, "visual": 0.4}
# Tones a director would accept for one another (video/engine/tone.py's labels).
NEIGHBOUR_TONES = [{"tense", "dramatic", "somber"}, {"energetic", "joyful"}, {"calm", "neutral"},
                   {"melancholic", "somber"}]


def tone_agreement(wanted: str, tone: str) -> float:
    if wanted == tone:
        return 1.0
    return 0.5 if any(wanted in group and tone in group for group in NEIGHBOUR_TONES) else 0.0


def _facets(row: dict) -> set[str]:
    """What desired tags match: the tags (spelt like labels: "hero moment" is hero_moment) and the labels."""
    return {*(clean_label(t) for t in row.get("tags", [])),
            *(row.get(k) or "" for k in ("movement_type", "camera_angle", "emotional_tone", "genre"))} - {""}


def _explain(parts: dict[str, dict], wanted: dict) -> str:
    lead = max(parts, key=lambda name: parts[name]["contribution"])
    phrases = {
        "meaning": f"meaning {parts['meaning']['score']:.2f}",
        "tone": f"tone {'matches' if parts.get('tone', {}).get('score') == 1 else 'is close to' if parts.get('tone', {}).get('score') else 'differs from'} {wanted.get('tone')}",
        "genre": f"genre {'matches' if parts.get('genre', {}).get('score') else 'differs from'} {wanted.get('genre')}",
        "tags": f"{parts.get('tags', {}).get('matched', 0)}/{len(wanted.get('tags') or [])} desired tags",
        "visual": f"looks {parts.get('visual', {}).get('score', 0):.2f} like the reference",
    }
    return f"Led by {lead}; " + ", ".join(phrases[name] for name in parts) + "."


def _score(row: dict, meaning: float, visual: float | None, wanted: dict) -> tuple[float, dict, float]:
    """One shot's score, its components and their total weight."""
    parts = {"meaning": {"score": max(0.0, float(meaning))}}
    if wanted["tone"]:
        parts["tone"] = {"score": tone_agreement(wanted["tone"], row.get("emotional_tone", ""))}
    if wanted["genre"]:
        genres = {row.get("genre"), *(clean_label(t) for t in row.get("tags", []))}
        parts["genre"] = {"score": float(wanted["genre"] in genres)}
    if wanted["tags"]:
        matched = sorted(set(wanted["tags"]) & _facets(row))
        parts["tags"] = {"score": len(matched) / len(set(wanted["tags"])), "matched": len(matched),
                         "matched_tags": matched}
    if visual is not None:
        parts["visual"] = {"score": visual}
    total_weight = sum(WEIGHTS[name] for name in parts)
    return sum(part["score"] * WEIGHTS[name] for name, part in parts.items()) / total_weight, parts, total_weight


def shots_suggest(*, scene_description: str, emotional_tone: str | None = None, genre_context: str | None = None,
                  desired_tags: list[str] | None = None, limit: int = 5, reference_asset_id: str | None = None) -> dict:
    reference = None
    if reference_asset_id:
        reference = asset_get(asset_id=reference_asset_id, kind="image", field="reference_asset_id")
    query = embed([scene_description])[0]
    wanted = {"tone": clean_label(emotional_tone) or None, "genre": clean_label(genre_context) or None,
              "tags": [clean_label(t) for t in desired_tags or [] if clean_label(t)]}
    answer = {"scene_description": scene_description, "searched": Shot.objects.count(),
              "weights": {k: v for k, v in WEIGHTS.items()
                          if k == "meaning" or (k == "visual" and reference) or wanted.get(k)}}
    if not answer["searched"]:
        return {**answer, "suggested_shots": [], "total_suggestions": 0}
    tones = {wanted["tone"], *(t for group in NEIGHBOUR_TONES if wanted["tone"] in group for t in group)} - {None}
    rows, scored = shots_scored(query=query, tones=tones, genre=wanted["genre"], tags=wanted["tags"],
                                reference=reference, limit=limit,
                                score=lambda row, meaning, visual: _score(row, meaning, visual, wanted))
    top = scored[:limit]
    shots = {s.id: s for s in Shot.objects(id__in=[rows[i]["_id"] for *_, i, _, _ in top]).exclude(*LIST_EXCLUDE)}
    links = shot_links(list(shots.values()))
    suggestions = []
    for rank, (score, _, _, i, parts, total_weight) in enumerate(top, 1):
        shot = shots[rows[i]["_id"]]
        for name, part in parts.items():
            part["score"] = round(part["score"], 4)
            part["weight"] = round(WEIGHTS[name] / total_weight, 4)
            part["contribution"] = round(part["score"] * part["weight"], 4)
        suggestions.append({
            "rank": rank, "shot_id": shot.id, "video_asset_id": shot.video_asset_id, "shot_number": shot.shot_number,
            "start_time": shot.start_time, "end_time": shot.end_time, "duration": shot.duration,
            "movement_type": shot.movement_type, "camera_angle": shot.camera_angle,
            "emotional_tone": shot.emotional_tone, "genre": shot.genre,
            "similarity_score": round(max(0.0, score) * 100, 2), "tags": list(shot.tags),
            "scene_context": shot.scene_context, "technical_notes": technical_notes(shot),
            "score_components": parts, "explanation": _explain(parts, wanted),
            "keyframe_asset_id": shot.keyframe_asset_id, **links[shot.id],
        })
    return {**answer, "suggested_shots": suggestions, "total_suggestions": len(suggestions)}

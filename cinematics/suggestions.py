"""suggest-shots: rank the library's shots for a scene description, and say why.

The score is a weighted mean of the components the request asks about (each 0..1):
- meaning: cosine of the sentence embeddings of the description and the shot's text (scene
  context and tags), floored at 0; always present, so words need not be shared;
- tone: 1 for the same emotional tone, 0.5 for a neighbouring one (tense/dramatic...), else 0;
- genre: 1 when the shot's genre (or one of its tags) is the requested genre, else 0;
- tags: the share of desired tags found among the shot's tags, movement, framing, tone, genre;
- visual: cosine of the DINOv3 vectors of the reference image and the shot's keyframe.
Components not asked for are left out of the mean, so the weights of the rest carry it.
`similarity_score` is that mean on the contract's 0-100 scale.
"""
from __future__ import annotations

import numpy as np

from analysis.services import features_for, loaded_engine
from assets.selectors import asset_get

from .documents import Shot
from .notes import technical_notes
from .selectors import shot_links
from .services import clean_label, keyframe_vectors_complete
from .text import embed, text_vectors_refresh

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


def _facets(shot: Shot) -> set[str]:
    return {*shot.tags, shot.movement_type, shot.camera_angle, shot.emotional_tone, shot.genre} - {""}


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


def shots_suggest(*, scene_description: str, emotional_tone: str | None = None, genre_context: str | None = None,
                  desired_tags: list[str] | None = None, limit: int = 5, reference_asset_id: str | None = None) -> dict:
    reference = None
    if reference_asset_id:
        reference = asset_get(asset_id=reference_asset_id, kind="image", field="reference_asset_id")
    shots = list(Shot.objects.all())
    wanted = {"tone": clean_label(emotional_tone) or None, "genre": clean_label(genre_context) or None,
              "tags": [clean_label(t) for t in desired_tags or [] if clean_label(t)]}
    answer = {"scene_description": scene_description, "searched": len(shots),
              "weights": {k: v for k, v in WEIGHTS.items()
                          if k == "meaning" or (k == "visual" and reference) or wanted.get(k)}}
    if not shots:
        return {**answer, "suggested_shots": [], "total_suggestions": 0}
    text_vectors_refresh(shots)
    meaning = np.stack([s.text_array() for s in shots]) @ embed([scene_description])[0]
    visual = _visual_scores(reference, shots) if reference else None
    scored = []
    for i, shot in enumerate(shots):
        parts = {"meaning": {"score": max(0.0, float(meaning[i]))}}
        if wanted["tone"]:
            parts["tone"] = {"score": tone_agreement(wanted["tone"], shot.emotional_tone)}
        if wanted["genre"]:
            parts["genre"] = {"score": float(wanted["genre"] == shot.genre or wanted["genre"] in shot.tags)}
        if wanted["tags"]:
            matched = sorted(set(wanted["tags"]) & _facets(shot))
            parts["tags"] = {"score": len(matched) / len(set(wanted["tags"])), "matched": len(matched),
                             "matched_tags": matched}
        if visual is not None:
            parts["visual"] = {"score": visual[i]}
        total_weight = sum(WEIGHTS[name] for name in parts)
        for name, part in parts.items():
            part["score"] = round(part["score"], 4)
            part["weight"] = round(WEIGHTS[name] / total_weight, 4)
            part["contribution"] = round(part["score"] * part["weight"], 4)
        scored.append((sum(p["contribution"] for p in parts.values()), i, parts))
    scored.sort(key=lambda row: (-row[0], shots[row[1]].video_asset_id, shots[row[1]].shot_number))
    top = scored[:limit]
    links = shot_links([shots[i] for _, i, _ in top])
    suggestions = []
    for rank, (score, i, parts) in enumerate(top, 1):
        shot = shots[i]
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


def _visual_scores(reference, shots: list[Shot]) -> list[float]:
    """Cosine of the reference to each keyframe (0 for shots without a keyframe vector)."""
    engine = loaded_engine()
    model, preprocessing = engine.settings.model_name, engine.preprocessing_version
    query = features_for(assets=[reference])[reference.id]
    keyframe_vectors_complete(shots, model=model, preprocessing=preprocessing)
    scores = []
    for shot in shots:
        vector = shot.keyframe_array(model=model, preprocessing=preprocessing)
        scores.append(max(0.0, float(vector @ query)) if vector is not None else 0.0)
    return scores

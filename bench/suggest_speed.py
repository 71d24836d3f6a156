"""suggest-shots latency against library size, on the embedded document store (the default).

Builds N shots over a few videos with scene contexts drawn from templates (sentence vectors
made once, in bulk, as store-shot-data does), then times shots_suggest for several scene
descriptions with tone, genre and tags asked, and for descriptions alone. The sentence model
is warmed up first. Each request runs twice: through the stores (the shot-text store's top-K
and the indexed tone/genre/tag matches, cinematics/suggestion_candidates.py) and as a scan of
every shot (K larger than the library, which is what suggest-shots did before the stores).

Writes bench/results/suggest_speed.json (results in BENCHMARKS.md). Run:
    python bench/suggest_speed.py                 # 1,000 and 5,000 shots
    python bench/suggest_speed.py --sizes 20000
    python bench/suggest_speed.py --sizes 10000 100000 --bulk --out bench/results/suggest_speed_stores.json
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="suggest-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dinov3site.settings.local")

import django  # noqa: E402

django.setup()

from analysis.search.text_stores import text_stores_forget  # noqa: E402
from cinematics import suggestion_candidates  # noqa: E402
from cinematics.documents import Shot  # noqa: E402
from cinematics.suggestions import shots_suggest  # noqa: E402
from cinematics.text import embed, shot_text, text_hash, text_vectors_refresh  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "suggest_speed.json"
WHO = ["two rivals", "a lonely detective", "children", "an old sailor", "a couple", "soldiers", "a chef", "a dancer"]
DOING = ["argue", "walk slowly", "run", "laugh", "wait in silence", "fight", "cook", "celebrate"]
WHERE = ["in a kitchen", "on a beach at dawn", "through a rainy street", "in a crowded market", "on a rooftop",
         "in a forest", "inside a moving train", "in an empty church"]
TONES = ["tense", "dramatic", "somber", "energetic", "joyful", "calm", "melancholic", "neutral"]
MOVES = ["static", "pan_left", "pan_right", "tilt_up", "zoom_in", "handheld"]
QUERIES = [("Heated confrontation between enemies", "tense", "thriller", ["close_up"]),
           ("A peaceful morning by the sea", "calm", "drama", ["wide_shot"]),
           ("Chaotic chase through a bazaar", "energetic", "action", ["handheld", "chase"])]


def build(n: int, rng: random.Random, *, bulk: bool = False) -> float:
    Shot.drop_collection()
    Shot.ensure_indexes()
    text_stores_forget()
    shots = []
    for i in range(n):
        shots.append(Shot(video_asset_id=f"video-{i // 200}", shot_number=i % 200 + 1, start_time=i % 200 * 2.0,
                          end_time=i % 200 * 2.0 + 2.0, duration=2.0, movement_type=rng.choice(MOVES),
                          camera_angle=rng.choice(["close_up", "medium_shot", "wide_shot"]),
                          emotional_tone=rng.choice(TONES), genre=rng.choice(["thriller", "drama", "action", "comedy"]),
                          tags=rng.sample(["chase", "night", "rain", "crowd", "dialogue", "hero"], 2),
                          scene_context=f"{rng.choice(WHO).capitalize()} {rng.choice(DOING)} {rng.choice(WHERE)}"))
    started = time.perf_counter()
    if bulk:  # the vectors written with the shots (one embedding per distinct text), not one update each
        texts = [shot_text(scene_context=s.scene_context, tags=s.tags) for s in shots]
        unique = sorted(set(texts))
        vectors = dict(zip(unique, embed(unique)))
        for shot, text in zip(shots, texts):
            shot.text_vector, shot.text_hash = vectors[text].astype("<f4").tobytes(), text_hash(text)
        for start in range(0, n, 5000):
            Shot.objects.insert(shots[start:start + 5000], load_bulk=False)
        return time.perf_counter() - started
    Shot.objects.insert(shots, load_bulk=False)
    started = time.perf_counter()
    text_vectors_refresh(list(Shot.objects.all()))
    return time.perf_counter() - started


def timed(asks: list[dict], repeats: int, n: int, *, scan: bool) -> list[float]:
    suggestion_candidates.START_K = 10**9 if scan else START_K
    times = []
    for _ in range(repeats):
        for ask in asks:
            started = time.perf_counter()
            answer = shots_suggest(limit=10, **ask)
            times.append(time.perf_counter() - started)
            assert answer["searched"] == n
    suggestion_candidates.START_K = START_K
    return sorted(times)


START_K = suggestion_candidates.START_K


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--bulk", action="store_true", help="write the text vectors with the shots")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    embed(["warm up"])
    rng = random.Random(0)
    asked = [{"scene_description": text, "emotional_tone": tone, "genre_context": genre, "desired_tags": tags}
             for text, tone, genre, tags in QUERIES]
    described = [{"scene_description": text} for text, *_ in QUERIES]
    rows = []
    for n in args.sizes:
        embed_s = build(n, rng, bulk=args.bulk)
        started = time.perf_counter()
        first = shots_suggest(limit=10, **described[0])  # builds the shot-text store from the documents
        store_build_s = time.perf_counter() - started
        row = {"shots": n, "embed_all_s": round(embed_s, 2), "first_call_with_store_build_s": round(store_build_s, 2)}
        for name, asks in (("asked", asked), ("described", described)):
            for path, scan in (("store", False), ("scan", True)):
                times = timed(asks, args.repeats, n, scan=scan)
                row[f"{name}_{path}_median_s"] = round(times[len(times) // 2], 4)
                row[f"{name}_{path}_max_s"] = round(times[-1], 4)
            store_answers = [shots_suggest(limit=10, **ask) for ask in asks]
            suggestion_candidates.START_K = 10**9
            assert store_answers == [shots_suggest(limit=10, **ask) for ask in asks], "store and scan disagree"
            suggestion_candidates.START_K = START_K
        assert first["total_suggestions"] == 10
        rows.append(row)
        print(rows[-1], flush=True)
    args.out.parent.mkdir(exist_ok=True)
    args.out.write_text(json.dumps({"machine": platform.processor() or platform.machine(), "cpus": os.cpu_count(),
                                   "load_average": open("/proc/loadavg").read().split()[:3],
                                   "store": "mongodb" if os.environ.get("MONGODB_URL") else "embedded (litemongo)", "vector_store": "faiss (VECTOR_STORE_URL empty)",
                                   "results": rows}, indent=2))


if __name__ == "__main__":
    main()

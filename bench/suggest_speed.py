"""suggest-shots latency against library size, on the embedded document store (the default).

Builds N shots over a few videos with scene contexts drawn from templates (sentence vectors
made once, in bulk, as store-shot-data does), then times shots_suggest for several scene
descriptions with tone, genre and tags asked. The sentence model is warmed up first.

Writes bench/results/suggest_speed.json (results in BENCHMARKS.md). Run:
    python bench/suggest_speed.py                 # 1,000 and 5,000 shots
    python bench/suggest_speed.py --sizes 20000
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

from cinematics.documents import Shot  # noqa: E402
from cinematics.suggestions import shots_suggest  # noqa: E402
from cinematics.text import embed, text_vectors_refresh  # noqa: E402

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


def build(n: int, rng: random.Random) -> float:
    Shot.drop_collection()
    shots = []
    for i in range(n):
        shots.append(Shot(video_asset_id=f"video-{i // 200}", shot_number=i % 200 + 1, start_time=i % 200 * 2.0,
                          end_time=i % 200 * 2.0 + 2.0, duration=2.0, movement_type=rng.choice(MOVES),
                          camera_angle=rng.choice(["close_up", "medium_shot", "wide_shot"]),
                          emotional_tone=rng.choice(TONES), genre=rng.choice(["thriller", "drama", "action", "comedy"]),
                          tags=rng.sample(["chase", "night", "rain", "crowd", "dialogue", "hero"], 2),
                          scene_context=f"{rng.choice(WHO).capitalize()} {rng.choice(DOING)} {rng.choice(WHERE)}"))
    Shot.objects.insert(shots, load_bulk=False)
    started = time.perf_counter()
    text_vectors_refresh(list(Shot.objects.all()))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    embed(["warm up"])
    rng = random.Random(0)
    rows = []
    for n in args.sizes:
        embed_s = build(n, rng)
        times = []
        for _ in range(args.repeats):
            for text, tone, genre, tags in QUERIES:
                started = time.perf_counter()
                answer = shots_suggest(scene_description=text, emotional_tone=tone, genre_context=genre,
                                       desired_tags=tags, limit=10)
                times.append(time.perf_counter() - started)
                assert answer["searched"] == n
        times.sort()
        rows.append({"shots": n, "embed_all_s": round(embed_s, 2), "suggest_median_s": round(times[len(times) // 2], 4),
                     "suggest_max_s": round(times[-1], 4)})
        print(rows[-1], flush=True)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"machine": platform.processor() or platform.machine(), "cpus": os.cpu_count(),
                                   "store": "embedded (litemongo)", "results": rows}, indent=2))


if __name__ == "__main__":
    main()

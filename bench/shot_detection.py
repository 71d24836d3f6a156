"""Benchmark: our shot detection against PySceneDetect on generated footage with known truth.

Runs, in one go and on the same files:
  - ours: video.engine.analyze.analyze_video (the whole analysis: boundaries, motion, framing,
    tone, keyframes; boundaries are scored, movement labels too);
  - PySceneDetect 0.7.2 ContentDetector and AdaptiveDetector at their defaults (and its
    ThresholdDetector, the one it offers for fades, for reference).
Footage (video/engine/synthetic.py, from scikit-image's photos): three 320x240 25 fps sets whose
boundaries are only cuts, only fades through black, or only dissolves; a "slow moves" set of
90 s videos whose long shots (10-30 s) hold one slow pan, tilt, zoom or lighting change, with
photo flashes and whip pans inside shots (none of which is a boundary) between ordinary shots
joined by all three transitions; and a 1080p 30 fps clip of more than 60 s mixing all three.

Two ways of counting a boundary as found, both reported for every detector:
  - strict: within 2 frames of the true boundary frame (for a dissolve, its first frame that is
    at least half the new shot; for a fade, the middle of the black hold);
  - span (how TRECVID scores gradual transitions): anywhere within the transition's frames, from
    the first mixed or darkened frame to the last, give or take 2 frames. For a cut both agree.

    .venv/bin/python bench/shot_detection.py [--quick]

writes bench/results/shot_detection.json. The DINOv3 cost per keyframe is measured on a randomly
initialised ViT-S/16 of DINOv3's architecture (same compute as the real weights, which this
machine cannot download).
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from video.engine.analyze import analyze_video  # noqa: E402
from video.engine.synthetic import MOVEMENTS, random_script, slow_moves_script, write_video  # noqa: E402

TOLERANCE = 2  # frames
SETS = {"cuts": ("cut",), "fades": ("fade",), "dissolves": ("dissolve",), "slow_moves": ("cut", "fade", "dissolve")}
GRADUAL_GOAL = 0.97  # precision and recall on fades and dissolves, span rule


def match(truth: list[int], found: list[int], tolerance: int = TOLERANCE) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives), one-to-one, nearest first."""
    unmatched = sorted(found)
    tp = 0
    for frame in sorted(truth):
        best = min(unmatched, key=lambda f: abs(f - frame), default=None)
        if best is not None and abs(best - frame) <= tolerance:
            unmatched.remove(best)
            tp += 1
    return tp, len(unmatched), len(truth) - tp


def match_spans(spans: list[tuple[int, int]], found: list[int], tolerance: int = TOLERANCE) -> tuple[int, int, int]:
    """Like `match`, but a found frame anywhere in a transition's span (+- tolerance) finds it."""
    unmatched = sorted(found)
    tp = 0
    for lo, hi in sorted(spans):
        inside = [f for f in unmatched if lo - tolerance <= f <= hi + tolerance]
        if inside:
            unmatched.remove(min(inside, key=lambda f: abs(f - (lo + hi) / 2)))
            tp += 1
    return tp, len(unmatched), len(spans) - tp


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4), "tp": tp, "fp": fp, "fn": fn}


CPU: dict[str, float] = {}  # process CPU seconds per detector: wall time depends on the machine's load


def run_ours(path: str) -> tuple[list[int], object, float]:
    started, cpu = time.perf_counter(), time.process_time()
    analysis = analyze_video(path)
    CPU["ours"] = CPU.get("ours", 0.0) + time.process_time() - cpu
    return [b.frame for b in analysis.boundaries], analysis, time.perf_counter() - started


def run_scenedetect(path: str, name: str) -> tuple[list[int], float]:
    from scenedetect import AdaptiveDetector, ContentDetector, ThresholdDetector, detect

    detector = {"content": ContentDetector, "adaptive": AdaptiveDetector, "threshold": ThresholdDetector}[name]()
    started, cpu = time.perf_counter(), time.process_time()
    scenes = detect(path, detector)
    elapsed = time.perf_counter() - started
    CPU[name] = CPU.get(name, 0.0) + time.process_time() - cpu
    return [start.frame_num for start, _ in scenes[1:]], elapsed


def movement_hits(truth, analysis) -> tuple[int, int, dict]:
    """For each true shot, the analysed shot overlapping it most: is its movement right?"""
    hits, confusion = 0, {}
    for shot in truth.shots:
        def overlap(s):
            return min(s.end_frame, shot.end_frame) - max(s.start_frame, shot.start_frame)
        best = max(analysis.shots, key=overlap)
        hits += best.movement_type == shot.movement_type
        key = f"{shot.movement_type}->{best.movement_type}"
        confusion[key] = confusion.get(key, 0) + 1
    return hits, len(truth.shots), confusion


def model_cost(keyframes: int = 8) -> dict:
    """Seconds per keyframe for DINOv3 ViT-S/16 features on this CPU (random weights)."""
    try:
        import torch
        from transformers import DINOv3ViTConfig, DINOv3ViTModel
    except Exception as exc:  # the benchmark still reports the rest
        return {"error": str(exc)}
    config = DINOv3ViTConfig(hidden_size=384, num_hidden_layers=12, num_attention_heads=6, intermediate_size=1536,
                             patch_size=16, num_register_tokens=4)
    model = DINOv3ViTModel(config).eval()
    batch = torch.randn(keyframes, 3, 224, 224)
    with torch.inference_mode():
        model(pixel_values=batch[:1])
        started = time.perf_counter()
        model(pixel_values=batch)
        elapsed = time.perf_counter() - started
    return {"architecture": "DINOv3 ViT-S/16 (random init), 224x224", "batch": keyframes,
            "seconds_per_keyframe": round(elapsed / keyframes, 4), "torch_threads": torch.get_num_threads()}


LOAD_AT_START = __import__("os").getloadavg()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer videos and a 20 s HD clip (a smoke run)")
    parser.add_argument("--videos", type=int, default=4, help="videos per generated set")
    args = parser.parse_args()
    videos = 1 if args.quick else args.videos
    hd_seconds = 20 if args.quick else 62
    detectors = ["ours", "content", "adaptive", "threshold"]
    results: dict = {"tolerance_frames": TOLERANCE, "machine": {"python": platform.python_version(),
                                                                "cpus": __import__("os").cpu_count()}}
    move_hits = move_total = 0
    confusion: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        for set_name, transitions in SETS.items():
            counts = {d: [0, 0, 0] for d in detectors}
            span_counts = {d: [0, 0, 0] for d in detectors}
            timing = {d: 0.0 for d in detectors}
            frames = 0
            type_hits = 0
            for k in range(videos):
                seed = list(SETS).index(set_name) * 100 + k
                rng = random.Random(seed)
                if set_name == "slow_moves":
                    script = slow_moves_script(rng, fps=25, seconds=90.0 if not args.quick else 40.0)
                else:
                    script = random_script(rng, shots=8, fps=25, transitions=transitions, movements=MOVEMENTS)
                truth = write_video(Path(tmp) / f"{set_name}{k}.mp4", script, size=(320, 240), fps=25, seed=seed)
                true_frames = [f for f, _ in truth.boundaries]
                frames += truth.frame_count
                found, analysis, elapsed = run_ours(truth.path)
                timing["ours"] += elapsed
                for i, v in enumerate(match(true_frames, found)):
                    counts["ours"][i] += v
                for i, v in enumerate(match_spans(truth.spans, found)):
                    span_counts["ours"][i] += v
                type_hits += sum(1 for b in analysis.boundaries
                                 if any(abs(b.frame - f) <= TOLERANCE and b.kind == t for f, t in truth.boundaries))
                if set_name != "slow_moves":  # movement labels are scored on the short-shot sets
                    h, n, conf = movement_hits(truth, analysis)
                    move_hits, move_total = move_hits + h, move_total + n
                    for key, v in conf.items():
                        confusion[key] = confusion.get(key, 0) + v
                for name in detectors[1:]:
                    found, elapsed = run_scenedetect(truth.path, name)
                    timing[name] += elapsed
                    for i, v in enumerate(match(true_frames, found)):
                        counts[name][i] += v
                    for i, v in enumerate(match_spans(truth.spans, found)):
                        span_counts[name][i] += v
            results[f"generated_{set_name}"] = {
                "videos": videos, "frames": frames, "boundaries": counts["ours"][0] + counts["ours"][2],
                "ours_type_accuracy": round(type_hits / max(1, counts["ours"][0]), 4),
                "seconds_of_video": round(frames / 25.0, 1),
                "detectors": {d: {**prf(*counts[d]), "span": prf(*span_counts[d]), "fps": round(frames / timing[d], 1)}
                              for d in detectors}}
            print(set_name, json.dumps(results[f"generated_{set_name}"]["detectors"]), flush=True)
        results["movement_accuracy_generated"] = {"accuracy": round(move_hits / move_total, 4), "shots": move_total,
                                                  "confusion": dict(sorted(confusion.items()))}
        print("movement", results["movement_accuracy_generated"], flush=True)

        # The HD clip: cuts, fades and dissolves mixed, every movement, 1080p at 30 fps.
        rng = random.Random(2024)
        script = random_script(rng, shots=int(hd_seconds / 2.6) + 1, fps=30, min_s=2.0, max_s=3.2)
        started = time.perf_counter()
        truth = write_video(Path(tmp) / "hd.mp4", script, size=(1920, 1080), fps=30, seed=7)
        generation = time.perf_counter() - started
        duration = truth.frame_count / truth.fps
        true_frames = [f for f, _ in truth.boundaries]
        hd: dict = {"width": 1920, "height": 1080, "fps": 30, "frames": truth.frame_count, "duration_s": duration,
                    "boundaries": len(true_frames), "generation_s": round(generation, 1), "detectors": {}}
        CPU.clear()
        found, analysis, elapsed = run_ours(truth.path)
        h, n, _ = movement_hits(truth, analysis)
        hd["detectors"]["ours"] = {**prf(*match(true_frames, found)), "span": prf(*match_spans(truth.spans, found)), "fps": round(truth.frame_count / elapsed, 1),
                                   "seconds": round(elapsed, 2), "realtime_factor": round(duration / elapsed, 2),
                                   "cpu_seconds": round(CPU["ours"], 2),
                                   "movement_accuracy": round(h / n, 4), "shots_found": analysis.total_shots}
        for name in detectors[1:]:
            found, elapsed = run_scenedetect(truth.path, name)
            hd["detectors"][name] = {**prf(*match(true_frames, found)), "span": prf(*match_spans(truth.spans, found)), "fps": round(truth.frame_count / elapsed, 1),
                                     "seconds": round(elapsed, 2), "cpu_seconds": round(CPU[name], 2),
                                     "realtime_factor": round(duration / elapsed, 2)}
        model = model_cost()
        if "seconds_per_keyframe" in model:
            extra = model["seconds_per_keyframe"] * analysis.total_shots
            model["extra_seconds_for_hd_clip"] = round(extra, 2)
            model["realtime_factor_with_model"] = round(duration / (hd["detectors"]["ours"]["seconds"] + extra), 2)
        hd["model_cost"] = model
        results["hd_1080p30"] = hd
        print("hd", json.dumps(hd), flush=True)
    gradual = {}
    for d in detectors:
        tp, fp, fn = (sum(results[f"generated_{k}"]["detectors"][d]["span"][x] for k in ("fades", "dissolves"))
                      for x in ("tp", "fp", "fn"))
        gradual[d] = prf(tp, fp, fn)
    gradual["goal_met_ours"] = gradual["ours"]["precision"] > GRADUAL_GOAL and gradual["ours"]["recall"] > GRADUAL_GOAL
    results["gradual_transitions_span"] = gradual
    results["load_average_at_start"] = LOAD_AT_START
    results["load_average_at_end"] = __import__("os").getloadavg()
    out = ROOT / "bench" / "results" / "shot_detection.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()

"""The whole `manage.py reindex` path against the bare model forward, in one run.

Builds a ViT-S/16 (or ViT-B/16) checkpoint with random weights (speed does not depend on the
weights), imports N JPEG photos of mixed sizes (crops of the photos scikit-image and
scikit-learn ship, long side 256-4000 px) into a fresh embedded data directory, then times, for
each backend, alternately:

- bare: the engine's forward on ready tensors at the reindex batch size (images/s);
- reindex: `manage.py reindex --all` over the library: read from storage, decode, preprocess,
  forward, store the vector in the document store, cache and vector index (images/s), less the
  startup that every run pays once (process start, Django setup, model load), timed in the
  same round by a process that only loads the model.

Writes bench/results/reindex_speed.json; prints a markdown table.

    .venv/bin/python bench/reindex_speed.py [--photos 200] [--arch vits16] [--backends eager,bf16]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "reindex_speed.json"


def sample_photos() -> list[np.ndarray]:
    from skimage import data as sk
    from sklearn.datasets import load_sample_images

    names = ["astronaut", "coffee", "chelsea", "rocket", "hubble_deep_field", "immunohistochemistry", "camera"]
    photos = [getattr(sk, name)() for name in names]
    photos += list(load_sample_images().images)
    return [p if p.ndim == 3 else np.stack([p] * 3, axis=-1) for p in photos]


def write_photos(folder: Path, count: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    photos = sample_photos()
    folder.mkdir(parents=True)
    for index in range(count):
        source = Image.fromarray(photos[index % len(photos)][..., :3])
        w, h = source.size
        cw, ch = rng.randint(w // 2, w), rng.randint(h // 2, h)
        x, y = rng.randint(0, w - cw), rng.randint(0, h - ch)
        crop = source.crop((x, y, x + cw, y + ch))
        side = rng.randint(256, 4000)
        scale = side / max(crop.size)
        crop = crop.resize((max(1, int(crop.width * scale)), max(1, int(crop.height * scale))), Image.BICUBIC)
        crop.save(folder / f"photo_{index:04d}.jpg", quality=90)


def manage(env: dict, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def bare_forward(model_dir: Path, backend: str, batch: int, rounds: int) -> float:
    """Images/s of the bare forward at ``batch`` (model loaded once, first call not counted)."""
    code = f"""
import time, numpy as np
from analysis.engine import EngineSettings, get_engine
engine = get_engine(EngineSettings(model_name={str(model_dir)!r}, device="cpu", backend={backend!r}, batch_size={batch}))
engine.load()
pixels = np.random.default_rng(0).standard_normal((int({batch}), 3, 224, 224)).astype("float32")
engine._run(pixels)
times = []
for _ in range({rounds}):
    t = time.perf_counter(); engine._run(pixels); times.append(time.perf_counter() - t)
print({batch} / sorted(times)[len(times) // 2])
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--arch", choices=["vits16", "vitb16"], default="vits16")
    parser.add_argument("--backends", default="eager,bf16")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from analysis.engine.testing import VITB16, VITS16, build_checkpoint

    work = Path(tempfile.mkdtemp(prefix="reindex-bench-"))
    model_dir = build_checkpoint(work / "model", **(VITS16 if args.arch == "vits16" else VITB16))
    write_photos(work / "photos", args.photos)
    results = []
    for backend in args.backends.split(","):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dinov3site.settings.local", "DATA_DIR": str(work / "data"),
               "DINOV3_MODEL_NAME": str(model_dir), "DINOV3_DEVICE": "cpu", "DINOV3_BACKEND": backend,
               "DINOV3_BATCH_SIZE": str(args.batch)}
        if not (work / "data").exists():
            manage(env, "migrate", "--noinput")
            manage(env, "import_media", str(work / "photos"), "--quiet")
        bare, whole, startup = [], [], []
        for _ in range(args.rounds):  # alternate, so load on the machine hits all alike
            bare.append(bare_forward(model_dir, backend, args.batch, rounds=3))
            # What every reindex pays before its first image: process start, Django, model load.
            startup.append(manage(env, "shell", "-c", "from analysis.features.services import loaded_engine; loaded_engine()"))
            seconds = manage(env, "reindex", "--all", "--quiet", "--batch-size", str(args.batch))
            whole.append(args.photos / max(seconds - startup[-1], 1e-3))
        row = {"arch": args.arch, "backend": backend, "photos": args.photos, "batch": args.batch,
               "bare_images_per_s": round(statistics.median(bare), 2),
               "reindex_images_per_s": round(statistics.median(whole), 2),
               "startup_s": round(statistics.median(startup), 2)}
        row["ratio"] = round(row["reindex_images_per_s"] / row["bare_images_per_s"], 3)
        results.append(row)
        print(row, flush=True)
    # One entry per architecture: a run for ViT-B/16 keeps the last ViT-S/16 figures, and vice versa.
    payload = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    runs = payload.get("runs", {})
    runs[args.arch] = {"machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg()}, "results": results}
    payload = {"runs": runs, "note": "reindex images/s leave out startup_s (process start, Django setup, model "
                                     "load), measured in the same round by a process that only loads the model"}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(payload, indent=2))
    print("\n| arch | backend | bare forward (img/s) | whole reindex (img/s) | ratio | startup (s) |\n|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['arch']} | {r['backend']} | {r['bare_images_per_s']} | {r['reindex_images_per_s']} | {r['ratio']} | {r['startup_s']} |")


if __name__ == "__main__":
    main()

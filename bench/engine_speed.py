"""CPU speed of the DINOv3 engine: bare forward vs the whole decode -> embed path.

Issue 3 "Speed". For the ViT-S/16 and ViT-B/16 architectures (random weights, the public
checkpoints' shapes) and each CPU backend of the engine (``DINOV3_BACKEND``):

1. bare model forward (the engine's own ``_forward``), images/s at batch 1, 8 and 32;
2. the whole path over JPEG photos of mixed sizes up to 4000 px made from scikit-image and
   scikit-learn sample photos: decode, preprocess, forward (``Dinov3Engine.embed_stream``),
   images/s. The web layer's store step is not part of the engine and not measured here;
3. the ratio of 2 to 1 at batch 32 (goal >= 0.85);

plus every variant's embeddings against eager fp32 on the same photos (goal cosine >= 0.99),
the cost of decoding with and without Pillow ``draft``, overlap on/off, torch threads, and
OpenVINO when it is importable. Run::

    .venv/bin/python bench/engine_speed.py            # ~5-10 min on 2 cores
    .venv/bin/python bench/engine_speed.py --quick    # smoke run, ~1 min

It writes bench/results/engine_speed.json. Other processes on the machine slow it down: the
load average is recorded next to every section; compare ratios within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.engine import Dinov3Engine, EngineSettings, Preprocessor, open_image  # noqa: E402
from analysis.engine.testing import VITB16, VITS16, build_checkpoint  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "engine_speed.json"
ARCHS = {"vits16": VITS16, "vitb16": VITB16}
# The estimate of this CPU class's peak for ViT-S/16 at 224 px (2 AVX2 cores).
PHYSICAL_LIMIT_VITS16 = 20.0
GOAL_VITS16 = 10.0


def loadavg() -> float:
    return round(os.getloadavg()[0], 2)


def make_photos(folder: Path, count: int, *, seed: int = 0) -> dict:
    """JPEGs of mixed sizes (long side 256-4000 px), some with an EXIF orientation tag."""
    from skimage import data
    from sklearn.datasets import load_sample_images

    sources = [data.astronaut(), data.coffee(), data.chelsea(), data.rocket(), data.retina(),
               data.hubble_deep_field(), data.immunohistochemistry(), data.stereo_motorcycle()[0],
               data.camera(), data.coins(), data.brick(), data.cell()]
    sources += list(load_sample_images().images)
    rng = np.random.default_rng(seed)
    paths, pixels = [], []
    for index in range(count):
        array = sources[index % len(sources)]
        h, w = array.shape[:2]
        ch, cw = int(h * rng.uniform(0.5, 1.0)), int(w * rng.uniform(0.5, 1.0))
        top, left = rng.integers(0, h - ch + 1), rng.integers(0, w - cw + 1)
        image = Image.fromarray(array[top : top + ch, left : left + cw]).convert("RGB")
        long_side = int(rng.uniform(256, 4000))
        scale = long_side / max(image.size)
        image = image.resize((max(16, int(image.width * scale)), max(16, int(image.height * scale))), Image.BICUBIC)
        exif = Image.Exif()
        if index % 5 == 0:
            exif[0x0112] = 6
        path = folder / f"photo_{index:03d}.jpg"
        image.save(path, "JPEG", quality=90, exif=exif)
        paths.append(path)
        pixels.append(image.width * image.height)
    return {
        "paths": paths,
        "count": count,
        "median_megapixels": round(statistics.median(pixels) / 1e6, 2),
        "max_long_side": max(max(Image.open(p).size) for p in paths),
        "total_bytes": sum(p.stat().st_size for p in paths),
    }


def interleaved(calls: dict[str, Callable[[], object]], images: int, *, min_seconds: float, min_rounds: int = 2) -> dict:
    """Images/s of several variants timed in turns (one call each per round, after a warm-up).

    Taking turns spreads whatever else runs on the machine evenly over the variants, so
    their ratios stay meaningful on a shared CPU; medians and bests are both reported.
    """
    for call in calls.values():
        call()
    rates: dict[str, list[float]] = {name: [] for name in calls}
    began = time.perf_counter()
    while min(len(r) for r in rates.values()) < min_rounds or time.perf_counter() - began < min_seconds:
        for name, call in calls.items():
            start = time.perf_counter()
            call()
            rates[name].append(images / (time.perf_counter() - start))
    return {name: {"median": round(statistics.median(r), 2), "best": round(max(r), 2), "calls": len(r)}
            for name, r in rates.items()}


def cosine_stats(a: np.ndarray, b: np.ndarray) -> dict:
    cos = (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
    return {"min": round(float(cos.min()), 5), "mean": round(float(cos.mean()), 5)}


def run_pipeline(engine: Dinov3Engine, paths: list[Path]) -> tuple[float, np.ndarray]:
    start = time.perf_counter()
    batches = list(engine.embed_stream(enumerate(paths)))
    seconds = time.perf_counter() - start
    assert not any(batch.failures for batch in batches)
    return len(paths) / seconds, np.concatenate([batch.vectors for batch in batches])


def openvino_forwards(folder: Path, prepared: np.ndarray) -> tuple[dict[str, Callable], dict]:
    """OpenVINO CPU inference of the same model when the package is importable (not a dependency)."""
    try:
        import openvino as ov
    except ImportError:
        return {}, {"skipped": "openvino is not installed"}
    from transformers import DINOv3ViTModel

    model = DINOv3ViTModel.from_pretrained(folder, local_files_only=True, dtype=torch.float32).eval()

    class Pooled(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, pixel_values: torch.Tensor) -> torch.Tensor:
            return self.inner(pixel_values=pixel_values).pooler_output

    start = time.perf_counter()
    converted = ov.convert_model(Pooled(model).eval(), example_input=torch.from_numpy(prepared[:2]),
                                 input=[(-1, *prepared.shape[1:])])
    info = {"version": ov.__version__, "convert_seconds": round(time.perf_counter() - start, 1)}
    core = ov.Core()
    forwards = {}
    for precision in ("f32", "bf16"):
        request = core.compile_model(converted, "CPU", {"INFERENCE_PRECISION_HINT": precision}).create_infer_request()
        forwards[f"openvino-{precision}"] = lambda batch, request=request: request.infer([batch])[0]
    return forwards, info


def bench_arch(folder: Path, variants: list[str], paths: list[Path], *, batches: list[int], seconds: float,
               pipeline_runs: int, with_openvino: bool) -> dict:
    """Bare forward and whole path for every backend of one architecture, interleaved."""
    engines = {}
    report: dict = {"variants": {v: {} for v in variants}}
    for variant in variants:
        engine = Dinov3Engine(EngineSettings(model_name=str(folder), backend=variant, batch_size=max(batches)))
        began = time.perf_counter()
        engine.load()
        report["variants"][variant]["load_seconds"] = round(time.perf_counter() - began, 2)
        engines[variant] = engine
    pre = engines[variants[0]].preprocessor
    prepared = np.stack([pre.prepare_source(p) for p in paths[: max(batches)]])
    extra, openvino_info = openvino_forwards(folder, prepared) if with_openvino else ({}, {"skipped": "--no-openvino"})
    report["openvino"] = openvino_info
    report["loadavg_before"] = loadavg()
    bare: dict[str, dict] = {}
    for size in batches:
        tensor = torch.from_numpy(prepared[:size])
        calls = {v: (lambda e=e: e._forward(tensor, with_patches=False)) for v, e in engines.items()}
        calls.update({name: (lambda f=f: f(prepared[:size])) for name, f in extra.items()})
        for name, rate in interleaved(calls, size, min_seconds=seconds * len(calls)).items():
            bare.setdefault(name, {})[str(size)] = rate
        print("  bare batch", size, {k: v[str(size)]["median"] for k, v in bare.items()}, flush=True)
    rates: dict[str, list[float]] = {v: [] for v in variants}
    vectors: dict[str, np.ndarray] = {}
    for _ in range(pipeline_runs):
        for variant, engine in engines.items():
            rate, vectors[variant] = run_pipeline(engine, paths)
            rates[variant].append(rate)
    reference = vectors[variants[0]]
    for variant in variants:
        result = report["variants"][variant]
        result["bare_forward"] = bare[variant]
        result["pipeline"] = {"images": len(paths), "images_per_s": round(max(rates[variant]), 2),
                              "runs": [round(r, 2) for r in rates[variant]]}
        result["ratio_pipeline_to_bare32"] = round(max(rates[variant]) / bare[variant][str(max(batches))]["best"], 3)
        result["cosine_vs_eager"] = cosine_stats(vectors[variant], reference)
    for name, forward in extra.items():
        out = np.concatenate([forward(prepared[i : i + 8]) for i in range(0, len(prepared), 8)])
        ref32 = reference[: len(prepared)]
        report["openvino"][name] = {"bare_forward": bare[name], "cosine_vs_eager": cosine_stats(out, ref32)}
    report["loadavg_after"] = loadavg()
    return report


def bench_decode(paths: list[Path]) -> dict:
    """Serial decode + preprocess cost, with and without reduced-size JPEG decoding."""
    pre = Preprocessor()
    out = {}
    for label, draft in (("draft", True), ("full_decode", False)):
        start = time.perf_counter()
        for path in paths:
            pre.prepare(open_image(path, draft_size=(224, 224) if draft else None))
        out[label] = {"images_per_s": round(len(paths) / (time.perf_counter() - start), 1)}
    return out


def draft_effect(folder: Path, paths: list[Path]) -> dict:
    """Embedding change caused by draft decoding (eager fp32, full decode as reference)."""
    engine = Dinov3Engine(EngineSettings(model_name=str(folder)))
    drafted = engine.embed_files(paths)
    full = engine.embed_images([open_image(p) for p in paths])
    return cosine_stats(drafted, full)


def bench_overlap(folder: Path, backend: str, paths: list[Path]) -> dict:
    """Whole-path images/s with 0 (serial), 1 and 2 decode threads, in turns."""
    engines = {}
    for workers in (0, 1, 2):
        engines[workers] = Dinov3Engine(EngineSettings(model_name=str(folder), backend=backend, decode_workers=workers))
        engines[workers].load()
    rates: dict[int, list[float]] = {w: [] for w in engines}
    for _ in range(2):
        for workers, engine in engines.items():
            rates[workers].append(run_pipeline(engine, paths)[0])
    return {f"decode_workers_{w}": round(max(r), 2) for w, r in rates.items()}


def bench_threads(folder: Path, backend: str, paths: list[Path], seconds: float) -> dict:
    engine = Dinov3Engine(EngineSettings(model_name=str(folder), backend=backend))
    engine.load()
    tensor = torch.from_numpy(np.stack([engine.preprocessor.prepare_source(p) for p in paths[:8]]))
    default = torch.get_num_threads()

    def with_threads(count: int) -> Callable[[], object]:
        def call() -> object:
            torch.set_num_threads(count)
            try:
                return engine._forward(tensor, with_patches=False)
            finally:
                torch.set_num_threads(default)
        return call

    calls = {f"threads_{n}": with_threads(n) for n in sorted({1, default})}
    return {"backend": backend, **interleaved(calls, 8, min_seconds=seconds * len(calls))}


def render_markdown(report: dict) -> str:
    """The tables of BENCHMARKS.md (engine speed), from a report."""
    lines = []
    for arch, arch_report in report["archs"].items():
        lines += [f"**{arch}** (pipeline over {next(iter(arch_report['variants'].values()))['pipeline']['images']} photos)", "",
                  "| backend | bare b1 | bare b8 | bare b32 | whole path | path / bare b32 | cosine vs eager (min) |",
                  "|---|---|---|---|---|---|---|"]
        for variant, result in arch_report["variants"].items():
            bare = result["bare_forward"]
            lines.append(
                f"| {variant} | {bare['1']['median']} | {bare['8']['median']} | {bare['32']['median']} "
                f"| {result['pipeline']['images_per_s']} | {result['ratio_pipeline_to_bare32']} "
                f"| {result['cosine_vs_eager']['min']} |")
        openvino = arch_report.get("openvino") or {}
        for precision in ("openvino-f32", "openvino-bf16"):
            if precision in openvino:
                bare = openvino[precision]["bare_forward"]
                lines.append(f"| {precision} (not integrated) | {bare['1']['median']} | {bare['8']['median']} "
                             f"| {bare['32']['median']} | - | - | {openvino[precision]['cosine_vs_eager']['min']} |")
        lines.append(f"load average {arch_report['loadavg_before']} before, {arch_report['loadavg_after']} after")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="few images and short timings (smoke run)")
    parser.add_argument("--images", type=int, default=200, help="photos for the ViT-S/16 whole path")
    parser.add_argument("--vitb-images", type=int, default=32, help="photos for the ViT-B/16 whole path")
    parser.add_argument("--variants", default="eager,bf16,int8", help="engine backends to measure")
    parser.add_argument("--no-openvino", action="store_true")
    parser.add_argument("--markdown", action="store_true", help="print the tables of the last results and exit")
    args = parser.parse_args()
    if args.markdown:
        print(render_markdown(json.loads(RESULTS.read_text(encoding="utf-8"))))
        return
    if args.quick:
        args.images, args.vitb_images = 40, 16
    seconds = 1.0 if args.quick else 3.0
    batches = [1, 8, 32]
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]

    report: dict = {
        "machine": {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
                    "torch": torch.__version__, "torch_threads": torch.get_num_threads(),
                    "bf16_cpu": bool(getattr(torch.backends.mkldnn, "is_available", lambda: False)()),
                    "loadavg_start": loadavg()},
        "goal": {"ratio": 0.85, "cosine_vs_eager": 0.99, "vits16_images_per_s": GOAL_VITS16,
                 "vits16_physical_limit_estimate": PHYSICAL_LIMIT_VITS16},
        "note": "store step (web layer) not included; random weights; other processes may share the CPU",
    }
    with tempfile.TemporaryDirectory(prefix="engine-speed-") as tmp:
        root = Path(tmp)
        (root / "photos").mkdir()
        photos = make_photos(root / "photos", max(args.images, args.vitb_images))
        paths = photos.pop("paths")
        report["photos"] = photos
        report["decode_preprocess_serial"] = bench_decode(paths[:64])
        print("decode:", report["decode_preprocess_serial"], flush=True)
        report["archs"] = {}
        for arch, fields in ARCHS.items():
            folder = build_checkpoint(root / arch, **fields)
            arch_paths = paths[: args.images if arch == "vits16" else args.vitb_images]
            print(arch, flush=True)
            arch_report = {"config": fields, **bench_arch(
                folder, variants, arch_paths, batches=batches, seconds=seconds,
                pipeline_runs=1 if arch == "vitb16" or args.quick else 2,
                with_openvino=arch == "vits16" and not args.no_openvino)}
            for variant, result in arch_report["variants"].items():
                print(arch, variant, json.dumps(result), flush=True)
            if arch == "vits16":
                best = max(variants, key=lambda v: arch_report["variants"][v]["pipeline"]["images_per_s"])
                arch_report["best_variant"] = best
                arch_report["best_images_per_s"] = arch_report["variants"][best]["pipeline"]["images_per_s"]
                arch_report["share_of_physical_limit"] = round(arch_report["best_images_per_s"] / PHYSICAL_LIMIT_VITS16, 3)
                arch_report["draft_effect_cosine"] = draft_effect(folder, arch_paths[:48])
                arch_report["overlap"] = {"backend": best, **bench_overlap(folder, best, arch_paths[:64])}
                arch_report["threads_bare_batch8"] = bench_threads(folder, best, arch_paths, seconds)
                for key in ("openvino", "draft_effect_cosine", "overlap", "threads_bare_batch8"):
                    print(arch, key, json.dumps(arch_report.get(key)), flush=True)
            report["archs"][arch] = arch_report
            for file in folder.iterdir():  # keep disk use to one checkpoint at a time
                file.unlink()
    report["machine"]["loadavg_end"] = loadavg()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")
    print(render_markdown(report))


if __name__ == "__main__":
    main()

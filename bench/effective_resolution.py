"""Does effective resolution catch enlarged renders, and leave flat art alone?

Each image is delivered at 1/k of its size (area-averaged) and enlarged back by k
(k = 2..6) with nearest, bilinear, bicubic and Lanczos (bench/degradations.py
``enlarge``); k = 1 is the original. Images: the natural photographs the
quality validation uses (scikit-image / scikit-learn samples; the moon at its
true 256 px, since scikit-image ships it as a 2x nearest-neighbour
enlargement) and generated flat-shaded illustrations (flat fills, hard or
antialiased edges, with or without a light gradient), which have little detail
at any size.

Reported per interpolation, over images: the Spearman correlation between k and
(a) the measured ratio (effective / nominal size), (b) quality_score, and
(c) quality_score without the effective-resolution term (what the score did
before this measure; same run), plus the estimated factor against the true one
and how many originals were called upscaled.

Run: ``python -m bench.effective_resolution`` (writes
bench/results/effective_resolution.json and .md, the BENCHMARKS.md table).
"""

from __future__ import annotations

import json
import math
import os
import statistics
import time
from pathlib import Path

import numpy as np
from PIL import Image
from scipy.stats import spearmanr

from analysis.engine.quality import measure_image
from analysis.engine.quality.report import WEIGHTS
from bench.degradations import ENLARGEMENTS, INTERPOLATIONS, enlarge, flat_illustration, sample_photos

RESULTS = Path(__file__).resolve().parent / "results"
GOAL_RHO = 0.9  # mean |rho| for the measure, as for the other measures (issue 5's goal)
GOAL_SCORE_RHO = 0.8
FLAT_KINDS = {"flat_aa": (True, False), "flat_hard": (False, False), "flat_shaded": (True, True)}


def images() -> dict[str, tuple[str, np.ndarray]]:
    """{name: (kind, array)}: photos, then flat illustrations (two seeds of each look)."""
    out: dict[str, tuple[str, np.ndarray]] = {}
    for name, photo in sample_photos().items():
        out[name] = ("photo", photo[::2, ::2] if name == "moon" else photo)
    for kind, (aa, shading) in FLAT_KINDS.items():
        for seed in (1, 2):
            out[f"{kind}_{seed}"] = ("flat", flat_illustration(seed, antialias=aa, shading=shading))
    return out


def _rho(x, y) -> float:
    return 0.0 if len(set(y)) < 2 else float(spearmanr(x, y)[0])


def evaluate() -> list[dict]:
    rows = []
    for name, (kind, image) in images().items():
        for interp in INTERPOLATIONS:
            for k in (1, *ENLARGEMENTS):
                report = measure_image(Image.fromarray(enlarge(image, k, interp)))
                eff = report.detailed_metrics["effective_resolution"]
                g = report.detailed_metrics["goodness"]["effective_resolution"]
                without = report.quality_score / max(g, 1e-6) ** WEIGHTS["effective_resolution"]
                rows.append({"image": name, "kind": kind, "interpolation": interp, "factor": k,
                             "ratio": eff["ratio"], "estimated_factor": round(1 / eff["ratio"], 3),
                             "method": eff["method"], "upscaled": eff["upscaled"],
                             "effective_width": eff["effective_width"], "width": eff["width"],
                             "quality_score": report.quality_score,
                             "score_without_measure": round(min(100.0, without), 1)})
    return rows


def summarise(rows: list[dict]) -> dict:
    out: dict = {"per_interpolation": {}, "originals": {}}
    for interp in INTERPOLATIONS:
        per_image = {}
        for name in dict.fromkeys(r["image"] for r in rows):
            sub = sorted((r for r in rows if r["image"] == name and r["interpolation"] == interp),
                         key=lambda r: r["factor"])
            ks = [r["factor"] for r in sub]
            per_image[name] = {
                "kind": sub[0]["kind"],
                "ratio_rho": _rho(ks, [r["ratio"] for r in sub]),
                "score_rho": _rho(ks, [r["quality_score"] for r in sub]),
                "score_rho_without_measure": _rho(ks, [r["score_without_measure"] for r in sub]),
                "estimated_factors": [r["estimated_factor"] for r in sub],
            }
        entry = {}
        for kind in ("photo", "flat", "all"):
            chosen = [p for p in per_image.values() if kind == "all" or p["kind"] == kind]
            entry[kind] = {
                "images": len(chosen),
                "ratio_rho_mean": statistics.fmean(p["ratio_rho"] for p in chosen),
                "ratio_rho_weakest": max(p["ratio_rho"] for p in chosen),
                "score_rho_mean": statistics.fmean(p["score_rho"] for p in chosen),
                "score_rho_weakest": max(p["score_rho"] for p in chosen),
                "score_rho_without_measure_mean": statistics.fmean(p["score_rho_without_measure"] for p in chosen),
            }
        enlarged = [r for r in rows if r["interpolation"] == interp and r["factor"] > 1]
        entry["factor_read_over_true_median"] = statistics.median(r["estimated_factor"] / r["factor"] for r in enlarged)
        entry["log_error_mean"] = statistics.fmean(abs(math.log(r["estimated_factor"] / r["factor"])) for r in enlarged)
        entry["enlarged_called_upscaled"] = f"{sum(r['upscaled'] for r in enlarged)}/{len(enlarged)}"
        entry["goal_met"] = (-entry["all"]["ratio_rho_mean"] >= GOAL_RHO and -entry["all"]["score_rho_mean"] >= GOAL_SCORE_RHO)
        entry["per_image"] = per_image
        out["per_interpolation"][interp] = entry
    originals = {r["image"]: r for r in rows if r["factor"] == 1 and r["interpolation"] == "nearest"}
    for kind in ("photo", "flat"):
        chosen = [r for r in originals.values() if r["kind"] == kind]
        out["originals"][kind] = {"images": len(chosen), "called_upscaled": sum(r["upscaled"] for r in chosen),
                                  "lowest_ratio": min(r["ratio"] for r in chosen),
                                  "lowest": min(chosen, key=lambda r: r["ratio"])["image"]}
    return out


def markdown(summary: dict, load: float, seconds: float) -> str:
    lines = [
        "| interpolation | ratio rho, photos (mean / weakest) | ratio rho, flat art | score rho, all | "
        "score rho before the measure | factor read / true (median) | enlarged called upscaled | goal met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for interp, e in summary["per_interpolation"].items():
        lines.append(
            f"| {interp} | {e['photo']['ratio_rho_mean']:+.2f} / {e['photo']['ratio_rho_weakest']:+.2f} "
            f"| {e['flat']['ratio_rho_mean']:+.2f} / {e['flat']['ratio_rho_weakest']:+.2f} "
            f"| {e['all']['score_rho_mean']:+.2f} / {e['all']['score_rho_weakest']:+.2f} "
            f"| {e['all']['score_rho_without_measure_mean']:+.2f} "
            f"| {e['factor_read_over_true_median']:.2f} | {e['enlarged_called_upscaled']} "
            f"| {'yes' if e['goal_met'] else 'no'} |")
    o = summary["originals"]
    lines.append("")
    lines.append(
        f"Originals called upscaled: {o['photo']['called_upscaled']}/{o['photo']['images']} photos "
        f"(lowest ratio {o['photo']['lowest_ratio']:.2f}, {o['photo']['lowest']}), "
        f"{o['flat']['called_upscaled']}/{o['flat']['images']} flat illustrations "
        f"(lowest {o['flat']['lowest_ratio']:.2f}). Run took {seconds:.0f} s at load average {load:.1f}.")
    return "\n".join(lines) + "\n"


def main() -> None:
    started = time.perf_counter()
    rows = evaluate()
    summary = summarise(rows)
    seconds = time.perf_counter() - started
    load = os.getloadavg()[0]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "effective_resolution.json").write_text(json.dumps(
        {"summary": summary, "rows": rows, "seconds": round(seconds, 1), "load_average": round(load, 1)},
        indent=1) + "\n")
    table = markdown(summary, load, seconds)
    (RESULTS / "effective_resolution.md").write_text(table)
    print(table)


if __name__ == "__main__":
    main()

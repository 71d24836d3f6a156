"""Do the quality numbers mean something? Degrade real photos, check the measures follow.

Each shipped photo (scikit-image / scikit-learn samples) is degraded by six
distortions at five increasing levels (bench/degradations.py). For every
photo and distortion we take the Spearman correlation between the level
(0 = pristine .. 5) and (a) the measure that should track that distortion,
(b) quality_score. Reported per distortion: the mean and the minimum of the
per-photo correlations, and the pooled correlation over all photos (which
also has to absorb differences between photos). Goals, from issue 5: mean
|rho| >= 0.9 for the matching measure, >= 0.8 (negative) for quality_score,
and every pristine photo scoring above its level-3 version.

Also times ``measure_image`` on a 24-megapixel image against a 1-megapixel
one and against a naive full-resolution baseline.

Run: ``python -m bench.quality_validation`` (writes bench/results/quality_validation.json,
bench/results/quality_validation.png and bench/results/quality_validation.md, the
section of BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont
from scipy.stats import spearmanr

from analysis.engine.quality import measure_image
from bench.degradations import DISTORTIONS, LEVELS, degrade, sample_photos

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"

# distortion -> (section, key in detailed_metrics, expected sign of rho with level)
MATCHING: dict[str, tuple[str, str, int]] = {
    "gaussian_blur": ("sharpness", "value", -1),
    "gaussian_noise": ("noise", "noise_level", +1),
    "jpeg": ("blockiness", "value", +1),
    "contrast_loss": ("contrast", "value", -1),
    "under_exposure": ("exposure", "brightness", -1),
    "over_exposure": ("exposure", "brightness", +1),
}
# Secondary measures reported without a goal: they explain the score's moves.
SECONDARY: dict[str, tuple[str, str]] = {
    "under_exposure": ("exposure", "clipped_shadows"),
    "over_exposure": ("exposure", "clipped_highlights"),
    "jpeg": ("sharpness", "value"),
}
GOAL_MEASURE, GOAL_SCORE = 0.9, 0.8


def _rho(levels: list[int], values: list[float]) -> float:
    if len(set(values)) < 2:
        return 0.0  # a measure that does not move does not track the distortion
    return float(spearmanr(levels, values)[0])


def evaluate(photos: dict[str, np.ndarray], *, distortions=DISTORTIONS, levels=range(6)) -> list[dict]:
    """One row per (photo, distortion, level) with the matching measure and the score."""
    rows = []
    for name, photo in photos.items():
        for dist in distortions:
            section, key, _ = MATCHING[dist]
            for level in levels:
                report = measure_image(Image.fromarray(degrade(photo, dist, level)))
                row = {
                    "photo": name,
                    "distortion": dist,
                    "level": level,
                    "parameter": None if level == 0 else LEVELS[dist][level - 1],
                    "measure": f"{section}.{key}",
                    "measure_value": report.detailed_metrics[section][key],
                    "quality_score": report.quality_score,
                }
                if dist in SECONDARY:
                    s_section, s_key = SECONDARY[dist]
                    row["secondary"] = f"{s_section}.{s_key}"
                    row["secondary_value"] = report.detailed_metrics[s_section][s_key]
                rows.append(row)
    return rows


def summarise(rows: list[dict]) -> dict[str, dict]:
    """Per distortion: per-photo rhos, their mean/min, pooled rho, pristine-above-level-3 counts."""
    out: dict[str, dict] = {}
    for dist in dict.fromkeys(r["distortion"] for r in rows):
        sign = MATCHING[dist][2]
        sub = [r for r in rows if r["distortion"] == dist]
        photos = list(dict.fromkeys(r["photo"] for r in sub))
        per_photo: dict[str, dict] = {}
        for name in photos:
            pr = sorted((r for r in sub if r["photo"] == name), key=lambda r: r["level"])
            lv = [r["level"] for r in pr]
            entry = {
                "measure_rho": _rho(lv, [r["measure_value"] for r in pr]),
                "score_rho": _rho(lv, [r["quality_score"] for r in pr]),
                "scores": [r["quality_score"] for r in pr],
            }
            if "secondary_value" in pr[0]:
                entry["secondary_rho"] = _rho(lv, [r["secondary_value"] for r in pr])
            by_level = {r["level"]: r["quality_score"] for r in pr}
            if 0 in by_level and 3 in by_level:
                entry["pristine_above_level3"] = by_level[0] > by_level[3]
            per_photo[name] = entry
        m_rhos = [p["measure_rho"] for p in per_photo.values()]
        s_rhos = [p["score_rho"] for p in per_photo.values()]
        above = [p["pristine_above_level3"] for p in per_photo.values() if "pristine_above_level3" in p]
        lv = [r["level"] for r in sub]
        summary = {
            "measure": sub[0]["measure"],
            "expected_sign": sign,
            "measure_rho_mean": statistics.fmean(m_rhos),
            "measure_rho_weakest": sign * min(sign * x for x in m_rhos),
            "measure_rho_pooled": _rho(lv, [r["measure_value"] for r in sub]),
            "score_rho_mean": statistics.fmean(s_rhos),
            "score_rho_worst": max(s_rhos),
            "score_rho_pooled": _rho(lv, [r["quality_score"] for r in sub]),
            "pristine_above_level3": f"{sum(above)}/{len(above)}",
            "per_photo": per_photo,
        }
        if "secondary" in sub[0]:
            summary["secondary"] = sub[0]["secondary"]
            summary["secondary_rho_mean"] = statistics.fmean(p["secondary_rho"] for p in per_photo.values())
        summary["goal_measure_met"] = summary["measure_rho_mean"] * sign >= GOAL_MEASURE
        summary["goal_score_met"] = -summary["score_rho_mean"] >= GOAL_SCORE
        summary["goal_pristine_met"] = all(above)
        out[dist] = summary
    return out


def time_analysis(*, repeats: int = 5) -> dict:
    """Seconds for measure_image at 24 MP vs 1 MP, and a naive full-resolution baseline."""
    photo = sample_photos(("astronaut",))["astronaut"]
    rng = np.random.default_rng(0)

    def make(w: int, h: int) -> Image.Image:
        big = cv2.resize(photo, (w, h), interpolation=cv2.INTER_CUBIC).astype(np.float32)
        big += rng.normal(0, 2, big.shape).astype(np.float32)  # sensor-like grain
        return Image.fromarray(np.clip(big, 0, 255).astype(np.uint8))

    def best(fn) -> float:
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        return min(times), statistics.median(times)

    img24, img1 = make(6000, 4000), make(1224, 816)
    measure_image(img1)  # warm caches and imports

    def naive():  # what a straightforward full-resolution pass costs: float luma + Laplacian variance
        arr = np.asarray(img24, dtype=np.float32) @ np.array([0.2126, 0.7152, 0.0722], np.float32)
        return cv2.Laplacian(arr, cv2.CV_32F).var()

    t24, t24_med = best(lambda: measure_image(img24))
    t1, t1_med = best(lambda: measure_image(img1))
    tn, tn_med = best(naive)
    return {
        "image_24mp": "6000x4000 RGB",
        "image_1mp": "1224x816 RGB",
        "seconds_24mp_best": round(t24, 3),
        "seconds_24mp_median": round(t24_med, 3),
        "seconds_1mp_best": round(t1, 3),
        "seconds_1mp_median": round(t1_med, 3),
        "naive_full_res_luma_laplacian_24mp_best": round(tn, 3),
        "ratio_24mp_over_1mp": round(t24 / t1, 2),
        "ratio_24mp_over_naive": round(t24 / tn, 2),
        "repeats": repeats,
        "cpu": platform.processor() or platform.machine(),
        "load_average": round(os.getloadavg()[0], 1) if hasattr(os, "getloadavg") else None,
    }


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without FreeType sizes
        return ImageFont.load_default()


def plot(rows: list[dict], summary: dict[str, dict], path: Path) -> None:
    """Small multiples drawn with Pillow: per distortion, the matching measure and
    quality_score/100 against level (mean over photos bold, each photo thin)."""
    panel_w, panel_h, pad = 420, 300, 50
    cols = 3
    dists = list(summary)
    n_rows = (len(dists) + cols - 1) // cols
    img = Image.new("RGB", (cols * panel_w, n_rows * panel_h + 40), "white")
    draw = ImageDraw.Draw(img)
    f_small, f_big = _font(12), _font(15)
    draw.text((10, 10), "Quality measures vs degradation level (blue: matching measure, red: quality_score/100)",
              fill="black", font=f_big)
    for i, dist in enumerate(dists):
        ox, oy = (i % cols) * panel_w, (i // cols) * panel_h + 40
        x0, y0, x1, y1 = ox + pad, oy + 30, ox + panel_w - 20, oy + panel_h - 40
        draw.rectangle((x0, y0, x1, y1), outline="black")
        s = summary[dist]
        draw.text((x0, oy + 8), f"{dist}  rho(measure)={s['measure_rho_mean']:+.2f}  rho(score)={s['score_rho_mean']:+.2f}",
                  fill="black", font=f_small)

        def xy(level: float, v: float):
            return x0 + (x1 - x0) * level / 5, y1 - (y1 - y0) * min(1.0, max(0.0, v))

        for t in range(6):
            draw.line((*xy(t, 0), xy(t, 0)[0], y1 + 4), fill="black")
            draw.text((xy(t, 0)[0] - 3, y1 + 6), str(t), fill="black", font=f_small)
        for v in (0, 0.5, 1):
            draw.line((x0 - 4, xy(0, v)[1], x0, xy(0, v)[1]), fill="black")
            draw.text((x0 - 28, xy(0, v)[1] - 6), f"{v:.1f}", fill="black", font=f_small)
        draw.text((x0 + (x1 - x0) / 2 - 15, y1 + 20), "level", fill="black", font=f_small)
        sub = [r for r in rows if r["distortion"] == dist]
        photos = list(dict.fromkeys(r["photo"] for r in sub))
        for key, thin, bold in (("measure_value", (160, 190, 235), (20, 70, 200)),
                                ("quality_score", (240, 170, 170), (200, 20, 20))):
            scale = 0.01 if key == "quality_score" else 1.0
            means = []
            for lv in range(6):
                vals = [r[key] * scale for r in sub if r["level"] == lv]
                means.append(statistics.fmean(vals) if vals else None)
            for name in photos:
                pts = [xy(r["level"], r[key] * scale) for r in sorted(sub, key=lambda r: r["level"]) if r["photo"] == name]
                draw.line(pts, fill=thin, width=1)
            pts = [xy(lv, v) for lv, v in enumerate(means) if v is not None]
            draw.line(pts, fill=bold, width=3)
            for p in pts:
                draw.ellipse((p[0] - 3, p[1] - 3, p[0] + 3, p[1] + 3), fill=bold)
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path)


def markdown(summary: dict[str, dict], timing: dict | None, photos: list[str]) -> str:
    yes = {True: "yes", False: "**no**"}
    lines = [
        "## Image quality measures: validation",
        "",
        f"Photos: {', '.join(photos)} (the natural photographs scikit-image and scikit-learn ship). "
        "Each is degraded at five levels per distortion (level 0 = pristine); the table gives the Spearman "
        "correlation between level and the matching measure, and between level and `quality_score`: the mean "
        "over photos, the weakest photo, and pooled over all photos. Run `python -m bench.quality_validation`.",
        "",
        "| distortion | levels 1-5 | matching measure | rho mean | rho weakest | rho pooled | score rho mean | score rho weakest | score rho pooled | pristine > level 3 | goals met |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for dist, s in summary.items():
        met = s["goal_measure_met"] and s["goal_score_met"] and s["goal_pristine_met"]
        lines.append(
            f"| {dist} | {', '.join(str(p) for p in LEVELS[dist])} | `{s['measure']}` | {s['measure_rho_mean']:+.2f} | "
            f"{s['measure_rho_weakest']:+.2f} | {s['measure_rho_pooled']:+.2f} | {s['score_rho_mean']:+.2f} | "
            f"{s['score_rho_worst']:+.2f} | {s['score_rho_pooled']:+.2f} | {s['pristine_above_level3']} | {yes[met]} |"
        )
    lines += [
        "",
        "Levels: blur sigma in px; noise sigma in grey levels per channel; Pillow JPEG quality; contrast factor "
        "around the mean; exposure in EV applied in linear light. Goals (issue 5): mean |rho| >= 0.9 for the "
        "matching measure, >= 0.8 for the score, every pristine photo above its level-3 version.",
        "",
    ]
    seconds = {d: s for d, s in summary.items() if "secondary" in s}
    if seconds:
        lines.append("Secondary measures (no goal): " + "; ".join(
            f"{d}: `{s['secondary']}` rho mean {s['secondary_rho_mean']:+.2f}" for d, s in seconds.items()) + ".")
        lines.append("")
    weak = [(d, name, p["score_rho"]) for d, s in summary.items() for name, p in s["per_photo"].items() if p["score_rho"] > -0.8]
    if weak:
        lines.append("Photos whose score rho misses -0.8: " + ", ".join(f"{n} / {d} ({r:+.2f})" for d, n, r in weak) + ".")
        lines.append("")
    lines += [
        "![quality validation](bench/results/quality_validation.png)",
        "",
        "Caveats: the normalising constants (edge width half-point, noise half-point, clipping allowances, "
        "score weights) were chosen while looking at these same photos; there is no held-out set. A darker "
        "than average photo (rocket at dusk) really does gain from the first +0.5 EV, so its score rises "
        "before it falls; no no-reference measure can know the photographer's intent there.",
    ]
    if timing:
        lines += [
            "",
            "### Speed",
            "",
            "| image | measure_image best (s) | median (s) |",
            "|---|---|---|",
            f"| {timing['image_24mp']} (24 MP) | {timing['seconds_24mp_best']} | {timing['seconds_24mp_median']} |",
            f"| {timing['image_1mp']} (1 MP) | {timing['seconds_1mp_best']} | {timing['seconds_1mp_median']} |",
            f"| naive baseline: full-res float luma + Laplacian variance, 24 MP | {timing['naive_full_res_luma_laplacian_24mp_best']} | |",
            "",
            (f"Timed on the 2-core development VM with no other jobs (load average {timing['load_average']}). "
             if timing["load_average"] < 1.5 else
             f"Timed on the shared 2-core development VM under load from parallel jobs (load average "
             f"{timing['load_average']}), so absolute figures are pessimistic; the ratios are same-run. ") +
            f"24 MP takes {timing['ratio_24mp_over_1mp']}x the 1 MP time and {timing['ratio_24mp_over_naive']}x the "
            "naive single-measure pass: global statistics run on a ~1 MP area-averaged working copy, noise, "
            "blockiness and edge width on ~1 MP of native-resolution tiles.",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--photos", nargs="*", help="subset of photo names")
    parser.add_argument("--no-timing", action="store_true")
    args = parser.parse_args(argv)
    photos = sample_photos(tuple(args.photos) if args.photos else None)
    started = time.perf_counter()
    rows = evaluate(photos)
    summary = summarise(rows)
    timing = None if args.no_timing else time_analysis()
    result = {
        "photos": list(photos),
        "levels": LEVELS,
        "summary": summary,
        "timing": timing,
        "rows": rows,
        "seconds": round(time.perf_counter() - started, 1),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "quality_validation.json").write_text(json.dumps(result, indent=1, default=float))
    plot(rows, summary, RESULTS / "quality_validation.png")
    (RESULTS / "quality_validation.md").write_text(markdown(summary, timing, list(photos)))
    for dist, s in summary.items():
        print(f"{dist:15s} measure {s['measure_rho_mean']:+.2f} (weakest {s['measure_rho_weakest']:+.2f}) "
              f"score {s['score_rho_mean']:+.2f} (worst {s['score_rho_worst']:+.2f}) pristine>L3 {s['pristine_above_level3']}")
    if timing:
        print(json.dumps(timing))
    return result


if __name__ == "__main__":
    main()

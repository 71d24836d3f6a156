"""Quality report: combine the measures into a 0-100 score, a grade and advice.

``measure_image`` is the entry point for analyze-quality; ``passes`` and
``batch_summary`` serve batch-quality-check. The score is a weighted geometric
mean of per-measure "goodness" terms, so one bad measure (a blown-out or
badly blurred image) pulls the score down however good the rest is, while
measures that are already fine add little. Recommendations come only from
measures that missed their target, and quote the numbers that missed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from PIL import Image

from . import measures as m
from .composition import analyze_composition
from .loading import load_image
from .resolution import EFFECTIVE_FULL, effective_resolution

__all__ = [
    "DEFAULT_QUALITY_THRESHOLD",
    "GRADES",
    "QualityReport",
    "batch_summary",
    "grade_for",
    "image_metrics",
    "measure_image",
    "passes",
]

# Grade boundaries on quality_score, lower bound inclusive. docs/api.md's example
# calls 85.7 "high", so "excellent" starts at 90.
GRADES: tuple[tuple[float, str], ...] = ((90.0, "excellent"), (75.0, "high"), (55.0, "medium"), (35.0, "low"), (0.0, "poor"))
DEFAULT_QUALITY_THRESHOLD = 0.7  # 0..1 of quality_score/100; the config layer may override

# Exponents of the weighted geometric mean: a measure at goodness g multiplies
# the score by g ** w, so with w = 0.5 a measure at 0.25 halves the score. They
# sum to more than 1 so that one ruined measure fails the gate on its own
# (level-5 damage in bench/quality_validation.py lands in "low"/"poor").
# Focus, exposure, noise and blocking make a render unusable; contrast can be
# graded later; resolution depends on a use the caller may not have chosen.
# Effective resolution weighs like focus: an enlarged render is as unusable as a
# soft one (a 2x nearest-neighbour enlargement alone costs ~20 %, 6x ~45 %).
WEIGHTS = {"sharpness": 0.5, "noise": 0.4, "exposure": 0.5, "contrast": 0.3, "blockiness": 0.4, "resolution": 0.1,
           "effective_resolution": 0.5}

# Targets: a measure beyond these yields a recommendation.
TARGETS = {
    "sharpness_min": 0.6,  # edges rise within ~2.5 px at output size
    "noise_max": 0.3,  # sigma ~3.4 grey levels
    "contrast_rms_min": 0.3,  # std/mean of linear luminance; photographs run 0.5-1.5
    "highlights_max": m.HIGHLIGHT_ALLOWANCE,
    "shadows_max": m.SHADOW_ALLOWANCE,
    "ev_offset_max": 1.0,  # stops from mid-grey
    "blockiness_max": 0.3,  # phase ratio ~1.21
    "resolution_min": 1.0,
    "effective_resolution_min": EFFECTIVE_FULL,  # detail for >= 80 % of the nominal size
}


@dataclass
class QualityReport:
    """Everything analyze-quality and analyze-image-metrics need, serialisable with to_dict()."""

    quality_score: float
    quality_grade: str
    technical_metrics: dict
    detailed_metrics: dict
    recommendations: list[str]
    shortfalls: list[str]
    intended_use: str
    image: dict
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def grade_for(score: float) -> str:
    """Grade name for a 0-100 score (see GRADES)."""
    return next(name for bound, name in GRADES if score >= bound)


def passes(report: QualityReport | Mapping, threshold: float = DEFAULT_QUALITY_THRESHOLD) -> bool:
    """True when quality_score / 100 >= threshold (0..1; values above 1 are read as percent)."""
    if not 0.0 <= threshold <= 100.0:  # the API's 0..1, with percentages tolerated
        raise ValueError(f"quality threshold must be within 0..1 (or a percentage), got {threshold}")
    if threshold > 1.0:
        threshold /= 100.0
    score = report.quality_score if isinstance(report, QualityReport) else report["quality_score"]
    return score / 100.0 >= threshold - 1e-12


def batch_summary(reports: Mapping[str, QualityReport], threshold: float = DEFAULT_QUALITY_THRESHOLD) -> dict:
    """Per-asset score and pass/fail plus summary counts, for batch-quality-check."""
    results = []
    for asset_id, report in reports.items():
        results.append(
            {
                "asset_id": asset_id,
                "quality_score": report.quality_score,
                "quality_grade": report.quality_grade,
                "passed": passes(report, threshold),
                "shortfalls": list(report.shortfalls),
            }
        )
    scores = [r["quality_score"] for r in results]
    by_grade = {name: 0 for _, name in GRADES}
    for r in results:
        by_grade[r["quality_grade"]] += 1
    passed = sum(r["passed"] for r in results)
    return {
        "quality_threshold": threshold if threshold <= 1.0 else threshold / 100.0,
        "results": results,
        "summary": {
            "total": len(results),
            "passed": passed,
            "failed": len(results) - passed,
            "mean_score": round(sum(scores) / len(scores), 1) if scores else None,
            "by_grade": by_grade,
        },
    }


def _goodness(sharp: dict, noise: dict, tonal: dict, block: dict, res: dict, eff: dict) -> dict[str, float]:
    """Map each measure to 0..1 goodness; strictly monotonic, flattening near the top.

    ``1 - (1 - x)^2`` lets an already-sharp or already-contrasty image gain
    little from more (noise makes edges look steeper, it must not buy score).
    """
    def soft(x: float) -> float:
        return 1.0 - (1.0 - min(1.0, max(0.0, x))) ** 2

    return {
        "sharpness": soft(sharp["value"]),
        "noise": 1.0 - noise["value"],
        "exposure": tonal["exposure"],
        "contrast": soft(tonal["contrast"]),
        "blockiness": 1.0 - block["value"],
        "resolution": math.sqrt(res["value"]),  # a 2x upscale costs ~30 %, not 50 %
        "effective_resolution": min(1.0, eff["value"] / EFFECTIVE_FULL),
    }


def _score(good: Mapping[str, float]) -> float:
    log = sum(w * math.log(max(good[k], 1e-12)) for k, w in WEIGHTS.items())
    return 100.0 * math.exp(log)


def _effective_text(eff: dict) -> str:
    how = ("pixels repeat in blocks, as nearest-neighbour enlargement leaves them"
           if eff["method"] == "pixel_repeat" else
           "the image has no detail finer than that: enlarged from a smaller original, or blurred")
    return (
        f"Detail below the nominal resolution: the detail supports about {eff['effective_width']} px of the "
        f"{eff['width']} px width and {eff['effective_height']} px of the {eff['height']} px height "
        f"({eff['ratio']:.0%} of the nominal size, as from a {math.sqrt(eff['factor_x'] * eff['factor_y']):.1f}x "
        f"enlargement; {how}): render or export at the nominal size from the source rather than enlarging."
    )


def _recommend(sharp: dict, noise: dict, tonal: dict, block: dict, res: dict, eff: dict,
               good: Mapping[str, float]) -> tuple[list[str], list[str]]:
    """(recommendations, shortfall names), worst first, each quoting its numbers."""
    items: list[tuple[float, str, str]] = []
    if sharp["value"] < TARGETS["sharpness_min"]:
        if sharp["edge_width_px"] is None:
            text = (
                "No edges found to judge focus: nothing rises clearly above the flat tones or the noise "
                f"(noise sigma {noise['sigma'] or 0:.1f} grey levels); check it is the intended render."
            )
        else:
            text = (
                f"Soft focus: the sharpest edges take {sharp['edge_width_output_px']:.1f} px to rise at "
                f"{res['intended_use']} size (sharpness {sharp['value']:.2f}, target >= {TARGETS['sharpness_min']:.2f}): "
                "check focus and camera shake, render at full resolution, or sharpen."
            )
        items.append((good["sharpness"], "sharpness", text))
    if noise["value"] > TARGETS["noise_max"]:
        items.append((
            good["noise"], "noise",
            f"Visible noise: sigma {noise['sigma']:.1f} grey levels in flat areas, {noise['sigma_span']:.1f} relative to "
            f"a full 0-255 tonal span (noise_level {noise['value']:.2f}, "
            f"target <= {TARGETS['noise_max']:.2f}): denoise, or use more render samples / a lower ISO.",
        ))
    hl, sh = tonal["clipped_highlights"], tonal["clipped_shadows"]
    if hl > TARGETS["highlights_max"]:
        items.append((
            good["exposure"], "clipped_highlights",
            f"Highlights clipped on {hl:.1%} of pixels (target <= {TARGETS['highlights_max']:.1%}): "
            "lower exposure or recover highlights from the raw/render.",
        ))
    if sh > TARGETS["shadows_max"]:
        items.append((
            good["exposure"], "clipped_shadows",
            f"Shadows crushed to black on {sh:.1%} of pixels (target <= {TARGETS['shadows_max']:.0%}): "
            "raise exposure or lift the shadows.",
        ))
    ev = tonal["ev_offset"]
    if abs(ev) > TARGETS["ev_offset_max"]:
        direction, action = ("Underexposed", "raise") if ev < 0 else ("Overexposed", "lower")
        items.append((
            good["exposure"], "exposure",
            f"{direction}: mean brightness {tonal['brightness']:.2f} is {abs(ev):.1f} EV "
            f"{'below' if ev < 0 else 'above'} mid-grey (0.46): {action} exposure by about {abs(ev):.1f} EV.",
        ))
    if tonal["contrast_rms"] < TARGETS["contrast_rms_min"]:
        lo, hi = tonal["tone_range"]
        items.append((
            good["contrast"], "contrast",
            f"Flat contrast: RMS contrast {tonal['contrast_rms']:.2f} (std/mean of linear luminance, "
            f"target >= {TARGETS['contrast_rms_min']:.2f}); "
            f"98 % of tones lie within {lo * 255:.0f}-{hi * 255:.0f} of 0-255: set black and white points or add contrast.",
        ))
    if block["value"] > TARGETS["blockiness_max"]:
        items.append((
            good["blockiness"], "blockiness",
            f"JPEG block artefacts: steps on the 8-px block grid are {block['ratio']:.2f}x the next strongest "
            f"(blockiness {block['value']:.2f}, target <= {TARGETS['blockiness_max']:.2f}): "
            "re-export from the source at quality 90 or above, or as PNG.",
        ))
    if eff["value"] < TARGETS["effective_resolution_min"]:
        items.append((good["effective_resolution"], "effective_resolution", _effective_text(eff)))
    if res["value"] < TARGETS["resolution_min"]:
        items.append((
            good["resolution"], "resolution",
            f"Resolution {res['width']}x{res['height']} fills {res['value']:.0%} of the {res['target']} frame for "
            f"'{res['intended_use']}' (needs a {res['upscale']:.2f}x upscale): supply a larger original.",
        ))
    items.sort(key=lambda item: item[0])
    return [text for _, _, text in items], [name for _, name, _ in items]


def measure_image(image: Image.Image, *, intended_use: str = "web") -> QualityReport:
    """Analyse ``image`` (any Pillow mode or size) for use at ``intended_use``.

    Raises ImageUnreadableError (a ValueError) for a non-image or an empty one,
    and ValueError for an unknown intended_use (see measures.INTENDED_USES).
    """
    if intended_use not in m.INTENDED_USES:
        raise ValueError(f"unknown intended_use {intended_use!r}; choose from {', '.join(m.INTENDED_USES)}")
    data = load_image(image)
    res = m.resolution(data.width, data.height, intended_use)
    tonal = m.tonal(data)
    lo, hi = tonal["tone_range"]
    noise = m.noise(data, tone_span=hi - lo)
    sharp = m.sharpness(data, output_scale=res["output_scale"], tone_span=hi - lo, noise_sigma=noise["sigma"])
    block = m.blockiness(data)
    colour = m.colourfulness(data)
    eff = effective_resolution(data)
    good = _goodness(sharp, noise, tonal, block, res, eff)
    score = round(_score(good), 1)
    recommendations, shortfalls = _recommend(sharp, noise, tonal, block, res, eff, good)
    if not recommendations:
        recommendations = [
            f"No measure fell short of its target at {intended_use} size (sharpness {sharp['value']:.2f}, "
            f"noise_level {noise['value']:.2f}, contrast {tonal['contrast']:.2f}, exposure {tonal['exposure']:.2f}, "
            f"detail for {eff['ratio']:.0%} of the nominal size): "
            "fit for production use."
        ]

    r3 = lambda v: None if v is None else round(float(v), 3)  # noqa: E731 - local formatter
    detailed = {
        "sharpness": {**sharp, "value": r3(sharp["value"])},
        "noise": {
            "noise_level": r3(noise["value"]),
            "sigma_grey_levels": noise["sigma"],
            "sigma_full_span": noise["sigma_span"],
        },
        "exposure": {
            "value": r3(tonal["exposure"]),
            "brightness": r3(tonal["brightness"]),
            "ev_offset": round(tonal["ev_offset"], 2),
            "clipped_highlights": r3(tonal["clipped_highlights"]),
            "clipped_shadows": r3(tonal["clipped_shadows"]),
        },
        "contrast": {
            "value": r3(tonal["contrast"]),
            "rms": r3(tonal["contrast_rms"]),
            "rms_encoded": r3(tonal["contrast_rms_encoded"]),
            "tone_range_1_99": [r3(v) for v in tonal["tone_range"]],
        },
        "dynamic_range": {"value": r3(tonal["dynamic_range"]), "stops": round(tonal["dynamic_range_stops"], 2)},
        "colourfulness": {**colour, "value": r3(colour["value"])},
        "blockiness": {"value": r3(block["value"]), "grid_step_ratio": block["ratio"]},
        "resolution": {k: (r3(v) if k == "value" else v) for k, v in res.items() if k != "output_scale"},
        "effective_resolution": {**eff, "value": r3(eff["value"])},
        "goodness": {k: r3(v) for k, v in good.items()},
        "weights": dict(WEIGHTS),
    }
    technical = {
        "sharpness": r3(sharp["value"]),  # higher is better
        "contrast": r3(tonal["contrast"]),  # higher is better
        "brightness": r3(tonal["brightness"]),  # mean luma; 0.46-0.5 is mid-grey, extremes are bad
        "noise_level": r3(noise["value"]),  # lower is better
    }
    return QualityReport(
        quality_score=score,
        quality_grade=grade_for(score),
        technical_metrics=technical,
        detailed_metrics=detailed,
        recommendations=recommendations,
        shortfalls=shortfalls,
        intended_use=intended_use,
        image={
            "width": data.width,
            "height": data.height,
            "mode": data.mode,
            "bit_depth": data.bit_depth,
            "greyscale": data.is_greyscale,
            "has_alpha": data.has_alpha,
        },
        notes=list(data.notes),
    )


def image_metrics(image: Image.Image, *, intended_use: str = "web", patch_tokens=None, patch_grid=None) -> dict:
    """Detailed metrics for analyze-image-metrics: every measure, composition score, overall rating."""
    report = measure_image(image, intended_use=intended_use)
    composition = analyze_composition(image, patch_tokens=patch_tokens, patch_grid=patch_grid)
    d = report.detailed_metrics
    return {
        "sharpness": d["sharpness"],
        "exposure": d["exposure"],
        "contrast": d["contrast"],
        "dynamic_range": d["dynamic_range"],
        "colourfulness": d["colourfulness"],
        "noise": d["noise"],
        "blockiness": d["blockiness"],
        "resolution": d["resolution"],
        "effective_resolution": d["effective_resolution"],
        "composition_score": composition["composition_score"],
        "overall_rating": {"quality_score": report.quality_score, "quality_grade": report.quality_grade},
        "recommendations": report.recommendations,
        "image": report.image,
        "notes": report.notes,
    }

"""The individual image quality measures, each normalised to 0..1.

Every function takes an :class:`~analysis.engine.quality.loading.ImageData` and returns
a plain dict: ``value`` (the 0..1 figure) plus the raw numbers it rests on, so
the report can explain itself ("edges take 4.1 px to rise"). Direction:
``sharpness``, ``contrast``, ``exposure``, ``colourfulness``, ``resolution``
and ``dynamic_range`` are higher-is-better; ``noise_level`` and ``blockiness``
are lower-is-better; ``brightness`` is best in the middle (0.5 = mid-grey).

Where a normalising constant is a choice rather than a published value, the
docstring says so; the validation in ``bench/quality_validation.py`` is what
checks those choices make the numbers move the right way.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from .loading import ImageData

__all__ = [
    "INTENDED_USES",
    "blockiness",
    "colourfulness",
    "noise",
    "resolution",
    "sharpness",
    "srgb_to_linear",
    "tonal",
]

BLOCK = 32  # block side for local measures: 32 px holds a whole blurred edge (4 sigma at sigma 4)

# Target frames, fitted inside (orientation-free): long side x short side.
INTENDED_USES: dict[str, tuple[int, int]] = {
    "web": (1280, 720),  # HD 720p (SMPTE 296M), the usual web hero-image width
    "hd": (1920, 1080),  # Full HD (ITU-R BT.709)
    "4k": (3840, 2160),  # UHD-1 (ITU-R BT.2020)
    "print": (3508, 2480),  # ISO 216 A4 at 300 ppi, the usual print-shop minimum
}


def srgb_to_linear(v: np.ndarray | float) -> np.ndarray | float:
    """IEC 61966-2-1 sRGB decoding: encoded 0..1 -> linear light 0..1."""
    v = np.asarray(v, dtype=np.float64)
    out = np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)
    return float(out) if out.ndim == 0 else out


def _blocks(a: np.ndarray, size: int = BLOCK) -> np.ndarray:
    """Non-overlapping size x size blocks of a 2-D array, as (n, size*size)."""
    h, w = a.shape[0] // size * size, a.shape[1] // size * size
    if h == 0 or w == 0:
        return np.empty((0, size * size), a.dtype)
    return a[:h, :w].reshape(h // size, size, w // size, size).swapaxes(1, 2).reshape(-1, size * size)


def _tile_blocks(data: ImageData) -> list[tuple[np.ndarray, np.ndarray]]:
    """The native tiles big enough for a 3x3 operator."""
    return [(lum, mask) for lum, mask in data.tiles if min(lum.shape) >= 3]


def _edge_widths(lum: np.ndarray, mask: np.ndarray, min_rise: float, smooth: float) -> np.ndarray:
    """Range / steepest step of every opaque block with an edge (see ``sharpness``)."""
    if smooth:
        lum = cv2.GaussianBlur(lum, (0, 0), smooth, borderType=cv2.BORDER_REFLECT)
    size = min(BLOCK, lum.shape[0] - 1, lum.shape[1] - 1)
    if size < 3:
        return np.empty(0)
    gx = np.abs(np.diff(lum, axis=1))[:-1, :]
    gy = np.abs(np.diff(lum, axis=0))[:, :-1]
    grad = np.sqrt(gx * gx + gy * gy)
    bm = _blocks(mask[:-1, :-1], size).all(axis=1)
    if not bm.any():
        return np.empty(0)
    bl, bg = _blocks(lum[:-1, :-1], size)[bm], _blocks(grad, size)[bm]
    rng = np.percentile(bl, 98, axis=1) - np.percentile(bl, 2, axis=1)
    slope = np.percentile(bg, 99, axis=1)
    edge = (rng > min_rise) & (slope > 0)
    return rng[edge] / slope[edge]


def sharpness(
    data: ImageData, *, output_scale: float = 1.0, tone_span: float = 1.0, noise_sigma: float | None = None
) -> dict:
    """Focus as edge width: how many pixels the sharpest edges take to rise.

    Method: in each 32x32 block of native pixels, the tonal range (98th minus
    2nd percentile) divided by the steepest step between neighbouring pixels
    (99th percentile of the forward-difference gradient) is the width of a
    ramp with that rise: 1 px for a perfect step, about 2.5 sigma px for a
    step blurred by a Gaussian of sigma. Blocks whose range is under 12 % of
    the image's tonal span (1st-99th percentile), or under 6 noise sigmas, or
    under 5 grey levels, hold no edge and are skipped (relative, so a
    low-contrast image still has edges; noise-aware, so grain is not taken for
    detail); the 15th percentile over edge blocks keeps the
    sharpest parts, so a deliberately blurred background does not count
    against an in-focus subject. This is the edge-spread idea of Marziliano
    et al., "A no-reference perceptual blur metric" (ICIP 2002), measured by
    range/slope instead of by tracing each edge.

    The width is then scaled to the intended output size (an image shown
    smaller looks sharper) and mapped to 0..1 as ``2 ** (-(w - 1) / 2)``:
    1.0 for 1-px edges, 0.5 for 3-px edges (a step blurred by sigma ~ 0.8 px,
    where softness shows at 100 % view; our calibration choice).
    """
    min_rise = max(5 / 255, 0.12 * tone_span, 6 * (noise_sigma or 0.0) / 255)
    # Grain makes every pixel step look like an edge; under visible noise the
    # widths are measured after a Gaussian of sigma_s and that Gaussian's own
    # width (measured on an ideal step, below) is taken out in quadrature.
    smooth = 0.0 if (noise_sigma or 0.0) < 2.0 else min(2.0, noise_sigma / 6.0)
    widths = []
    for lum, mask in _tile_blocks(data):
        widths.append(_edge_widths(lum, mask, min_rise, smooth))
    all_w = np.concatenate(widths) if widths else np.empty(0)
    if all_w.size == 0:
        return {"value": 0.0, "edge_width_px": None, "edge_width_output_px": None, "edge_blocks": 0}
    width = float(np.percentile(all_w, 15))
    if smooth:
        step = np.zeros((BLOCK, BLOCK), np.float32)
        step[:, BLOCK // 2 :] = 1.0
        own = float(np.median(_edge_widths(step, np.ones_like(step, bool), 0.5, smooth)))
        width = math.sqrt(max(1.0, width**2 - own**2 + 1.0))
    out_width = max(1.0, width * min(1.0, output_scale))
    return {
        "value": float(2.0 ** (-(out_width - 1.0) / 2.0)),
        "edge_width_px": round(width, 2),
        "edge_width_output_px": round(out_width, 2),
        "edge_blocks": int(all_w.size),
    }


# Immerkaer's mask: the difference of two Laplacians, blind to ramps and planes.
_IMMERKAER = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], dtype=np.float32)
NOISE_HALF_SIGMA = 8.0  # grey levels (of 255) of luma noise that map to noise_level 0.5


NOISE_MIN_SPAN = 0.2  # floor for the tonal span, so a nearly flat image does not read as all noise


def noise(data: ImageData, *, tone_span: float = 1.0) -> dict:
    """Noise as the standard deviation of luma in flat areas, in grey levels.

    Method: J. Immerkaer, "Fast noise variance estimation", CVIU 64(2), 1996
    (sigma = sqrt(pi/2) / 6 * mean |I * M|), restricted to non-edge pixels as in
    Tai & Yang, "A fast method for image noise estimation using Laplacian
    operator and adaptive edge detection" (ISCCSP 2008): pixels in the top
    10 % of gradient (found after a sigma = 1 Gaussian, so the noise itself is
    not called an edge) are left out, and so are clipped pixels, whose noise is
    cut off. The estimate is taken per 32x32 block and the 10th percentile over
    blocks kept: texture only ever adds, so the flattest blocks are the
    truest. Native pixels only: downscaling averages noise away.

    What the eye sees is noise against the picture's own contrast, so the
    level is taken relative to the tonal span (1st-99th percentile of luma,
    at least 0.2): sigma_span = sigma / span, i.e. grey levels had the tones
    filled 0-255. Darkening or flattening a clean image then leaves its
    noise_level alone, while the same grain on a flat image counts for more.
    noise_level = sigma_span / (sigma_span + 8): 0.5 at 8 grey levels, where
    grain is plain in mid-tones (our calibration choice); docs/api.md's example 0.15 for
    a clean image is ~1.4 grey levels. Lower is better.
    """
    sigmas = []
    for lum, mask in _tile_blocks(data):
        resp = np.abs(cv2.filter2D(lum, -1, _IMMERKAER, borderType=cv2.BORDER_REFLECT))
        smooth = cv2.GaussianBlur(lum, (0, 0), 1.0)
        grad = np.hypot(cv2.Sobel(smooth, cv2.CV_32F, 1, 0), cv2.Sobel(smooth, cv2.CV_32F, 0, 1))
        edge = grad > np.percentile(grad, 90)
        edge = cv2.dilate(edge.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
        usable = ~edge & mask & (lum > 2 / 255) & (lum < 253 / 255)
        usable[[0, -1], :] = False  # the mask reaches past the border there
        usable[:, [0, -1]] = False
        size = min(BLOCK, lum.shape[0], lum.shape[1])
        br, bu = _blocks(resp, size), _blocks(usable, size)
        n = bu.sum(axis=1)
        ok = n >= max(9, size * size // 4)
        if ok.any():
            sigmas.append((br * bu).sum(axis=1)[ok] / n[ok])
    if not sigmas:
        return {"value": 0.0, "sigma": None, "sigma_span": None, "blocks": 0}
    per_block = np.concatenate(sigmas) * math.sqrt(math.pi / 2) / 6 * 255.0
    sigma = float(np.percentile(per_block, 10))
    relative = sigma / max(tone_span, NOISE_MIN_SPAN)
    return {
        "value": relative / (relative + NOISE_HALF_SIGMA),
        "sigma": round(sigma, 2),
        "sigma_span": round(relative, 2),
        "blocks": int(per_block.size),
    }


BLOCKINESS_HALF_EXCESS = 0.5  # block-edge steps 1.5x the next offset's -> blockiness 0.5


def blockiness(data: ImageData) -> dict:
    """JPEG blocking: how much one column (and row) phase of 8 stands out.

    Method: the mean absolute step between neighbouring pixels is taken
    separately for each of the 8 column phases (x mod 8) and row phases; on a
    block-coded image the phase that sits on the 8x8 grid stands out. As in
    Wang, Bovik & Evans, "Blind measurement of blocking artifacts in images"
    (ICIP 2000), the grid is found rather than assumed (so a cropped JPEG still
    counts), but the reference is the *next strongest* phase instead of the
    average, so content that repeats every 2 or 4 pixels (nearest-neighbour
    upscales) is not mistaken for blocking. Needs native pixels, aligned to
    the grid (the loader's tiles are).

    blockiness = e / (e + 0.5), e = ratio - 1: 0 for no phase standing out,
    0.5 when block edges step 1.5x the next phase (our calibration choice;
    Pillow's quality 40 lands near there). Lower is better.
    """
    totals = {"columns": np.zeros(8), "rows": np.zeros(8)}
    counts = {"columns": np.zeros(8), "rows": np.zeros(8)}
    for lum, mask in data.tiles:
        for name, axis in (("columns", 1), ("rows", 0)):
            if lum.shape[axis] < 17:
                continue
            step = np.abs(np.diff(lum, axis=axis))
            both = mask[:, 1:] & mask[:, :-1] if axis == 1 else mask[1:, :] & mask[:-1, :]
            for phase in range(8):
                sl = (slice(None), slice(phase, None, 8)) if axis == 1 else (slice(phase, None, 8), slice(None))
                m = both[sl]
                totals[name][phase] += float(step[sl][m].sum())
                counts[name][phase] += float(m.sum())
    ratios = []
    for name in ("columns", "rows"):
        if counts[name].min() == 0:
            continue
        mean = totals[name] / counts[name]
        order = np.sort(mean)
        if order[-2] <= 0:
            ratios.append(1.0 if order[-1] <= 0 else 4.0)  # only one phase moves at all
            continue
        ratios.append(float(order[-1] / order[-2]))
    if not ratios:
        return {"value": 0.0, "ratio": None}
    ratio = float(np.mean(ratios))
    excess = max(0.0, ratio - 1.0)
    return {"value": excess / (excess + BLOCKINESS_HALF_EXCESS), "ratio": round(ratio, 3)}


# Well-exposedness after Mertens, Kautz & Van Reeth, "Exposure Fusion" (Pacific
# Graphics 2007), who weight pixels by exp(-(i - 0.5)^2 / (2 * 0.2^2)). Applied
# here to the image mean, flat-topped (4th power, half-width 0.3) because a
# whole image may be legitimately low- or high-key: a mean of 0.3-0.7 costs
# < 5 %, 0.24 costs 25 %, 0.1 costs 80 %.
EXPOSURE_HALF_WIDTH = 0.3
PILE_WINDOW = 4  # codes at the end of the histogram that a clipped (JPEG-wobbled) plateau spreads over
PILE_REFERENCE = 12  # codes just inside the window that say what the histogram's trend would give
# Clipping allowances and penalty scales (our choice): a few specular
# highlights are normal, so 1 % of pixels is allowed; beyond it the factor is
# (1 + excess / 0.02) ** -2: 2 % more costs 75 %, and it keeps falling (never
# flat at zero) so that worse stays worse. Deep black backgrounds and night
# skies are normal, so up to 20 % black is allowed, then (1 + excess / 0.1) ** -2.
HIGHLIGHT_ALLOWANCE, HIGHLIGHT_SCALE = 0.01, 0.02
SHADOW_ALLOWANCE, SHADOW_SCALE = 0.20, 0.10
MID_GREY = 0.46  # sRGB encoding of 18 % linear reflectance
CONTRAST_SCALE = 0.5  # linear-light RMS contrast giving 1 - 1/e = 0.63; photographs run 0.5-1.5
DYNAMIC_RANGE_FULL = 10.0  # stops: 8-bit sRGB encodes ~11.7, a good exposure uses ~10


def _pile(values: np.ndarray, *, top: bool) -> float:
    """Share of pixels piled up at the end of the histogram beyond its trend.

    Clipping shows as a spike in the last few codes of the histogram; a
    scene that merely fades to its brightest tone has no spike. The count in
    the last PILE_WINDOW codes, less what the PILE_REFERENCE codes just inside
    predict for that many codes, is the clipped share. Measuring the pile
    rather than a fixed level keeps the count after later edits (a clipped sky
    darkened or flattened is still a flat sky).
    """
    codes = np.clip(np.rint(values * 255.0), 0, 255).astype(np.int64)
    hist = np.bincount(codes, minlength=256)
    if not top:
        hist = hist[::-1]
    end = int(np.flatnonzero(hist)[-1])
    start = max(0, end - PILE_WINDOW + 1)
    pile = float(hist[start : end + 1].sum())
    ref = hist[max(0, start - PILE_REFERENCE) : start]
    expected = float(ref.mean()) * (end + 1 - start) if ref.size else 0.0
    return max(0.0, pile - expected) / values.size


def tonal(data: ImageData) -> dict:
    """Brightness, exposure and clipping, contrast and dynamic range, from the working copy.

    * brightness: mean BT.709 luma of the gamma-encoded image, 0..1; 0.46 is
      mid-grey (18 % reflectance). Best in the middle.
    * clipping: share of (opaque) pixels piled up at the top of the histogram
      (highlights, when that top is above mid-scale) or at its bottom
      (shadows, when below), taking each pixel's middle channel, so that at
      least two channels must be clipped (one alone would flag every bright
      blue sky). See ``_pile``: detail there is gone.
    * exposure (0..1, higher better): the flat-topped well-exposedness curve
      on the mean luma (see EXPOSURE_HALF_WIDTH), times the clipping penalties
      ``(1 + excess / scale) ** -2`` beyond their allowances. ``ev_offset`` says how
      far the mean sits from mid-grey in stops of linear light.
    * contrast: RMS contrast as E. Peli defines it ("Contrast in complex
      images", JOSA A 7(10), 1990): the standard deviation of luminance over
      its mean, in linear light, so that exposure alone does not change it;
      mapped 1 - exp(-rms / 0.5). The familiar std of the encoded luma is
      reported too (``rms_encoded``).
    * dynamic_range: stops between the 0.5th and 99.5th percentiles of linear
      luminance (floored at one 8-bit code), over 10 stops.
    """
    luma = data.luma[data.opaque]
    rgb = data.rgb[data.opaque]
    if luma.size == 0:
        luma, rgb = data.luma.ravel(), data.rgb.reshape(-1, 3)
    mean = float(luma.mean())
    # The middle channel (sum - max - min; np.median would sort): >= level <=> two channels are.
    mid = rgb.sum(axis=1) - rgb.max(axis=1) - rgb.min(axis=1)
    highlights = _pile(mid, top=True) if mid.max() >= 0.5 else 0.0
    shadows = _pile(mid, top=False) if mid.min() <= 0.5 else 0.0
    well = math.exp(-0.5 * ((mean - 0.5) / EXPOSURE_HALF_WIDTH) ** 4)
    exposure = (
        well
        * (1.0 + max(0.0, highlights - HIGHLIGHT_ALLOWANCE) / HIGHLIGHT_SCALE) ** -2
        * (1.0 + max(0.0, shadows - SHADOW_ALLOWANCE) / SHADOW_SCALE) ** -2
    )
    floor = float(srgb_to_linear(1 / 255))
    ev_offset = math.log2(max(float(srgb_to_linear(mean)), floor) / float(srgb_to_linear(MID_GREY)))
    linear = srgb_to_linear(luma)
    lin_mean = float(linear.mean())
    rms = float(linear.std()) / lin_mean if lin_mean > 0 else 0.0
    p_lo, p_hi = np.percentile(luma, [0.5, 99.5])
    lin_lo = max(float(srgb_to_linear(p_lo)), floor)
    lin_hi = max(float(srgb_to_linear(p_hi)), floor)
    stops = math.log2(lin_hi / lin_lo)
    p1, p99 = np.percentile(luma, [1, 99])
    return {
        "brightness": mean,
        "ev_offset": ev_offset,
        "clipped_highlights": highlights,
        "clipped_shadows": shadows,
        "exposure": exposure,
        "contrast_rms": rms,
        "contrast_rms_encoded": float(luma.std()),
        "contrast": 1.0 - math.exp(-rms / CONTRAST_SCALE),
        "tone_range": (float(p1), float(p99)),
        "dynamic_range_stops": stops,
        "dynamic_range": min(1.0, stops / DYNAMIC_RANGE_FULL),
    }


# Hasler & Suesstrunk's scale (M on 0..255 data): 0 not, 15 slightly, 33
# moderately, 45 averagely, 59 quite, 82 highly, 109 extremely colourful.
_COLOURFUL_LABELS = ((82, "highly"), (59, "quite"), (45, "averagely"), (33, "moderately"), (15, "slightly"))


def colourfulness(data: ImageData) -> dict:
    """Colourfulness M of D. Hasler & S. Suesstrunk, "Measuring colourfulness in
    natural images" (SPIE 5007, 2003): M = sigma_rgyb + 0.3 * mu_rgyb over the
    opponent channels rg = R - G and yb = (R + G) / 2 - B. value = M / 109, the
    top of their scale ("extremely colourful"), capped at 1. Informational: a
    black-and-white image is not a worse image, so this is left out of the score.
    """
    rgb = data.rgb[data.opaque] * 255.0
    if rgb.size == 0:
        rgb = data.rgb.reshape(-1, 3) * 255.0
    rg = rgb[:, 0] - rgb[:, 1]
    yb = 0.5 * (rgb[:, 0] + rgb[:, 1]) - rgb[:, 2]
    m = math.hypot(float(rg.std()), float(yb.std())) + 0.3 * math.hypot(float(rg.mean()), float(yb.mean()))
    label = next((name for bound, name in _COLOURFUL_LABELS if m >= bound), "not")
    if m >= 109:
        label = "extremely"
    return {"value": min(1.0, m / 109.0), "hasler_m": round(m, 2), "label": f"{label} colourful"}


def resolution(width: int, height: int, intended_use: str) -> dict:
    """Pixels against the frame of the intended use (INTENDED_USES), fitted inside it.

    value = min(1, max(long / target_long, short / target_short)): the share of
    the target frame's size the image fills at 1:1 when fitted inside it, so
    1.0 needs no upscaling. ``upscale`` is the enlargement it would need.
    """
    if intended_use not in INTENDED_USES:
        raise ValueError(f"unknown intended_use {intended_use!r}; choose from {', '.join(INTENDED_USES)}")
    t_long, t_short = INTENDED_USES[intended_use]
    long_side, short_side = max(width, height), min(width, height)
    cover = max(long_side / t_long, short_side / t_short)
    return {
        "value": min(1.0, cover),
        "width": width,
        "height": height,
        "intended_use": intended_use,
        "target": f"{t_long}x{t_short}",
        "upscale": round(max(1.0, 1.0 / cover), 2) if cover > 0 else None,
        # Displayed at the target size, the image is shrunk by this factor (<= 1).
        "output_scale": min(1.0, 1.0 / cover) if cover > 0 else 1.0,
    }

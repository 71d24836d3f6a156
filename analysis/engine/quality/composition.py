"""Composition analysis: where the subject sits, balance, horizon tilt, shot size.

``analyze_composition`` serves analyze-image-composition. Every estimate
says what it rests on (``basis``), because each is a heuristic:

* subject position: a saliency map, either computed from the pixels
  (spectral residual + frequency-tuned colour contrast, two classic
  training-free methods) or, when the caller has them, from DINOv3 patch
  tokens (their first principal component, which separates foreground from
  background in self-supervised ViT features);
* rule of thirds and centring: distance of the subject from the power points,
  scored as in Liu et al., "Optimizing photo composition" (Eurographics 2010);
* balance: share of saliency left/right and top/bottom of the centre lines;
* horizon: the dominant near-horizontal straight line (Canny + probabilistic
  Hough), its tilt and height;
* framing (shot size): from the largest frontal face when one is found
  (scikit-image's LBP face cascade; OpenCV 5 no longer ships Haar cascades),
  else from the salient subject's size; camera angle from the horizon height.
"""

from __future__ import annotations

import math
from functools import lru_cache

import cv2
import numpy as np
from PIL import Image

from .loading import load_image

__all__ = ["SHOT_SIZES", "analyze_composition", "saliency_from_tokens"]

GRID = 128  # long side of the saliency grid: subject position to <1 % of the frame
THIRDS_SIGMA = 0.17  # Liu et al. 2010: exp(-d^2 / (2 * 0.17^2)) for distance to a power point
FACE_SIDE = 320  # detection size; faces under 20 px there (~6 % of frame height) are missed
HEAD_PER_FACE_BOX = 1.5  # the cascade's box spans brow to chin; crown to chin is ~1.5x that

# Shot sizes by head height / frame height, from the figure canon of ~7.5
# heads per body: a full figure with headroom is ~8-10 heads tall (wide), knees
# up ~6-7 (medium wide), waist up ~4-6 (medium), chest up ~2.5-4 (medium
# close-up), head and shoulders ~1.3-2.5 (close-up), less than a head (extreme).
SHOT_SIZES: tuple[tuple[float, str], ...] = (
    (0.75, "extreme_close_up"),
    (0.40, "close_up"),
    (0.25, "medium_close_up"),
    (0.15, "medium_shot"),
    (0.10, "medium_wide_shot"),
    (0.05, "wide_shot"),
    (0.0, "extreme_wide_shot"),
)
# Without a face: bounding-box share of the frame taken by the salient subject (our choice).
SUBJECT_SHOT_SIZES: tuple[tuple[float, str], ...] = (
    (0.5, "close_up"),
    (0.2, "medium_shot"),
    (0.05, "wide_shot"),
    (0.0, "extreme_wide_shot"),
)
POWER_POINTS = ((1 / 3, 1 / 3), (2 / 3, 1 / 3), (1 / 3, 2 / 3), (2 / 3, 2 / 3))


def _normalise(s: np.ndarray) -> np.ndarray:
    s = s - s.min()
    top = s.max()
    return s / top if top > 0 else np.full_like(s, 1.0)


def _spectral_residual(luma: np.ndarray) -> np.ndarray:
    """X. Hou & L. Zhang, "Saliency detection: a spectral residual approach" (CVPR 2007).

    The log-amplitude spectrum minus its local average is what is unexpected in
    the image; transformed back with the original phase, it lights up objects.
    Computed at 64 px on the long side, as in the paper.
    """
    h, w = luma.shape
    s = 64 / max(h, w)
    small = cv2.resize(luma, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
    spec = np.fft.fft2(small)
    log_amp = np.log(np.abs(spec) + 1e-9)
    residual = log_amp - cv2.blur(log_amp, (3, 3), borderType=cv2.BORDER_REPLICATE)
    sal = np.abs(np.fft.ifft2(np.exp(residual + 1j * np.angle(spec)))) ** 2
    sal = cv2.GaussianBlur(sal.astype(np.float32), (0, 0), 3.0)  # sigma 3 at 64 px: our choice
    return cv2.resize(sal, (w, h), interpolation=cv2.INTER_LINEAR)


def _frequency_tuned(rgb: np.ndarray) -> np.ndarray:
    """R. Achanta et al., "Frequency-tuned salient region detection" (CVPR 2009).

    Distance in CIELAB between each (slightly blurred) pixel and the image's
    mean colour: whole objects that differ from the scene's average stand out.
    """
    lab = cv2.cvtColor(rgb.astype(np.float32), cv2.COLOR_RGB2Lab)
    blurred = cv2.GaussianBlur(lab, (5, 5), 0)
    return np.linalg.norm(blurred - lab.reshape(-1, 3).mean(axis=0), axis=2)


def saliency_from_tokens(patch_tokens: np.ndarray, *, grid_shape: tuple[int, int] | None = None,
                         aspect: float = 1.0) -> np.ndarray:
    """Foreground map (gh, gw) in 0..1 from DINOv3 patch tokens ((gh, gw, D) or (N, D)).

    First principal component of the centred tokens, signed so the frame's
    border (usually background) is low. For (N, D) input the grid is
    ``grid_shape`` or the factor pair of N closest to ``aspect`` (width/height).
    """
    tokens = np.asarray(patch_tokens, dtype=np.float32)
    if tokens.ndim == 3:
        gh, gw = tokens.shape[:2]
        tokens = tokens.reshape(gh * gw, -1)
    elif tokens.ndim == 2:
        n = tokens.shape[0]
        if grid_shape is not None:
            gh, gw = grid_shape
        else:
            pairs = [(a, n // a) for a in range(1, n + 1) if n % a == 0]
            gh, gw = min(pairs, key=lambda p: abs(math.log(p[1] / p[0]) - math.log(aspect)))
        if gh * gw != n:
            raise ValueError(f"patch grid {gh}x{gw} does not hold {n} tokens")
    else:
        raise ValueError("patch_tokens must be (gh, gw, D) or (N, D)")
    if tokens.shape[0] < 4:
        raise ValueError("need at least 4 patch tokens")
    centred = tokens - tokens.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    pc1 = (centred @ vt[0]).reshape(gh, gw)
    border = np.concatenate([pc1[0], pc1[-1], pc1[:, 0], pc1[:, -1]])
    if border.mean() > pc1.mean():
        pc1 = -pc1
    return _normalise(pc1)


def _subject(sal: np.ndarray) -> dict:
    """Subject = the connected salient region with the most saliency mass.

    Region: saliency above twice its mean, the adaptive threshold of Achanta
    et al. (2009). Position: saliency-weighted centroid of that region; size:
    bounding box of the above-mean area joined to it.
    """
    h, w = sal.shape
    mask = (sal >= 2.0 * sal.mean()).astype(np.uint8)
    if not mask.any():
        mask[:] = 1
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    mass = np.bincount(labels.ravel(), weights=sal.ravel(), minlength=count)
    mass[0] = -1.0  # background label
    best = int(np.argmax(mass)) if count > 1 else 0
    region = labels == best if count > 1 else np.ones_like(mask, bool)
    ys, xs = np.nonzero(region)
    weights = sal[ys, xs] + 1e-9
    cx = float(np.average(xs + 0.5, weights=weights)) / w
    cy = float(np.average(ys + 0.5, weights=weights)) / h
    # Extent: the part above the mean that is connected to the core region;
    # the 2x-mean core alone is often just the subject's most striking detail.
    loose = (sal >= sal.mean()).astype(np.uint8) | region.astype(np.uint8)
    _, loose_labels = cv2.connectedComponents(loose, connectivity=8)
    ys, xs = np.nonzero(loose_labels == loose_labels[ys[0], xs[0]])
    x0, x1 = xs.min() / w, (xs.max() + 1) / w
    y0, y1 = ys.min() / h, (ys.max() + 1) / h
    return {
        "x": round(cx, 3),
        "y": round(cy, 3),
        "bbox": [round(float(v), 3) for v in (x0, y0, x1, y1)],
        "area_fraction": round(float((x1 - x0) * (y1 - y0)), 3),
    }


def _thirds(x: float, y: float) -> dict:
    dists = [math.hypot(x - px, y - py) for px, py in POWER_POINTS]
    i = int(np.argmin(dists))
    d_centre = math.hypot(x - 0.5, y - 0.5)
    score = math.exp(-dists[i] ** 2 / (2 * THIRDS_SIGMA**2))
    centre = math.exp(-(d_centre**2) / (2 * THIRDS_SIGMA**2))
    names = ("upper-left", "upper-right", "lower-left", "lower-right")
    if dists[i] < 0.08:  # within ~8 % of the frame: on the point, to the eye
        placement = f"{names[i]} thirds point"
    elif d_centre < 0.08:
        placement = "centre"
    else:
        placement = "off the thirds points and centre"
    return {
        "score": round(score, 3),
        "nearest_power_point": [round(v, 3) for v in POWER_POINTS[i]],
        "distance": round(dists[i], 3),
        "centre_score": round(centre, 3),
        "placement": placement,
    }


def _balance(sal: np.ndarray) -> dict:
    h, w = sal.shape
    total = float(sal.sum()) or 1.0
    cols = sal.sum(axis=0)
    rows = sal.sum(axis=1)
    xs = (np.arange(w) + 0.5) / w
    ys = (np.arange(h) + 0.5) / h
    # Share of each column's (row's) extent left of (above) the centre line,
    # so a middle column of an odd-width grid is split between the halves.
    left = float(cols @ np.clip((0.5 - np.arange(w) / w) * w, 0, 1)) / total
    top = float(rows @ np.clip((0.5 - np.arange(h) / h) * h, 0, 1)) / total
    return {
        "left_weight": round(left, 3),
        "right_weight": round(1 - left, 3),
        "top_weight": round(top, 3),
        "bottom_weight": round(1 - top, 3),
        "horizontal": round(1 - abs(2 * left - 1), 3),
        "vertical": round(1 - abs(2 * top - 1), 3),
        "centre_of_mass": [round(float(cols @ xs) / total, 3), round(float(rows @ ys) / total, 3)],
    }


def _horizon(luma: np.ndarray) -> dict:
    """Dominant near-horizontal line: tilt (degrees, + = rising to the right) and height."""
    h, w = luma.shape
    s = min(1.0, 640 / max(h, w))
    img = cv2.resize(luma, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
    img8 = np.clip(img * 255, 0, 255).astype(np.uint8)
    ih, iw = img8.shape
    none = {"detected": False, "tilt_degrees": None, "position_y": None, "confidence": 0.0}
    if min(ih, iw) < 16:
        return none
    med = float(np.median(img8))
    # Canny thresholds at 0.66x and 1.33x the median: the usual automatic choice.
    edges = cv2.Canny(cv2.GaussianBlur(img8, (5, 5), 0), max(10, 0.66 * med), max(30, 1.33 * med))
    lines = cv2.HoughLinesP(edges, 1, np.pi / 720, threshold=max(20, iw // 10),
                            minLineLength=iw * 0.3, maxLineGap=iw * 0.02)
    if lines is None:
        return none
    seg = np.asarray(lines, dtype=np.float64).reshape(-1, 4)  # OpenCV 4 gives (N, 1, 4), 5 gives (N, 4)
    dx, dy = seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1]
    angle = -np.degrees(np.arctan2(dy, dx))  # image y grows downwards
    angle = (angle + 90) % 180 - 90
    length = np.hypot(dx, dy)
    near = np.abs(angle) <= 30
    if not near.any():
        return none
    angle, length, seg = angle[near], length[near], seg[near]
    hist = np.bincount(np.clip(np.round(angle + 30).astype(int), 0, 60), weights=length, minlength=61)
    peak = int(np.argmax(np.convolve(hist, np.ones(3), mode="same"))) - 30
    group = np.abs(angle - peak) <= 1.5
    tilt = float(np.average(angle[group], weights=length[group]))
    mid_y = float(np.average((seg[group, 1] + seg[group, 3]) / 2, weights=length[group])) / ih
    confidence = min(1.0, float(length[group].sum()) / iw)
    return {"detected": True, "tilt_degrees": round(tilt, 2), "position_y": round(mid_y, 3),
            "confidence": round(confidence, 3)}


@lru_cache(maxsize=1)
def _face_cascade():
    from skimage.data import lbp_frontal_face_cascade_filename
    from skimage.feature import Cascade

    return Cascade(lbp_frontal_face_cascade_filename())


def _faces(luma: np.ndarray) -> list[dict]:
    h, w = luma.shape
    s = min(1.0, FACE_SIDE / max(h, w))
    img = cv2.resize(luma, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
    if min(img.shape) < 24:
        return []
    # min_neighbor_number=6: fewer false faces in petals and fur than the default 4.
    found = _face_cascade().detect_multi_scale(
        img=np.ascontiguousarray(img, dtype=np.float32), scale_factor=1.15, step_ratio=1.2,
        min_size=(20, 20), max_size=img.shape, min_neighbor_number=6,
    )
    ih, iw = img.shape
    faces = [
        {"x": round(d["c"] / iw, 3), "y": round(d["r"] / ih, 3),
         "width": round(d["width"] / iw, 3), "height": round(d["height"] / ih, 3)}
        for d in found
    ]
    return sorted(faces, key=lambda f: f["height"], reverse=True)


def _framing(faces: list[dict], subject: dict) -> dict:
    if faces:
        face = faces[0]
        head = min(1.0, face["height"] * HEAD_PER_FACE_BOX)
        size = next(name for bound, name in SHOT_SIZES if head >= bound)
        return {
            "shot_size": size,
            "basis": "face",
            "confidence": "medium",
            "explanation": (
                f"largest frontal face box is {face['height']:.0%} of the frame height, so the head "
                f"(~{HEAD_PER_FACE_BOX}x the box) fills ~{head:.0%}: {size.replace('_', ' ')}"
            ),
        }
    area = subject["area_fraction"]
    size = next(name for bound, name in SUBJECT_SHOT_SIZES if area >= bound)
    return {
        "shot_size": size,
        "basis": "subject_size",
        "explanation": (
            f"no frontal face found (faces under ~6 % of the frame height are not searched); "
            f"the salient subject's box covers {area:.0%} of the frame: {size.replace('_', ' ')}"
        ),
    }


def _camera_angle(horizon: dict) -> dict:
    if not horizon["detected"] or horizon["confidence"] < 0.5:
        return {"estimate": "unknown", "basis": "no dominant horizontal line to take as the horizon"}
    tilt, y = horizon["tilt_degrees"], horizon["position_y"]
    if abs(tilt) >= 10:  # beyond what reads as an accidental slant
        return {"estimate": "dutch_angle", "basis": f"the dominant horizontal line is tilted {tilt:+.1f} degrees"}
    # A level camera puts the true horizon at mid-height; pitching down raises it.
    estimate = "high_angle" if y < 0.4 else "low_angle" if y > 0.6 else "eye_level"
    return {
        "estimate": estimate,
        "basis": f"dominant horizontal line, taken as the horizon, at {y:.0%} of the height "
                 "(a level camera puts the horizon at mid-height)",
    }


def analyze_composition(image: Image.Image, *, patch_tokens: np.ndarray | None = None,
                        patch_grid: tuple[int, int] | None = None) -> dict:
    """Subject position, rule of thirds, balance, horizon and framing of ``image``.

    ``patch_tokens`` (DINOv3 patch tokens for this image, (gh, gw, D) or
    (N, D) with ``patch_grid``) replace the pixel saliency when given. Raises
    ImageUnreadableError for a non-image, ValueError for malformed tokens.
    """
    data = load_image(image)
    h, w = data.luma.shape
    s = GRID / max(h, w)
    size = (max(1, round(w * s)), max(1, round(h * s)))
    small_rgb = cv2.resize(data.rgb, size, interpolation=cv2.INTER_AREA)
    small_luma = cv2.resize(data.luma, size, interpolation=cv2.INTER_AREA)
    if patch_tokens is not None:
        token_map = saliency_from_tokens(patch_tokens, grid_shape=patch_grid, aspect=w / h)
        sal = cv2.resize(token_map.astype(np.float32), size, interpolation=cv2.INTER_LINEAR)
        source = "dinov3_patch_tokens"
        source_text = "the first principal component of the DINOv3 patch tokens"
    else:
        sal = 0.5 * _normalise(_spectral_residual(small_luma)) + 0.5 * _normalise(_frequency_tuned(small_rgb))
        source = "spectral_residual+frequency_tuned"
        source_text = "pixel saliency (spectral residual and frequency-tuned colour contrast)"
    opaque = cv2.resize(data.opaque.astype(np.uint8), size, interpolation=cv2.INTER_NEAREST).astype(bool)
    sal = np.where(opaque, sal, 0.0).astype(np.float32)

    subject = _subject(sal)
    thirds = _thirds(subject["x"], subject["y"])
    balance = _balance(sal)
    horizon = _horizon(data.luma)
    faces = _faces(data.luma)
    framing = _framing(faces, subject)
    framing["faces"] = faces
    camera = _camera_angle(horizon)
    levelness = 1.0 if not horizon["detected"] else math.exp(-((horizon["tilt_degrees"] / 3.0) ** 2))
    # Heuristic blend (our weights): placement matters most, then balance, then a level horizon.
    score = 0.5 * max(thirds["score"], thirds["centre_score"]) + 0.3 * balance["horizontal"] + 0.2 * levelness
    subject["placement"] = thirds["placement"]
    return {
        "subject_position": subject,
        "saliency_source": source,
        "rule_of_thirds": thirds,
        "balance": balance,
        "horizon": horizon,
        "framing": framing,
        "camera_angle": camera,
        "composition_score": round(score, 3),
        "basis": (
            f"Subject position, thirds and balance rest on {source_text}. "
            f"Shot size rests on {'the largest detected face' if faces else 'the salient subject size (no face found)'}. "
            f"Camera angle rests on {'the horizon height' if camera['estimate'] != 'unknown' else 'nothing reliable: unknown'}."
        ),
    }

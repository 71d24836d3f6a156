"""Build test videos with a known shot script from scikit-image's sample photos.

Used by the test suite and by bench/shot_detection.py: every video comes with its ground truth
(the boundary frames with their transition type, and each shot's camera movement), so shot
detection and movement classification can be scored exactly. A "camera" is a crop window moving
over an enlarged photo: a window sliding left is a pan left (the picture moves right), one that
shrinks is a zoom in, one that jitters is handheld.

Boundary convention (the same one `shots.py` reports): the boundary is the first frame of the
new shot. For a dissolve it is the first frame whose mix is at least half the new shot; for a
fade through black it is the middle frame of the black hold.
"""
from __future__ import annotations

import math
import random
from dataclasses import asdict, dataclass, field
from pathlib import Path

import cv2
import numpy as np

# Real photographs only ("cat" is the same picture as "chelsea"; "colorwheel" is a synthetic
# gradient). "camera" is grey, for variety.
PHOTOS = ("astronaut", "coffee", "chelsea", "rocket", "hubble_deep_field", "immunohistochemistry",
          "retina", "camera")
MOVEMENTS = ("static", "pan_left", "pan_right", "tilt_up", "tilt_down", "zoom_in", "zoom_out", "handheld")
TRANSITIONS = ("cut", "fade", "dissolve")

WHIP_S = 0.32  # a whip pan's length: about 8 frames at 25 fps
WHIP_WIDTHS = 0.8  # how far it throws the window, in window widths
FLASH_FRAMES = 2
# Slow moves as an editor would leave them inside one shot: 10 to 30 s, so speeds of a few
# hundredths of a window width (or of log-size) per second.
SLOW_MOVEMENTS = ("pan_left", "pan_right", "tilt_up", "tilt_down", "zoom_in", "zoom_out", "static")

_photo_cache: dict[str, np.ndarray] = {}


def photo_bgr(name: str) -> np.ndarray:
    """A scikit-image sample photo as a BGR uint8 array (grey photos are expanded to 3 channels)."""
    if name not in _photo_cache:
        import skimage.data

        image = np.asarray(getattr(skimage.data, name)())
        if image.ndim == 2:
            image = np.repeat(image[:, :, None], 3, axis=2)
        image = image[:, :, :3].astype(np.uint8)
        _photo_cache[name] = np.ascontiguousarray(image[:, :, ::-1])
    return _photo_cache[name]


@dataclass(frozen=True)
class ShotSpec:
    """One shot of the script. `transition` is how this shot is entered (ignored for the first).

    `speed` is the camera speed in window widths per second for pans/tilts, and the change of the
    window's log-size per second for zooms; `window` is the window's width as a fraction of the
    photo's shorter fitting side (smaller is a tighter framing).
    """

    photo: str
    movement: str = "static"
    frames: int = 30
    transition: str = "cut"
    transition_frames: int = 0
    speed: float = 0.25
    window: float = 0.6
    center: tuple[float, float] = (0.5, 0.5)
    hold_frames: int = 2  # black frames in the middle of a fade
    # Events inside the shot, none of which is a boundary:
    lighting: float = 0.0  # exposure change across the shot, in stops (a slow dimmer or a cloud)
    flashes: tuple[float, ...] = ()  # where (0..1 along the shot) a 2-frame photo flash fires
    whip_at: float | None = None  # where (0..1) a whip pan of WHIP_S throws the window sideways


@dataclass
class ShotTruth:
    start_frame: int
    end_frame: int  # inclusive
    movement_type: str
    photo: str
    transition_in: str | None
    transition_span: tuple[int, int] | None = None  # first and last frame of the incoming transition


@dataclass
class GroundTruth:
    path: str
    fps: float
    width: int
    height: int
    frame_count: int
    shots: list[ShotTruth] = field(default_factory=list)

    @property
    def boundaries(self) -> list[tuple[int, str]]:
        return [(shot.start_frame, shot.transition_in or "cut") for shot in self.shots[1:]]

    @property
    def spans(self) -> list[tuple[int, int]]:
        """Each boundary's transition frames (first, last): the mixed frames of a dissolve, the
        whole dip of a fade, the boundary frame itself for a cut."""
        return [shot.transition_span or (shot.start_frame, shot.start_frame) for shot in self.shots[1:]]

    def to_dict(self) -> dict:
        data = asdict(self)
        data["boundaries"] = [{"frame": f, "type": t} for f, t in self.boundaries]
        return data


def _camera_path(spec: ShotSpec, n: int, fps: float, photo_size: tuple[int, int], aspect: float,
                 rng: random.Random):
    """Crop windows (cx, cy, width) in photo pixels for each of n frames, kept inside the photo."""
    pw, ph = photo_size
    base = min(pw, ph * aspect)  # the widest window of this aspect that fits the photo
    duration = n / fps
    w0 = spec.window * base
    if spec.movement == "zoom_out":  # the window grows: start small enough to end inside the photo
        w0 = min(w0, 0.95 * base * math.exp(-spec.speed * duration))
    travel = spec.speed * duration * w0  # pans and tilts: how far the window moves in all
    if spec.movement in ("pan_left", "pan_right"):
        w0 = min(w0, (pw - 2) / (1 + spec.speed * duration))
        travel = spec.speed * duration * w0
    if spec.movement in ("tilt_up", "tilt_down"):
        w0 = min(w0, (ph - 2) * aspect / (1 + spec.speed * duration * aspect))
        travel = spec.speed * duration * w0
    whip = WHIP_WIDTHS * w0 if spec.whip_at is not None else 0.0
    if whip:
        w0 = min(w0, (pw - 2) / (1 + WHIP_WIDTHS))
        whip = WHIP_WIDTHS * w0
    cx0 = float(np.clip(spec.center[0] * pw, w0 / 2 + travel / 2 + whip / 2 + 1, pw - w0 / 2 - travel / 2 - whip / 2 - 1))
    cy0 = float(np.clip(spec.center[1] * ph, w0 / aspect / 2 + travel / 2 + 1, ph - w0 / aspect / 2 - travel / 2 - 1))
    # Handheld jitter: sinusoids between 1.5 and 5 Hz of about 1.5 % of the window's width.
    waves = [(rng.uniform(1.5, 5.0), rng.uniform(0, 2 * math.pi), rng.uniform(1.5, 5.0), rng.uniform(0, 2 * math.pi))
             for _ in range(3)]
    for i in range(n):
        t = i / fps
        p = (i / max(1, n - 1)) - 0.5  # -0.5 .. 0.5 along the move
        cx, cy, w = cx0, cy0, w0
        if spec.movement == "pan_left":
            cx = cx0 - p * travel
        elif spec.movement == "pan_right":
            cx = cx0 + p * travel
        elif spec.movement == "tilt_up":
            cy = cy0 - p * travel
        elif spec.movement == "tilt_down":
            cy = cy0 + p * travel
        elif spec.movement == "zoom_in":
            w = w0 * math.exp(-spec.speed * t)
        elif spec.movement == "zoom_out":
            w = w0 * math.exp(spec.speed * t)
        elif spec.movement == "handheld":
            amp = 0.015 * w0
            cx += sum(amp * math.sin(2 * math.pi * fx * t + px) for fx, px, _, _ in waves) / 2
            cy += sum(amp * math.sin(2 * math.pi * fy * t + py) for _, _, fy, py in waves) / 2
        if whip:
            u = float(np.clip((t - spec.whip_at * duration) / WHIP_S, 0.0, 1.0))
            cx += whip * (u * u * (3 - 2 * u) - 0.5)  # smoothstep: accelerate, then brake
        yield cx, cy, w


def render_shot(spec: ShotSpec, n: int, *, size: tuple[int, int], fps: float, seed: int = 0) -> list[np.ndarray]:
    """Render n frames of a shot: the crop window over the photo, resampled to `size` (w, h)."""
    out_w, out_h = size
    photo = photo_bgr(spec.photo)
    ph, pw = photo.shape[:2]
    frames = []
    rng = random.Random(seed)
    shrunk: dict[int, np.ndarray] = {}
    flash_frames = {int(round(f * (n - 1))) + k for f in spec.flashes for k in range(FLASH_FRAMES)}
    last_cx = None
    for i, (cx, cy, win_w) in enumerate(_camera_path(spec, n, fps, (pw, ph), out_w / out_h, rng)):
        scale = win_w / out_w  # photo pixels per output pixel
        src, factor = photo, 1.0
        if scale > 1.6:  # pre-shrink (by whole steps, cached) so a large window does not alias
            step = int(scale / 1.2)
            if step not in shrunk:
                shrunk[step] = cv2.resize(photo, (pw // step, ph // step), interpolation=cv2.INTER_AREA)
            src, factor = shrunk[step], pw / (pw // step)
        s = scale / factor
        matrix = np.array([[s, 0, cx / factor - s * out_w / 2], [0, s, cy / factor - s * out_h / 2]])
        frame = cv2.warpAffine(src, matrix, (out_w, out_h), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                               borderMode=cv2.BORDER_REFLECT)
        streak = 0 if last_cx is None else int(abs(cx - last_cx) / scale)  # output pixels moved this frame
        if streak >= 3:  # a shutter open for the whole frame smears fast motion along it
            frame = cv2.blur(frame, (streak, 1))
        last_cx = cx
        gain = 2.0 ** (spec.lighting * i / max(1, n - 1))
        if gain != 1.0:
            frame = np.clip(frame.astype(np.float32) * gain, 0, 255).astype(np.uint8)
        if i in flash_frames:  # a flash washes the picture towards white, then decays
            strength = 0.75 if (i - 1) not in flash_frames else 0.4
            frame = (frame.astype(np.float32) * (1 - strength) + 255 * strength).astype(np.uint8)
        frames.append(frame)
    return frames


def render_script(script: list[ShotSpec], *, size: tuple[int, int], fps: float, seed: int = 0):
    """Yield the frames of the whole script and build its ground truth (path filled in by the caller).

    Shots overlap by their dissolve length; a fade adds black hold frames between the two shots.
    """
    truth = GroundTruth(path="", fps=fps, width=size[0], height=size[1], frame_count=0)

    def frames_gen():
        index = 0
        pending: list[np.ndarray] = []  # the previous shot's frames not yet written
        for k, spec in enumerate(script):
            next_spec = script[k + 1] if k + 1 < len(script) else None
            overlap_out = 0
            if next_spec is not None and next_spec.transition == "dissolve":
                overlap_out = next_spec.transition_frames
            frames = render_shot(spec, spec.frames + overlap_out, size=size, fps=fps, seed=seed * 1000 + k)
            transition = spec.transition if k else None
            span_start = index
            if k == 0:
                start = 0
            elif transition == "dissolve":
                n = spec.transition_frames
                mixes = [(i + 1) / (n + 1) for i in range(n)]
                for i, alpha in enumerate(mixes):
                    if alpha >= 0.5 and truth.shots[-1].end_frame == -1:
                        truth.shots[-1].end_frame = index - 1
                        start = index
                    yield cv2.addWeighted(pending[i], 1 - alpha, frames[i], alpha, 0)
                    index += 1
                frames = frames[n:]
            elif transition == "fade":
                n = spec.transition_frames
                for i in range(n):
                    yield (pending[i].astype(np.float32) * (1 - (i + 1) / (n + 1))).astype(np.uint8)
                    index += 1
                black = np.zeros_like(frames[0])
                for i in range(spec.hold_frames):
                    if i == spec.hold_frames // 2:
                        truth.shots[-1].end_frame = index - 1
                        start = index
                    yield black
                    index += 1
                for i in range(n):
                    yield (frames[i].astype(np.float32) * ((i + 1) / (n + 1))).astype(np.uint8)
                    index += 1
                frames = frames[n:]
            else:
                if truth.shots:
                    truth.shots[-1].end_frame = index - 1
                start = index
            own = frames[: len(frames) - overlap_out] if overlap_out else frames
            if next_spec is not None and next_spec.transition == "fade":
                own, pending = own[: len(own) - next_spec.transition_frames], own[len(own) - next_spec.transition_frames:]
            elif overlap_out:
                pending = frames[len(frames) - overlap_out:]
            for frame in own:
                yield frame
                index += 1
            span = (span_start, span_start + spec.transition_frames - 1) if transition == "dissolve" else (
                (span_start, span_start + 2 * spec.transition_frames + spec.hold_frames - 1) if transition == "fade" else None)
            truth.shots.append(ShotTruth(start, -1, spec.movement, spec.photo, transition, span))
        truth.shots[-1].end_frame = index - 1
        truth.frame_count = index

    return frames_gen(), truth


def write_video(path: str | Path, script: list[ShotSpec], *, size: tuple[int, int] = (320, 240),
                fps: float = 25.0, seed: int = 0) -> GroundTruth:
    """Write the script as an MP4 (MPEG-4 Part 2, which OpenCV's bundled FFmpeg can encode)."""
    path = Path(path)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, size)
    if not writer.isOpened():
        raise RuntimeError(f"OpenCV cannot write {path}")
    frames, truth = render_script(script, size=size, fps=fps, seed=seed)
    try:
        for frame in frames:
            writer.write(frame)
    finally:
        writer.release()
    truth.path = str(path)
    return truth


def random_script(rng: random.Random, *, shots: int, fps: float, min_s: float = 1.6, max_s: float = 3.5,
                  transitions: tuple[str, ...] = TRANSITIONS, movements: tuple[str, ...] = MOVEMENTS) -> list[ShotSpec]:
    """A random but reproducible script: consecutive shots never reuse the same photo."""
    script: list[ShotSpec] = []
    last = ""
    for k in range(shots):
        photo = rng.choice([p for p in PHOTOS if p != last])
        last = photo
        movement = rng.choice(movements)
        transition = rng.choice(transitions) if k else "cut"
        tlen = 0 if transition == "cut" else int(round(fps * rng.uniform(0.4, 1.0)))
        speed = rng.uniform(0.15, 0.3)
        script.append(ShotSpec(photo=photo, movement=movement, frames=int(round(fps * rng.uniform(min_s, max_s))),
                               transition=transition, transition_frames=tlen, speed=speed,
                               window=rng.uniform(0.45, 0.65), hold_frames=rng.randint(1, 4)))
    return script


def slow_moves_script(rng: random.Random, *, fps: float, seconds: float = 90.0,
                      transitions: tuple[str, ...] = TRANSITIONS) -> list[ShotSpec]:
    """About `seconds` of footage whose long shots hold one slow move each (pan, tilt, zoom or a
    slow lighting change, 10 to 30 s), with photo flashes and whip pans inside some shots, between
    ordinary 2-4 s shots. Only the joins between shots are boundaries."""
    script: list[ShotSpec] = []
    last, total, k = "", 0, 0
    while total < seconds * fps:
        photo = rng.choice([p for p in PHOTOS if p != last])
        last = photo
        transition = rng.choice(transitions) if k else "cut"
        tlen = 0 if transition == "cut" else int(round(fps * rng.uniform(0.4, 1.0)))
        if k % 2 == 0:  # a long shot with a slow move
            length = rng.uniform(10.0, 30.0)
            movement = rng.choice(SLOW_MOVEMENTS)
            lighting = rng.choice((0.0, 0.0, -1.5, 1.0)) if movement != "static" else rng.choice((-1.5, 1.0))
            # Pans and tilts cross 0.5-1.5 windows in the whole shot; zooms change size 1.5-3x.
            span = rng.uniform(0.5, 1.5) if movement.startswith(("pan", "tilt")) else rng.uniform(0.4, 1.1)
            speed = span / length
            window = rng.uniform(0.35, 0.5)
        else:
            length = rng.uniform(2.0, 4.0)
            movement, lighting, speed, window = rng.choice(MOVEMENTS), 0.0, rng.uniform(0.15, 0.3), rng.uniform(0.45, 0.65)
        frames = int(round(fps * length))
        flashes = tuple(sorted(rng.uniform(0.15, 0.85) for _ in range(rng.choice((0, 1, 2)))))
        whip = rng.uniform(0.3, 0.7) if movement == "static" and rng.random() < 0.7 else None
        script.append(ShotSpec(photo=photo, movement=movement, frames=frames, transition=transition,
                               transition_frames=tlen, speed=speed, window=window, hold_frames=rng.randint(1, 4),
                               lighting=lighting, flashes=flashes, whip_at=whip))
        total += frames
        k += 1
    return script

"""Technical notes on a shot, written from what was measured on it (never from its label alone).

Each note names the measure and its number, so a director can judge it: how fast the camera
moves and which way, what decided the framing, the lighting key and palette, the cutting pace
and the keyframe's quality. Shots stored without measurements (minimal shots (docs/api.md's store-shot-data example)) get
notes from their labels and times only, and say so.
"""
from __future__ import annotations

from .documents import Shot

ANGLE_WORDS = {
    "extreme_close_up": "Extreme close-up: a detail fills the frame",
    "close_up": "Close-up: tight framing on the subject's face emphasises emotion",
    "medium_shot": "Medium shot: subject and gesture share the frame",
    "wide_shot": "Wide shot: the subject in their surroundings",
    "extreme_wide_shot": "Extreme wide shot: the place dominates",
}
MOVE_WORDS = {
    "pan_left": "pans left", "pan_right": "pans right", "tilt_up": "tilts up", "tilt_down": "tilts down",
    "zoom_in": "pushes in (zoom)", "zoom_out": "pulls out (zoom)",
}
# Keyframe quality below this reads as soft or badly exposed on a monitor (video/engine/quality.py scale).
LOW_QUALITY = 0.5


def _motion_note(shot: Shot) -> str | None:
    motion = shot.motion or {}
    movement = shot.movement_type
    if not motion:
        return f"Camera movement: {movement.replace('_', ' ')} (label only, not measured)." if movement else None
    rate = max(abs(motion.get("pan") or 0.0), abs(motion.get("tilt") or 0.0), abs(motion.get("zoom") or 0.0) / 2)
    if movement == "static":
        return f"Locked-off camera: motion {rate:.3f} frame/s."
    if movement == "handheld":
        return f"Handheld: frame-to-frame shake {motion.get('shake', 0.0):.2f} frame/s, drift {rate:.3f} frame/s."
    if movement in MOVE_WORDS:
        component = "zoom" if movement.startswith("zoom") else movement.split("_")[0]
        value = abs(motion.get(component) or 0.0)
        unit = "log-scale/s" if component == "zoom" else "frame widths/s" if component == "pan" else "frame heights/s"
        return f"Camera {MOVE_WORDS[movement]} at {value:.3f} {unit}."
    return (f"Complex camera move: pan {motion.get('pan', 0.0):+.3f}, tilt {motion.get('tilt', 0.0):+.3f}, "
            f"zoom {motion.get('zoom', 0.0):+.3f}, rotation {motion.get('rotation_deg', 0.0):+.1f} deg/s.")


def _framing_note(shot: Shot) -> str | None:
    if not shot.camera_angle:
        return None
    words = ANGLE_WORDS.get(shot.camera_angle, shot.camera_angle.replace("_", " ").capitalize())
    basis = shot.framing_basis or {}
    if basis.get("method") == "face":
        return f"{words} (a face {basis.get('face_height_ratio', 0) * 100:.0f}% of the frame height)."
    if basis.get("method") == "spectral_scale":
        return f"{words} (estimated from image texture scale, low confidence)."
    return f"{words}."


def _tone_note(shot: Shot) -> str | None:
    d = (shot.tone or {}).get("descriptors") or {}
    if not d:
        return None
    key = {"low_key": "Low-key", "high_key": "High-key", "mid_key": "Mid-key"}.get(d.get("lighting_key"), "Mid-key")
    note = (f"{key} lighting (brightness {d.get('brightness', 0):.2f}, contrast {d.get('contrast', 0):.2f}), "
            f"{d.get('palette', 'neutral')} palette, {d.get('saturation_level', 'moderate')} colour")
    if d.get("cuts_per_minute") is not None:
        note += f"; {d.get('cutting_pace', 'moderate')} cutting around it ({d['cuts_per_minute']:.0f} cuts/min)"
    return note + "."


def _quality_note(shot: Shot) -> str | None:
    if shot.technical_quality is None:
        return None
    quality = shot.quality or {}
    parts = [f"{name} {quality[name]:.2f}" for name in ("sharpness", "exposure", "noise") if name in quality]
    note = f"Keyframe quality {shot.technical_quality:.2f}" + (f" ({', '.join(parts)})" if parts else "")
    if shot.technical_quality < LOW_QUALITY:
        weakest = min(((quality[n], n) for n in ("sharpness", "exposure", "contrast") if n in quality), default=None)
        note += f": weak{', mostly ' + weakest[1] if weakest else ''}; check before using as a reference"
    return note + "."


def technical_notes(shot: Shot) -> str:
    """One paragraph of notes, in the documented shape (a string)."""
    notes = [_framing_note(shot), _motion_note(shot), _tone_note(shot), _quality_note(shot),
             f"{shot.duration:.1f} s long" + (f", in on a {shot.transition_in}." if shot.transition_in not in ("", "start", "cut")
                                              else ".")]
    return " ".join(n for n in notes if n)

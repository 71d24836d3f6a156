"""The shape of a shot's measurements (`motion`, `tone`, `quality`, `framing_basis`), checked on
the way in and enforced on the way out.

One schema serves both doors: `measures_errors` names every bad value by its path
(`shots[1].motion.pan`) so store-shot-data can refuse the request, and `measures_clean` keeps only
what fits the schema, so a page or an export never trips over a document written before these
checks (or straight into the database). Known fields have a type; further fields (a newer
analysis may add measures) are accepted when their names are plain identifiers and their values
are small scalars, lists of scalars or such objects, at most three levels deep. Names starting
with `$`, holding a dot or a NUL are refused: MongoDB reads them as operators or paths.
"""
from __future__ import annotations

import math
import re
from typing import Any

NUMBER, TEXT, INTEGER = "number", "text", "integer"
NUMBERS = ("list", NUMBER)
TEXTS = ("list", TEXT)

# video/engine's dictionaries, field by field (motion.ShotMotion, tone.describe, quality.keyframe_quality,
# framing.estimate_framing).
DESCRIPTORS = {"brightness": NUMBER, "contrast": NUMBER, "saturation": NUMBER, "warmth": NUMBER,
               "motion_energy": NUMBER, "cuts_per_minute": NUMBER, "lighting_key": TEXT, "palette": TEXT,
               "saturation_level": TEXT, "cutting_pace": TEXT, "motion_level": TEXT}
SCHEMAS: dict[str, dict] = {
    "motion": {"movement_type": TEXT, "pan": NUMBER, "tilt": NUMBER, "zoom": NUMBER, "rotation_deg": NUMBER,
               "shake": NUMBER, "residual_px": NUMBER, "tracked_ratio": NUMBER, "confidence": NUMBER},
    "tone": {"emotional_tone": TEXT, "basis": TEXT, "descriptors": DESCRIPTORS, "reasons": TEXTS},
    "quality": {"score": NUMBER, "sharpness": NUMBER, "exposure": NUMBER, "contrast": NUMBER, "noise": NUMBER,
                "laplacian_variance": NUMBER},
    "framing_basis": {"method": TEXT, "faces": INTEGER, "face_height_ratio": NUMBER, "face_box": NUMBERS,
                      "confidence": TEXT, "spectral_slope": NUMBER},
}
KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
MAX_TEXT = 500
MAX_LIST = 64
MAX_KEYS = 64
MAX_DEPTH = 3  # the measure's own object counts as the first level


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _scalar_error(value: Any, kind: str) -> str | None:
    if value is None:
        return None
    if kind == NUMBER and not _is_number(value):
        return "Must be a finite number."
    if kind == INTEGER and not (_is_number(value) and float(value).is_integer()):
        return "Must be a whole number."
    if kind == TEXT:
        if not isinstance(value, str):
            return "Must be a string."
        if len(value) > MAX_TEXT or "\x00" in value:
            return f"Must be at most {MAX_TEXT} characters, without NUL."
    return None


def _extra_error(value: Any, depth: int) -> str | None:
    """A field the schema does not name: a scalar, a list of scalars, or a small object of those."""
    if value is None or isinstance(value, bool) or _is_number(value):
        return None
    if isinstance(value, str):
        return _scalar_error(value, TEXT)
    if isinstance(value, list):
        if len(value) > MAX_LIST:
            return f"At most {MAX_LIST} items."
        bad = [v for v in value if not (v is None or isinstance(v, bool) or _is_number(v)
                                        or (isinstance(v, str) and _scalar_error(v, TEXT) is None))]
        return "Items must be numbers, strings, booleans or null." if bad else None
    if isinstance(value, dict):
        return None if depth < MAX_DEPTH else f"Nested more than {MAX_DEPTH} levels."
    return "Must be a number, string, boolean, list or object."


def measures_errors(value: Any, schema: dict, path: str, depth: int = 1) -> dict[str, list[str]]:
    """{path: [problem]} for everything in `value` that does not fit `schema` (empty when it fits)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        return {path: ["Must be an object."]}
    if len(value) > MAX_KEYS:
        return {path: [f"At most {MAX_KEYS} fields."]}
    errors: dict[str, list[str]] = {}
    for key, item in value.items():
        where = f"{path}.{key}" if path else str(key)
        if not isinstance(key, str) or not KEY.match(key):
            errors[f"{path}[{str(key)[:64]!r}]"] = [
                "Field names are letters, digits and underscores (no '$', '.', NUL), at most 64 characters."]
            continue
        kind = schema.get(key)
        if isinstance(kind, dict):
            errors.update(measures_errors(item, kind, where, depth + 1))
        elif isinstance(kind, tuple):
            if item is None:
                continue
            if not isinstance(item, list) or len(item) > MAX_LIST:
                errors[where] = [f"Must be a list of at most {MAX_LIST} items."]
                continue
            for i, element in enumerate(item):
                problem = _scalar_error(element, kind[1]) if element is not None else "Must not be null."
                if problem:
                    errors[f"{where}[{i}]"] = [problem]
        elif kind is not None:
            problem = _scalar_error(item, kind)
            if problem:
                errors[where] = [problem]
        elif isinstance(item, dict) and depth < MAX_DEPTH:
            errors.update(measures_errors(item, {}, where, depth + 1))
        else:
            problem = _extra_error(item, depth)
            if problem:
                errors[where] = [problem]
    return errors


def measures_clean(value: Any, schema: dict, depth: int = 1) -> dict:
    """What of a stored `value` fits `schema`: the rest is left out, so readers can trust types."""
    if not isinstance(value, dict):
        return {}
    clean: dict = {}
    for key, item in list(value.items())[:MAX_KEYS]:
        if not isinstance(key, str) or not KEY.match(key):
            continue
        kind = schema.get(key)
        if isinstance(kind, dict):
            if isinstance(item, dict):
                clean[key] = measures_clean(item, kind, depth + 1)
        elif isinstance(kind, tuple):
            if isinstance(item, list) and len(item) <= MAX_LIST and all(
                    item_ok is not None and _scalar_error(item_ok, kind[1]) is None for item_ok in item):
                clean[key] = list(item)
        elif kind is not None:
            if item is not None and _scalar_error(item, kind) is None:
                clean[key] = item
        elif isinstance(item, dict):
            if depth < MAX_DEPTH:
                clean[key] = measures_clean(item, {}, depth + 1)
        elif _extra_error(item, depth) is None:
            clean[key] = list(item) if isinstance(item, list) else item
    return clean

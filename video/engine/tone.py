"""An honest estimate of a shot's emotional tone from measurable cinematography.

Nothing here understands a story: the label comes from lighting key (brightness and contrast),
palette (warm or cool), saturation, motion energy and cutting pace, through a few documented
rules a cinematographer would recognise (low-key lighting with fast cutting reads as tense,
bright warm vivid frames read as joyful...). The descriptors behind the label are returned with
it, `basis` says it is an estimate, and store-shot-data may override the label.
"""
from __future__ import annotations

from dataclasses import dataclass, field

EMOTIONAL_TONES = ("tense", "dramatic", "somber", "energetic", "joyful", "calm", "melancholic", "neutral")

# Brightness (0..1 mean luma) and contrast (grey standard deviation, 0..1) bounds for the
# lighting key: low-key is dark with deep shadows, high-key bright with soft contrast.
LOW_KEY_LUMA = 0.30
HIGH_KEY_LUMA = 0.60
HIGH_KEY_MAX_CONTRAST = 0.22
WARM_MIN = 0.06  # mean (R - B) / 255
COOL_MAX = -0.03
MUTED_MAX_SAT = 0.20
VIVID_MIN_SAT = 0.45
FAST_CUTS_PER_MIN = 30  # shots under ~2 s, as in action cutting
SLOW_CUTS_PER_MIN = 8  # shots over ~7 s
HIGH_ENERGY = 0.25  # camera motion, frame sizes per second (see motion.ShotMotion.energy)
LOW_ENERGY = 0.03


@dataclass
class ToneEstimate:
    emotional_tone: str
    descriptors: dict = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"emotional_tone": self.emotional_tone, "basis": "estimate_from_cinematography",
                "descriptors": self.descriptors, "reasons": self.reasons}


def describe(*, luma: float, contrast: float, saturation: float, warmth: float, motion_energy: float,
             cuts_per_minute: float) -> dict:
    """The measured descriptors and their categories."""
    if luma < LOW_KEY_LUMA:
        key = "low_key"
    elif luma > HIGH_KEY_LUMA and contrast < HIGH_KEY_MAX_CONTRAST:
        key = "high_key"
    else:
        key = "mid_key"
    palette = "warm" if warmth >= WARM_MIN else "cool" if warmth <= COOL_MAX else "neutral"
    sat = "muted" if saturation < MUTED_MAX_SAT else "vivid" if saturation > VIVID_MIN_SAT else "moderate"
    pace = "fast" if cuts_per_minute >= FAST_CUTS_PER_MIN else "slow" if cuts_per_minute <= SLOW_CUTS_PER_MIN else "moderate"
    energy = "high" if motion_energy >= HIGH_ENERGY else "low" if motion_energy <= LOW_ENERGY else "moderate"
    return {"brightness": round(luma, 3), "contrast": round(contrast, 3), "saturation": round(saturation, 3),
            "warmth": round(warmth, 3), "motion_energy": round(motion_energy, 3),
            "cuts_per_minute": round(cuts_per_minute, 1), "lighting_key": key, "palette": palette,
            "saturation_level": sat, "cutting_pace": pace, "motion_level": energy}


def estimate_tone(**measures: float) -> ToneEstimate:
    """Apply the rules in order; the first that matches names the tone."""
    d = describe(**measures)
    key, palette, sat, pace, energy = (d["lighting_key"], d["palette"], d["saturation_level"], d["cutting_pace"],
                                       d["motion_level"])
    rules = [
        (key == "low_key" and (pace == "fast" or energy == "high"), "tense", "low-key lighting with fast cutting or a moving camera"),
        (key == "low_key" and palette == "cool", "somber", "low-key lighting in a cool palette"),
        (key == "low_key", "dramatic", "low-key lighting"),
        (energy == "high" and pace != "slow" and sat != "muted", "energetic", "a moving camera and brisk cutting in colour"),
        (key == "high_key" and palette == "warm" and sat != "muted", "joyful", "high-key lighting in a warm palette"),
        (palette == "cool" and sat == "muted", "melancholic", "a cool, desaturated palette"),
        (energy == "low" and pace != "fast" and key != "low_key", "calm", "a still camera and unhurried cutting"),
    ]
    for matched, tone, reason in rules:
        if matched:
            return ToneEstimate(tone, d, [reason])
    return ToneEstimate("neutral", d, ["no strong lighting, colour or pace cue"])

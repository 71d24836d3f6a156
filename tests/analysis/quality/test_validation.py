"""The validation behind BENCHMARKS.md, on a smaller set: the numbers track real damage."""

import pytest

from bench.degradations import DISTORTIONS, degrade, sample_photos
from bench.quality_validation import GOAL_MEASURE, GOAL_SCORE, evaluate, summarise


@pytest.fixture(scope="module")
def summary():
    photos = sample_photos(("camera", "coffee", "flower"))
    return summarise(evaluate(photos))


@pytest.mark.parametrize("distortion", DISTORTIONS)
def test_the_matching_measure_follows_each_distortion(summary, distortion):
    s = summary[distortion]
    assert s["measure_rho_mean"] * s["expected_sign"] >= GOAL_MEASURE, s


@pytest.mark.parametrize("distortion", DISTORTIONS)
def test_quality_score_falls_with_each_distortion(summary, distortion):
    s = summary[distortion]
    assert -s["score_rho_mean"] >= GOAL_SCORE, s
    assert s["pristine_above_level3"] == "3/3", s


def test_degrade_refuses_unknown_distortions_and_levels(astronaut):
    with pytest.raises(ValueError):
        degrade(astronaut, "sepia", 1)
    with pytest.raises(ValueError):
        degrade(astronaut, "jpeg", 6)

"""The calibration plot's geometry: every labelled pair drawn once, on the right side of the line."""
from analysis.similarity.calibration_plot import calibration_plot


def test_every_pair_is_one_bar_count_and_the_misses_are_counted():
    scores = [(0.92, True), (0.88, True), (0.81, True), (0.52, False), (0.61, False), (0.83, False)]
    plot = calibration_plot(scores, threshold=0.85, calibrated_threshold=0.82)
    assert sum(b["n"] for b in plot["bars"] if b["kind"] == "same") == 3
    assert sum(b["n"] for b in plot["bars"] if b["kind"] == "different") == 3
    assert (plot["missed_same"], plot["accepted_different"]) == (1, 0)
    current, calibrated = plot["lines"]
    assert current["kind"] == "current" and calibrated["kind"] == "calibrated" and calibrated["x"] < current["x"]
    assert all(plot["left"] <= b["x"] and b["x"] + b["w"] <= plot["right"] + 0.5 for b in plot["bars"])
    assert all(0 <= b["y"] and b["y"] + b["h"] <= plot["axis_y"] + 0.1 for b in plot["bars"])

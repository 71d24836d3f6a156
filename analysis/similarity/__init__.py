"""Similarity: comparisons between assets (pairs, rankings, matrices, character checks, groups,
anomalies, heatmaps) and the studio's threshold calibrations."""

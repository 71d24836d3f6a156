"""DINOv3 analysis: features, similarity, quality. The ML layer itself is analysis.engine."""

"""Analysis: DINOv3 feature extraction and the analyses built on it."""

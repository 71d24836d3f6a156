"""Features: DINOv3 vectors of assets (extraction, the cache, listeners), the model's description,
preprocessing, and extracting what the library lacks (the backlog and extract-missing-features)."""

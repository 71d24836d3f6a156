"""The cinematic shot library: stored shots, search, suggestions, curation."""

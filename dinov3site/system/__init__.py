"""System endpoints: health, model info, tunable configuration, metrics and statistics."""

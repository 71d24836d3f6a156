"""The core layer: errors with codes, time, limits and tunables. Imports nothing from Django or the apps."""

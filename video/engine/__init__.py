"""Pure-Python video analysis (no Django): probing with limits, safe decoding, shot boundaries,
camera movement, framing, tone, keyframes and shot-list exports. The web layer wraps it."""

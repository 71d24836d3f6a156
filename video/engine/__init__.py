"""Pure-Python video analysis (no Django): shot boundaries, camera movement, framing, tone and
keyframes. Probing with limits, safe decoding and the shot-list exports are the media layer's
(`media.video`, `media.frames`, `media.export`); the web layer wraps both."""

"""How far the sliding-window throttle lets one client exceed its limit over any 60 s span.

The real ScopedClientThrottle with the local-memory cache and a simulated clock (no waiting):
a client asks 10 (or 200) times a second for ``--seconds``; in the "burst" pattern it is silent until the
last second of a window and then asks continuously. Reports the most requests admitted in any
fixed window and in any sliding 60 s span, against the limit (100/minute by default).

    .venv/bin/python bench/throttle_window.py

writes bench/results/throttle_window.json.
"""
from __future__ import annotations

import json
import os
import sys
from bisect import bisect_left
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dinov3site.settings.test")


def simulate(pattern: str, limit: int, seconds: int, rate_per_s: int = 10) -> dict:
    from django.core.cache import cache
    from rest_framework.settings import api_settings

    from dinov3site.api import throttles

    cache.clear()
    api_settings.DEFAULT_THROTTLE_RATES["default"] = f"{limit}/minute"
    clock = {"now": 6_000_000.0}  # a window boundary (a multiple of 60)
    throttles.time = SimpleNamespace(time=lambda: clock["now"])
    request = SimpleNamespace(auth=None, user=SimpleNamespace(is_authenticated=False),
                              META={"REMOTE_ADDR": "10.0.0.1"}, headers={})
    view = SimpleNamespace()
    admitted = []
    start = 59.0 if pattern == "burst" else 0.0
    steps = int((seconds - start) * rate_per_s)
    for step in range(steps):
        clock["now"] = 6_000_000.0 + start + step / rate_per_s
        if throttles.ScopedClientThrottle().allow_request(request, view):
            admitted.append(clock["now"] - 6_000_000.0)
    sliding = max(bisect_left(admitted, t + 60) - i for i, t in enumerate(admitted)) if admitted else 0
    fixed = max(sum(1 for t in admitted if w * 60 <= t < (w + 1) * 60) for w in range(seconds // 60 + 1))
    return {"pattern": pattern, "limit_per_minute": limit, "seconds": seconds, "asked_per_s": rate_per_s,
            "admitted": len(admitted), "max_in_a_fixed_window": fixed, "max_in_any_60s_span": sliding,
            "sliding_over_limit_percent": round(100 * (sliding - limit) / limit, 1)}


def main() -> int:
    import django

    django.setup()
    results = [simulate("steady", 100, 600), simulate("burst", 100, 300), simulate("burst", 100, 300, rate_per_s=200)]
    for row in results:
        print(json.dumps(row))
    out = ROOT / "bench/results/throttle_window.json"
    out.write_text(json.dumps({"what": __doc__.splitlines()[0], "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Rate limits per client (API key, user, or socket address) with three scopes, and per-user
rates for signed-in people ("user_default", "user_batch", "user_upload").

Views set ``throttle_scope`` to "batch" or "upload"; everything else is "default". Counting
uses atomic cache increments (Redis INCR when REDIS_URL is set), so processes sharing the cache
never lose each other's requests the way a read-modify-write history would. The window slides:
the previous window's count is weighted by how much of it still overlaps the last ``duration``
seconds (the "sliding window counter" approximation), so no burst of twice the rate fits across
a window boundary.
"""
from __future__ import annotations

import math
import time

from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle


class ScopedClientThrottle(BaseThrottle):
    def allow_request(self, request, view) -> bool:
        scope = getattr(view, "throttle_scope", "default")
        rate = self.rate_for(request, scope)
        if rate is None:
            return True
        limit, duration = SimpleRateThrottle.parse_rate(None, rate)
        now = time.time()
        window = int(now // duration)
        elapsed = now - window * duration
        key = f"throttle:{scope}:{self._ident(request)}"
        current_key, previous_key = f"{key}:{window}", f"{key}:{window - 1}"
        cache.add(current_key, 0, timeout=duration * 2 + 1)
        current = cache.incr(current_key)
        previous = cache.get(previous_key) or 0
        weighted = previous * (1 - elapsed / duration) + current
        if weighted <= limit:
            return True
        cache.decr(current_key)  # a refused request does not use up the allowance
        # Wait until the weighted count drops below the limit (at most the rest of the window).
        if previous:
            needed = (weighted - limit) / previous * duration
            self._wait = min(max(needed, 1.0), duration - elapsed + duration)
        else:
            self._wait = duration - elapsed
        return False

    @staticmethod
    def rate_for(request, scope: str) -> str | None:
        """Signed-in people (a session, not an API key) get the "user_<scope>" rate when one is
        configured (RATE_LIMIT_USER_*), so an artist uploading 120 files through the page is not
        held to the limit meant for anonymous clients; everyone else gets the scope's rate."""
        rates = api_settings.DEFAULT_THROTTLE_RATES
        signed_in = request.auth is None and request.user is not None and request.user.is_authenticated
        if signed_in and f"user_{scope}" in rates:
            return rates[f"user_{scope}"]
        return rates.get(scope)

    def wait(self) -> float:
        return math.ceil(getattr(self, "_wait", 1.0))

    def _ident(self, request) -> str:
        if request.auth is not None and hasattr(request.auth, "prefix"):
            return f"key-{request.auth.prefix}"
        if request.user and request.user.is_authenticated:
            return f"user-{request.user.pk}"
        return self.get_ident(request)

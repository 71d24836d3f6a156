"""Rate limits per client (API key, user, or socket address) with the seed's three scopes.

Views set ``throttle_scope`` to "batch" or "upload"; everything else is "default". Counts live
in the cache, so with REDIS_URL every process shares them.
"""
from rest_framework.throttling import SimpleRateThrottle


class ScopedClientThrottle(SimpleRateThrottle):
    cache_format = "throttle_%(scope)s_%(ident)s"

    def allow_request(self, request, view):
        self.scope = getattr(view, "throttle_scope", "default")
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_rate(self):
        from rest_framework.settings import api_settings

        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        if request.auth is not None and hasattr(request.auth, "prefix"):
            ident = f"key-{request.auth.prefix}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def __init__(self):
        # Rate depends on the view's scope; it is resolved in allow_request.
        pass

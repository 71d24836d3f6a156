"""Settings for a live gunicorn in the throttle tests: documents in process memory (each worker
its own; the throttled endpoint does not need shared documents), the cache and so the rate
limits in the test's redis-server, rates from THROTTLE_RATE."""
import os

from dinov3site.settings.test import *  # noqa: F401,F403
from dinov3site.settings.test import REST_FRAMEWORK

CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": os.environ["REDIS_URL"],
                      "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"}}}
_RATE = os.environ.get("THROTTLE_RATE", "300/hour")
REST_FRAMEWORK = {**REST_FRAMEWORK, "NUM_PROXIES": int(os.environ.get("NUM_PROXIES", "0")),
                  "DEFAULT_THROTTLE_RATES": {"default": _RATE, "batch": _RATE, "upload": _RATE}}

"""Test settings with the cache (and so the throttles) in the Redis that REDIS_URL names."""
import os

from dinov3site.settings.test import *  # noqa: F401,F403
from dinov3site.settings.test import REST_FRAMEWORK

CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    }
}
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"default": "10/minute", "batch": "10/minute",
                                                               "upload": "10/minute"}}

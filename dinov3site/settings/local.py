"""Embedded defaults for one machine: no MongoDB, Redis or cloud account needed.

Documents live in an embedded file store under DATA_DIR; it is single-process and not
thread-safe, so `manage.py runserver --nothreading` (what the README runs) serves from one thread.
"""
from .base import *  # noqa: F401,F403
from .base import DATA_DIR
from .env import env_bool, env_str

DEBUG = env_bool("DJANGO_DEBUG", True)
# A fixed development key: production.py refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me-for-production-use")
ALLOWED_HOSTS = ["*"]
DATA_DIR.mkdir(parents=True, exist_ok=True)
(DATA_DIR / "static").mkdir(exist_ok=True)

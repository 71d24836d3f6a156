"""Embedded defaults for one machine: no MongoDB, Redis or cloud account needed.

Documents live in an embedded file store under DATA_DIR; it is single-process and not
thread-safe, so `manage.py runserver --nothreading` (what the README runs) serves from one thread.

Safe by default: DEBUG off (DJANGO_DEBUG=1 turns it on), a secret key generated at first start
and kept in DATA_DIR (owner-only), only this machine's host names and SITE_URL's accepted.
"""
from .base import *  # noqa: F401,F403
from .base import API_HOST, DATA_DIR, SITE_URL
from .env import env_bool, env_list, env_str
from .safe import is_loopback, secret_key_load_or_create, url_host

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY") or secret_key_load_or_create(DATA_DIR)
# Host names this service answers to: a page elsewhere cannot reach it by pointing its own name
# at 127.0.0.1 (DNS rebinding). Set SITE_URL (or DJANGO_ALLOWED_HOSTS) to serve another name.
_HOSTS = ["localhost", "127.0.0.1", "[::1]", url_host(SITE_URL)]
if not is_loopback(API_HOST) and API_HOST not in {"0.0.0.0", "::", ""}:
    _HOSTS.append(API_HOST)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", list(dict.fromkeys(_HOSTS)))
DATA_DIR.mkdir(parents=True, exist_ok=True)
(DATA_DIR / "static").mkdir(exist_ok=True)

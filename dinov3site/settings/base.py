"""Settings shared by every environment, read from the environment variables the README lists.

Environment-specific modules (``local``, ``production``, ``test``) import this one and adjust.
"""
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from core.tunables import engine_tunables

from .env import env_bool, env_float, env_int, env_list, env_str
from .safe import is_loopback

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# The engine's DINOV3_* variables (and HF_TOKEN), read once: a bad value stops the start with the
# variable's name.
_engine_tunables = engine_tunables()
# Everything the service writes (embedded documents, media, vector index, SQLite) lives here.
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "data"))).resolve()

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
VERSION = "1.0.0"
# Where the service listens (scripts/serve.sh binds API_HOST:API_PORT): loopback unless told otherwise.
API_HOST = env_str("API_HOST") or "127.0.0.1"
API_PORT = env_int("API_PORT", 3012)
# Links in answers (public_url, media_url, thumbnails) start with SITE_URL, never with the
# request's Host header, which any client can set.
SITE_URL = (env_str("SITE_URL") or f"http://localhost:{API_PORT}").rstrip("/")

INSTALLED_APPS = [
    "dinov3site.config",  # first: its ready() connects the document store every other app uses
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "dinov3site.system",  # before staticfiles: its runserver stays single-threaded on the embedded store
    "django.contrib.staticfiles",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and ReDoc served from here: no CDN
    "dinov3site.api",
    "dinov3site.accounts",
    "dinov3site.jobs",
    "assets",
    "analysis",
    "video",
    "cinematics",
]

MIDDLEWARE = [
    "dinov3site.api.metrics.MetricsMiddleware",
    "dinov3site.accounts.auth.CredentialsIgnoredMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "dinov3site.jobs.model_calls.ModelWorkerMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

AUTHENTICATION_BACKENDS = [
    "dinov3site.accounts.signin.SignInThrottleBackend",  # django-axes: refuses while locked out
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "dinov3site.urls"
WSGI_APPLICATION = "dinov3site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dinov3site.accounts.context_processors.access",
            ],
        },
    },
]

# Django's own tables (users, sessions, API keys, admin): SQLite unless DATABASE_URL is set.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'django.sqlite3'}"), conn_max_age=60
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Domain documents: a mongodb:// URL is a real server; empty means the embedded file store.
MONGODB_URL = env_str("MONGODB_URL", "")
MONGODB_EMBEDDED_DIR = DATA_DIR / "documents"

# Cache and throttles: Redis when REDIS_URL is set, process-local memory otherwise.
REDIS_URL = env_str("REDIS_URL", "")
# Where asset vectors are searched: empty = faiss in each process; milvus://host:port = a Milvus
# server or cluster shared by every process (README, "Vector store").
VECTOR_STORE_URL = env_str("VECTOR_STORE_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
            "KEY_PREFIX": "dinov3",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: the broker is CELERY_BROKER_URL, else REDIS_URL; without either, tasks run eagerly
# in-process (the single-threaded embedded fallback and the tests). scripts/serve.sh starts
# redis-server and sets REDIS_URL. Results (the answers of synchronous model calls handed to a
# worker) go to the same Redis, or to CELERY_RESULT_BACKEND.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL) or "memory://"
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", REDIS_URL) or None
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL == "memory://"
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Hard limit below the broker's visibility timeout, so a task is never redelivered while running.
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 1800)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 600}
# A job whose worker stopped beating this long ago is taken back (re-queued, or failed after
# MAX_ATTEMPTS): workers beat every JOB_HEARTBEAT_S while a job runs.
JOB_HEARTBEAT_S = env_float("JOB_HEARTBEAT_S", 5.0)
JOB_STALE_S = env_float("JOB_STALE_S", 30.0)
# API views that may load the model: a web process hands their requests to a worker (the gpu
# queue) and answers with the worker's response. An entry ending in "." is a module prefix.
MODEL_WORKER_VIEWS = [
    "analysis.features.apis.FeaturesExtractApi", "analysis.features.apis.FeaturesBatchExtractApi",
    "analysis.features.apis.PreprocessImageApi", "analysis.features.apis.ModelInfoApi",
    "analysis.similarity.apis.", "analysis.search.apis.",
    "analysis.quality.apis.AnalyzeQualityApi", "analysis.quality.apis.AnalyzeImageMetricsApi",
    "analysis.quality.apis.AnalyzeImageCompositionApi", "analysis.quality.apis.BatchQualityCheckApi",
    "video.apis.AnalyzeVideoShotsApi", "cinematics.apis.ShotsStoreApi", "cinematics.apis.ShotsSuggestApi",
]
# Synchronous model calls wait this long for a worker's answer before answering 504.
MODEL_CALL_TIMEOUT_S = env_float("MODEL_CALL_TIMEOUT_S", 600.0)
# Dynamic batching on the worker: concurrent embeddings wait up to this long to share a batch
# (DINOV3_BATCH_WAIT_MS, else 5 ms; see core.tunables).
DINOV3_BATCH_WAIT_MS = _engine_tunables.batch_wait_for(worker=True)
# Every task's queue is set here and nowhere else (no queue= on a task or a call): what may load
# the model goes to "gpu", where the model lives; the rest to Celery's default queue.
CELERY_TASK_ROUTES = {"analysis.tasks.*": {"queue": "gpu"}, "video.tasks.*": {"queue": "gpu"},
                      "cinematics.tasks.*": {"queue": "gpu"}, "dinov3site.jobs.api_call_task": {"queue": "gpu"}}

# Storage: local files, or Cloudflare R2 (S3 API) when its four variables are set.
CLOUDFLARE_R2_ENDPOINT = env_str("CLOUDFLARE_R2_ENDPOINT")
CLOUDFLARE_R2_ACCESS_KEY_ID = env_str("CLOUDFLARE_R2_ACCESS_KEY_ID")
CLOUDFLARE_R2_SECRET_ACCESS_KEY = env_str("CLOUDFLARE_R2_SECRET_ACCESS_KEY")
CLOUDFLARE_R2_BUCKET_NAME = env_str("CLOUDFLARE_R2_BUCKET_NAME")
CLOUDFLARE_R2_PUBLIC_URL = env_str("CLOUDFLARE_R2_PUBLIC_URL")  # set only for a public bucket
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve static files straight from the apps and static/ (no collectstatic step needed).
WHITENOISE_USE_FINDERS = True


def storages_config(endpoint: str, access_key: str, secret_key: str, bucket: str, public_url: str = "") -> dict:
    """STORAGES for local files, or for R2 when all four R2 values are given."""
    if all((endpoint, access_key, secret_key, bucket)):
        default = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "endpoint_url": endpoint,
                "access_key": access_key,
                "secret_key": secret_key,
                "bucket_name": bucket,
                "region_name": "auto",
                "signature_version": "s3v4",
                "addressing_style": "path",
                "file_overwrite": False,
                "default_acl": None,
                # A private bucket answers presigned URLs; a public one its public address.
                "querystring_auth": not public_url,
                "querystring_expire": 3600,
                "custom_domain": public_url.removeprefix("https://").rstrip("/") or None,
            },
        }
    else:
        default = {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(MEDIA_ROOT)},
        }
    return {
        "default": default,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    }


STORAGES = storages_config(
    CLOUDFLARE_R2_ENDPOINT, CLOUDFLARE_R2_ACCESS_KEY_ID, CLOUDFLARE_R2_SECRET_ACCESS_KEY,
    CLOUDFLARE_R2_BUCKET_NAME, CLOUDFLARE_R2_PUBLIC_URL,
)

# Upload limits (MAX_FILE_SIZE_MB and MAX_BATCH_SIZE, plus image and video limits).
MAX_FILE_SIZE_MB = env_int("MAX_FILE_SIZE_MB", 50)
MAX_BATCH_SIZE = env_int("MAX_BATCH_SIZE", 100)
# About 8K x 4K: the largest frames studios deliver; bigger is treated as a decompression bomb.
MAX_IMAGE_PIXELS = env_int("MAX_IMAGE_PIXELS", 8192 * 4320)
# What an image may take once decoded (pixels x channels x bits): an 8-bit RGBA frame at the
# pixel limit (135 MiB) passes; 16 bits per channel at that size (270 MiB and more) does not.
MAX_DECODED_MB = env_int("MAX_DECODED_MB", 160)
MAX_VIDEO_WIDTH = env_int("MAX_VIDEO_WIDTH", 7680)
MAX_VIDEO_HEIGHT = env_int("MAX_VIDEO_HEIGHT", 4320)
MAX_VIDEO_FPS = env_float("MAX_VIDEO_FPS", 240.0)
MAX_VIDEO_DURATION_S = env_float("MAX_VIDEO_DURATION_S", 3600.0)
MAX_VIDEO_FRAMES = env_int("MAX_VIDEO_FRAMES", 216_000)  # one hour at 60 fps
FILE_UPLOAD_HANDLERS = ["assets.uploads.LimitedTemporaryFileUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # always stream uploads to a temporary file
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024  # JSON bodies; files are limited separately
FILE_UPLOAD_TEMP_DIR = None

# The DINOv3 model: the engine's tunables are read from the environment in core.tunables (names,
# defaults and the messages for bad values); the engine takes these three from here, so a
# deployment (or a test) may override them.
DINOV3_MODEL_NAME = _engine_tunables.model_name
DINOV3_DEVICE = _engine_tunables.device
DINOV3_BATCH_SIZE = _engine_tunables.batch_size
# Features cache lifetime: feature vectors are cached for 24 hours.
FEATURES_CACHE_SECONDS = env_int("FEATURES_CACHE_SECONDS", 24 * 3600)

# API keys: required as soon as the service listens beyond loopback (and in production), unless
# API_AUTH_REQUIRED=false switches them off explicitly; the start-up report says which.
API_AUTH_REQUIRED = env_bool("API_AUTH_REQUIRED", not is_loopback(API_HOST))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "dinov3site.accounts.auth.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["dinov3site.accounts.auth.ApiAccessPermission"],
    "DEFAULT_THROTTLE_CLASSES": ["dinov3site.api.throttles.ScopedClientThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "default": env_str("RATE_LIMIT_DEFAULT", "100/minute"),
        "batch": env_str("RATE_LIMIT_BATCH", "10/minute"),
        "upload": env_str("RATE_LIMIT_UPLOAD", "50/minute"),
        # Signed-in users (the web UI's sessions), counted per user instead of per address.
        "user_default": env_str("RATE_LIMIT_USER_DEFAULT", "600/minute"),
        "user_batch": env_str("RATE_LIMIT_USER_BATCH", "60/minute"),
        "user_upload": env_str("RATE_LIMIT_USER_UPLOAD", "600/minute"),
    },
    # Throttle by the socket's address: X-Forwarded-For is trusted only behind known proxies.
    "NUM_PROXIES": env_int("NUM_PROXIES", 0),
    "EXCEPTION_HANDLER": "dinov3site.api.errors.envelope_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "dinov3site.api.schema.EnvelopeAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "dinov3site.api.pagination.PagePagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "dinov3site.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "DINOv3 Utilities Service",
    "DESCRIPTION": (
        "Visual intelligence for studios over Meta's DINOv3: feature extraction, similarity and "
        "character consistency, quality, video shots and a cinematic shot library. Every error "
        "answers with the envelope `{\"error\": {code, message, details, timestamp}}`."
    ),
    "VERSION": VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # /docs and /redoc load their scripts from this service (drf-spectacular-sidecar), not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No badge fetched from validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # Two choice sets share the field name "status": each gets its own readable enum name.
    "ENUM_NAME_OVERRIDES": {
        "JobStatusEnum": ["pending", "running", "succeeded", "failed"],
        "AssetStatusEnum": ["uploaded", "processing", "processed", "failed"],
    },
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Sign-in throttling (django-axes): LOGIN_FAILURE_LIMIT wrong passwords for one user name, or
# from one address, pause sign-in for that name or address for LOGIN_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# The client's address as the API throttles read it: X-Forwarded-For only behind NUM_PROXIES proxies.
AXES_CLIENT_IP_CALLABLE = "dinov3site.accounts.signin.client_address"

# Mail: password reset exists only when the service can send mail.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "dinov3@localhost")
PASSWORD_RESET_ENABLED = env_bool("PASSWORD_RESET_ENABLED", bool(EMAIL_HOST))
PASSWORD_RESET_WAIT_FOR_MAIL = False

# Content-Security-Policy on every answer (django-csp): scripts and styles only from this site,
# no inline script anywhere (templates load static/ files); inline style attributes stay allowed
# (timeline positions, bar widths). Media may also come from the R2 bucket's signed URLs.
_MEDIA_ORIGINS = [origin for origin in (env_str("CLOUDFLARE_R2_ENDPOINT"), env_str("CLOUDFLARE_R2_PUBLIC_URL")) if origin]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:", *_MEDIA_ORIGINS],
        "media-src": [SELF, "blob:", *_MEDIA_ORIGINS],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}, "faiss.loader": {"level": "WARNING"},
                "axes": {"level": "WARNING"}},
}

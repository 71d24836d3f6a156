"""App config: connects the document store once Django is ready (web, commands and workers)."""
from django.apps import AppConfig
from django.conf import settings


class ApiConfig(AppConfig):
    name = "dinov3site.api"
    label = "api"
    verbose_name = "API access"

    def ready(self) -> None:
        from dinov3site.api import schema  # noqa: F401 - registers the API-key scheme
        from dinov3site.mongo import mongo_connect

        mongo_connect(settings.MONGODB_URL, embedded_dir=settings.MONGODB_EMBEDDED_DIR)

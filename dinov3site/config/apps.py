"""App config: connects the document store once Django is ready (web, commands and workers).

Listed first in INSTALLED_APPS, so the connection exists before any other app's ready() runs.
"""
from django.apps import AppConfig
from django.conf import settings


class SiteConfig(AppConfig):
    name = "dinov3site.config"
    label = "config"
    verbose_name = "Site configuration"

    def ready(self) -> None:
        from dinov3site.mongo import mongo_connect

        mongo_connect(settings.MONGODB_URL, embedded_dir=settings.MONGODB_EMBEDDED_DIR)

"""App config: registers the delete hook that takes a deleted asset out of every collection."""
from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "assets"

    def ready(self) -> None:
        from . import collection_services  # noqa: F401 - registers the asset delete hook

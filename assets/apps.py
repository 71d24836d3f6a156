"""App config: registers the delete hook that takes a deleted asset out of every collection."""
from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "assets"

    def ready(self) -> None:
        from .collection_services import collections_on_asset_delete
        from .services import asset_delete_hook_register

        asset_delete_hook_register(collections_on_asset_delete)

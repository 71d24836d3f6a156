from django.apps import AppConfig


class CinematicsConfig(AppConfig):
    name = "cinematics"
    verbose_name = "Shot library"

    def ready(self) -> None:
        from assets.services import asset_delete_hook_register

        from .services import shots_on_asset_delete

        asset_delete_hook_register(shots_on_asset_delete)

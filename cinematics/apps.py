"""App config: registers the shot library's asset hooks (shots go with their asset; keyframes in the
library count as referenced, so tidying a video keeps them)."""
from django.apps import AppConfig


class CinematicsConfig(AppConfig):
    name = "cinematics"
    verbose_name = "Shot library"

    def ready(self) -> None:
        from analysis.search.context import search_context_provider_register
        from assets.services import asset_delete_hook_register, asset_reference_hook_register

        from .selectors import shot_context_for_asset
        from .services import keyframes_in_library, shots_on_asset_delete

        asset_delete_hook_register(shots_on_asset_delete)
        asset_reference_hook_register(keyframes_in_library)
        search_context_provider_register(shot_context_for_asset)  # text search reads the shots' context

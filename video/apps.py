"""App config: registers the delete hooks that remove a video's shot analysis and playback proxy with the video."""
from django.apps import AppConfig


class VideoConfig(AppConfig):
    name = "video"

    def ready(self) -> None:
        from assets.services import asset_delete_hook_register

        from .playback_services import playback_on_asset_delete
        from .services import shot_analysis_on_asset_delete

        asset_delete_hook_register(shot_analysis_on_asset_delete)
        asset_delete_hook_register(playback_on_asset_delete)

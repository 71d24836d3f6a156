"""App config: registers the delete hook that removes a video's shot analysis and playback proxy with the video."""
from django.apps import AppConfig


class VideoConfig(AppConfig):
    name = "video"

    def ready(self) -> None:
        from . import playback_services, services  # noqa: F401 - register the asset delete hooks

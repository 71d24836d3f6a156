"""App config: registers the delete hook that removes a video's shot analysis with the video."""
from django.apps import AppConfig


class VideoConfig(AppConfig):
    name = "video"

    def ready(self) -> None:
        from . import services  # noqa: F401 - registers the asset delete hook

from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "analysis"

    def ready(self) -> None:
        from . import services  # noqa: F401 - registers the asset-delete hook

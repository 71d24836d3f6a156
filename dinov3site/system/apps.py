"""App config of the system endpoints: registers the scrape-time gauges in the metrics registry."""
from django.apps import AppConfig


class SystemConfig(AppConfig):
    name = "dinov3site.system"
    label = "system"

    def ready(self) -> None:
        from dinov3site.api.metrics import REGISTRY

        from .metrics import LiveCollector

        REGISTRY.register(LiveCollector())

from django.apps import AppConfig


class SystemConfig(AppConfig):
    name = "dinov3site.system"
    label = "system"

    def ready(self):
        from core.metrics import REGISTRY

        from .metrics import LiveCollector

        REGISTRY.register(LiveCollector())

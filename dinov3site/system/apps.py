"""App config of the system endpoints: registers the scrape-time gauges in the metrics registry and
connects what a Celery worker does besides running tasks (dinov3site.system.worker)."""
from django.apps import AppConfig


class SystemConfig(AppConfig):
    name = "dinov3site.system"
    label = "system"

    def ready(self) -> None:
        from core.metrics import REGISTRY

        from .metrics import LiveCollector
        from .worker import worker_signals_connect

        REGISTRY.register(LiveCollector())
        worker_signals_connect()

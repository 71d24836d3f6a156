from django.apps import AppConfig


class SystemConfig(AppConfig):
    name = "dinov3site.system"
    label = "system"

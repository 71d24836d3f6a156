from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "dinov3site.jobs"
    label = "jobs"

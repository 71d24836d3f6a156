from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dinov3site.accounts"
    label = "accounts"
    verbose_name = "Users, roles and audit"

    def ready(self) -> None:
        from . import schema  # noqa: F401 - registers the API-key security scheme with drf-spectacular

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dinov3site.accounts"
    label = "accounts"
    verbose_name = "Users, roles and audit"

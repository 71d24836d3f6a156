"""App config of the API keys' table (the ApiKey model and its migrations live here, label "api";
authentication, the keys' admin and create_api_key are dinov3site.accounts')."""
from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dinov3site.api"
    label = "api"
    verbose_name = "API access"

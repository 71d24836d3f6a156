"""The API-key security scheme in the OpenAPI schema (drf-spectacular finds the extension by the
authentication class it names; AccountsConfig.ready() imports this module to register it)."""
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "dinov3site.accounts.auth.ApiKeyAuthentication"
    name = "ApiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey", "in": "header", "name": "Authorization",
            "description": "`Api-Key <key>` (or the X-API-Key header). Required when API_AUTH_REQUIRED is on.",
        }

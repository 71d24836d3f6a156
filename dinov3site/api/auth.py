"""API-key authentication and the access rule (keys required when API_AUTH_REQUIRED is true).

Clients send ``Authorization: Api-Key <key>`` (or ``Bearer <key>``, or ``X-API-Key: <key>``).
The web UI uses Django sessions instead. Views marked ``public = True`` (health, metrics) never
need a key. With keys switched off (API_AUTH_REQUIRED false) a key this service does not know
is ignored rather than refused: existing clients send their own keys to every service they call.
The answer then carries ``CREDENTIALS_IGNORED_HEADER``.
"""
from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from rest_framework import authentication, exceptions, permissions

from .models import ApiKey, hash_key

CREDENTIALS_IGNORED_HEADER = "X-Credentials-Ignored"


class ApiClient:
    """The request user for a key that belongs to no Django user."""

    is_authenticated = True
    is_anonymous = False
    is_staff = False

    def __init__(self, key: ApiKey):
        self.key = key
        self.username = f"api-key:{key.prefix}"

    def __str__(self) -> str:
        return self.username


def api_key_create(*, name: str, user=None) -> tuple[ApiKey, str]:
    """Create a key; returns the record and the raw key (shown once, never stored)."""
    raw, prefix = ApiKey.generate()
    key = ApiKey.objects.create(name=name, prefix=prefix, hashed_key=hash_key(raw), user=user)
    return key, raw


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Api-Key"

    def authenticate(self, request):
        raw = request.META.get("HTTP_X_API_KEY", "")
        header = authentication.get_authorization_header(request).decode(errors="replace")
        if header:
            scheme, _, value = header.partition(" ")
            if scheme.lower() in {"api-key", "bearer"}:
                raw = value.strip()
        if not raw:
            return None
        key = ApiKey.objects.filter(hashed_key=hash_key(raw), revoked=False).select_related("user").first()
        if key is None:
            if not settings.API_AUTH_REQUIRED:
                # Read by CredentialsIgnoredMiddleware, which says so in a response header.
                request._request.credentials_ignored = True
                return None
            raise exceptions.AuthenticationFailed("Invalid or revoked API key.")
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
        return (key.user or ApiClient(key), key)

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (not 403) when credentials are missing.
        return self.keyword


class ApiAccessPermission(permissions.BasePermission):
    message = "An API key is required: send 'Authorization: Api-Key <key>'."

    def has_permission(self, request, view) -> bool:
        if getattr(view, "public", False) or not settings.API_AUTH_REQUIRED:
            return True
        return bool(request.user and request.user.is_authenticated)


class CredentialsIgnoredMiddleware:
    """Tells a client that the key it sent was not checked because API keys are off."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "credentials_ignored", False):
            response[CREDENTIALS_IGNORED_HEADER] = "API keys are off on this service; the key sent was not checked."
        return response

"""API-key authentication and the access rule (keys required when API_AUTH_REQUIRED is true).

Clients send ``Authorization: Api-Key <key>`` (or ``Bearer <key>``, or ``X-API-Key: <key>``).
The web UI uses Django sessions instead. Views marked ``public = True`` (health, metrics) never
need a key. With keys switched off (API_AUTH_REQUIRED false) a key this service does not know
is ignored rather than refused: existing clients send their own keys to every service they call.
The answer then carries ``CREDENTIALS_IGNORED_HEADER``. With keys required, each request is also
checked against its actor's role and the key's scopes (actors.py: one helper for the API, the
pages and the admin); FORBIDDEN when refused.
"""
from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils import timezone
from rest_framework import authentication, exceptions, permissions

from dinov3site.api.models import DEFAULT_SCOPES, SCOPES, ApiKey, hash_key

from .actors import Actor, actor_of
from .audit import audit_record
from .roles import api_action

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


def api_key_create(*, name: str, user=None, scopes: list[str] | str | None = None,
                   expires_at: datetime | None = None, actor: Actor | None = None) -> tuple[ApiKey, str]:
    """Create a key; returns the record and the raw key (shown once, never stored)."""
    if isinstance(scopes, str):
        scopes = scopes.split(",")
    chosen = [s.strip() for s in (scopes or DEFAULT_SCOPES.split(",")) if s.strip()]
    unknown = sorted(set(chosen) - set(SCOPES))
    if unknown or not chosen:
        raise ValueError(f"Unknown scopes {unknown}; choose from {', '.join(SCOPES)}.")
    raw, prefix = ApiKey.generate()
    key = ApiKey.objects.create(name=name, prefix=prefix, hashed_key=hash_key(raw), user=user,
                                scopes=",".join(s for s in SCOPES if s in chosen), expires_at=expires_at)
    audit_record(actor=actor, action="key.create", target=f"{key.name} ({key.prefix})",
                 details={"owner": key.owner_name, "scopes": key.scope_list,
                          "expires_at": expires_at.isoformat() if expires_at else None})
    return key, raw


def api_keys_revoke(*, keys, actor: Actor | None = None) -> int:
    """Revoke keys (they answer UNAUTHENTICATED from now on); each revocation is audited."""
    revoked = 0
    for key in keys:
        if not key.revoked:
            ApiKey.objects.filter(pk=key.pk).update(revoked=True)
            audit_record(actor=actor, action="key.revoke", target=f"{key.name} ({key.prefix})",
                         details={"owner": key.owner_name})
            revoked += 1
    return revoked


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
        problem = (f"This API key expired on {key.expires_at:%Y-%m-%d %H:%M} UTC." if key.expired else
                   "The owner of this API key is deactivated." if key.user is not None and not key.user.is_active
                   else None)
        if problem:
            if not settings.API_AUTH_REQUIRED:
                request._request.credentials_ignored = True
                return None
            raise exceptions.AuthenticationFailed(problem)
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
        if not (request.user and request.user.is_authenticated):
            return False
        match = getattr(request, "resolver_match", None)
        data = request.data if request.method == "POST" and match and match.url_name == "calibrate-threshold" else None
        action = api_action(match.url_name if match else None, request.method, data)
        actor = actor_of(request)
        if not actor.may_attempt(action):
            scopes = f", key scopes: {', '.join(actor.key.scope_list)}" if actor.key is not None else ""
            raise exceptions.PermissionDenied(
                f"Your role does not allow this (action: {action}; acting as {actor.name}{scopes}).")
        return True


class CredentialsIgnoredMiddleware:
    """Tells a client that the key it sent was not checked because API keys are off."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "credentials_ignored", False):
            response[CREDENTIALS_IGNORED_HEADER] = "API keys are off on this service; the key sent was not checked."
        return response

"""API keys: only a SHA-256 of each key is stored; the key itself is shown once, at creation."""
from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

SCOPES = ("read", "write", "admin")
DEFAULT_SCOPES = "read,write"


def validate_scopes(value: str) -> None:
    unknown = [s for s in value.split(",") if s.strip() and s.strip() not in SCOPES]
    if unknown or not value.strip():
        raise ValidationError(f"Scopes are a comma-separated choice of {', '.join(SCOPES)}; got {value!r}.")


def hash_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


class ApiKey(models.Model):
    name = models.CharField(max_length=100, help_text="Who or what uses this key, e.g. 'render farm'.")
    prefix = models.CharField(max_length=12, db_index=True, editable=False)
    hashed_key = models.CharField(max_length=64, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             help_text="The owner: the key never does more than this user's role. "
                                       "Empty for a pipeline key, whose scopes are all it may do.")
    scopes = models.CharField(max_length=50, default=DEFAULT_SCOPES, validators=[validate_scopes],
                              help_text="Comma-separated: read, write, admin.")
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Optional; the key stops working then.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = "API key"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def scope_list(self) -> list[str]:
        return [s.strip() for s in self.scopes.split(",") if s.strip() in SCOPES]

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def owner_name(self) -> str:
        return self.user.get_username() if self.user_id else f"pipeline:{self.name}"

    @staticmethod
    def generate() -> tuple[str, str]:
        """A new raw key and its public prefix (the prefix identifies a key in logs and the admin)."""
        prefix = secrets.token_hex(4)
        return f"d3_{prefix}_{secrets.token_urlsafe(32)}", prefix

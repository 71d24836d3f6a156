"""Input helpers shared by the apps' views: validation into the envelope, batch limits."""
from __future__ import annotations

from django.conf import settings
from rest_framework import serializers

from .errors import BatchTooLarge, ValidationFailed


def validated(serializer_class, data, **kwargs) -> dict:
    """Validate ``data`` or raise VALIDATION_ERROR whose details name each field."""
    serializer = serializer_class(data=data, **kwargs)
    if not serializer.is_valid():
        raise ValidationFailed("The request is not valid; see details for each field.", details=serializer.errors)
    return serializer.validated_data


def batch_check(ids: list, *, field: str = "asset_ids") -> list:
    """Refuse more ids than MAX_BATCH_SIZE with BATCH_TOO_LARGE (before any work starts)."""
    if len(ids) > settings.MAX_BATCH_SIZE:
        raise BatchTooLarge(
            f"{field} has {len(ids)} ids; the limit is {settings.MAX_BATCH_SIZE} (MAX_BATCH_SIZE).",
            details={"field": field, "count": len(ids), "max_batch_size": settings.MAX_BATCH_SIZE},
        )
    return ids


class AssetIdListField(serializers.ListField):
    """A non-empty list of asset ids (the batch limit is checked by ``batch_check``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("child", serializers.CharField(max_length=100))
        kwargs.setdefault("allow_empty", False)
        # Far above MAX_BATCH_SIZE: only protects the parser; batch_check gives the clear error.
        kwargs.setdefault("max_length", 100_000)
        super().__init__(**kwargs)


class AsyncField(serializers.BooleanField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("default", False)
        kwargs.setdefault("help_text", "Answer 202 with a job at once; poll jobs/{job_id}.")
        super().__init__(**kwargs)


class AsyncOptionMixin:
    """Adds the contract's optional ``"async": true`` field (a Python keyword, so added here)."""

    def get_fields(self):
        fields = super().get_fields()
        fields["async"] = AsyncField()
        return fields

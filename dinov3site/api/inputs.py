"""Input helpers shared by the apps' views: one way to read a request's fields, validation into
the envelope, documented aliases for field names existing clients send, the list of asset ids
(whose batch limit `core.limits.batch_check` checks)."""
from __future__ import annotations

import copy

from django.http import QueryDict
from rest_framework import serializers

from core.errors import ValidationFailed


def error_paths(errors, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested errors as {path: [messages]}: ``{"shots": [{}, {"motion": {"pan": [..]}}]}``
    becomes ``{"shots[1].motion.pan": [..]}``."""
    if isinstance(errors, dict):
        flat: dict[str, list[str]] = {}
        for key, value in errors.items():
            if isinstance(key, int) or str(key).isdigit():  # a list's items (DRF keys them by index)
                name = f"{prefix}[{key}]"
            elif key == "non_field_errors" and prefix:
                name = prefix
            else:
                name = f"{prefix}.{key}" if prefix and not str(key).startswith("[") else f"{prefix}{key}"
            flat.update(error_paths(value, name))
        return flat
    if isinstance(errors, list) and errors and all(isinstance(e, str) for e in errors):
        return {prefix or "non_field_errors": [str(e) for e in errors]}
    if isinstance(errors, list):
        flat = {}
        for index, value in enumerate(errors):
            if value:
                flat.update(error_paths(value, f"{prefix}[{index}]"))
        return flat
    return {prefix or "non_field_errors": [str(errors)]}


def validated(serializer_class, data, *, paths: bool = False, **kwargs) -> dict:
    """Validate ``data`` or raise VALIDATION_ERROR whose details name each field; with ``paths``
    the details also name each nested value by its path (``shots[1].motion.pan``)."""
    serializer = serializer_class(data=data, **kwargs)
    if not serializer.is_valid():
        details = dict(serializer.errors)
        if paths:
            details.update({path: messages for path, messages in error_paths(serializer.errors).items()
                            if path not in details})
        raise ValidationFailed("The request is not valid; see details for each field.", details=details)
    return serializer.validated_data


def request_input(request) -> dict | QueryDict:
    """The request's fields from its body (JSON, form or multipart) and its query string.

    Clients written for other implementations send ids in any of these (``POST
    extract-features?asset_id=<id>`` with no body is a common form); a field in the body wins
    over the same field in the query string.
    """
    body, query = request.data, request.query_params
    if not query:
        return body
    if isinstance(body, QueryDict):  # form, multipart, or no body at all
        merged = query.copy()
        for name in body:
            merged.setlist(name, body.getlist(name))
        return merged
    if isinstance(body, dict):
        return {**{name: query[name] for name in query}, **body}
    return body  # a JSON list or scalar: the serializer reports it


class AliasedFieldsMixin:
    """Accepts other names for some fields, documented in the schema as optional fields.

    ``aliases = {"reference_asset_id": "asset_id_1"}``: a request that sends the alias and not
    the field itself is read as if it had sent the field. Validated data holds the field's own name.
    """

    aliases: dict[str, str] = {}

    def get_fields(self):
        fields = super().get_fields()
        for alias, name in self.aliases.items():
            field = copy.deepcopy(fields[name])
            field.required, field.default = False, serializers.empty
            field.help_text = f"Alias of `{name}` (the name some existing clients send)."
            fields[alias] = field
        return fields

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            renamed = data.copy() if isinstance(data, QueryDict) else dict(data)
            for alias, name in self.aliases.items():
                if alias in renamed:
                    if name not in renamed:
                        value = renamed.getlist(alias) if isinstance(renamed, QueryDict) else renamed[alias]
                        if isinstance(renamed, QueryDict):
                            renamed.setlist(name, value)
                        else:
                            renamed[name] = value
                    del renamed[alias]
            data = renamed
        return super().to_internal_value(data)


class AssetIdListField(serializers.ListField):
    """A non-empty list of asset ids (the batch limit is checked by ``core.limits.batch_check``)."""

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
    """Adds the API's optional ``"async": true`` field (a Python keyword, so added here)."""

    def get_fields(self):
        fields = super().get_fields()
        fields["async"] = AsyncField()
        return fields

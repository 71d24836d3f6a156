"""OpenAPI schema helpers: the error envelope documented on every operation.

Each view documents its success response with ``extend_schema``; this AutoSchema adds the
envelope for the error statuses every operation can answer (400, 401, 429, 500), 404 where the
path or the body names an id (or a page number), 415 where there is a request body, 413 for
uploads, 503 for operations that need the model (``needs_model``), and whatever the view lists
in ``error_statuses``. It also documents the asset ids a body takes as optional query parameters
(``POST extract-features?asset_id=...``), and adds each operation's examples (``examples.py``).
"""
import re

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from .examples import operation_examples

_DESCRIPTIONS = {
    "400": "VALIDATION_ERROR, INVALID_FILE_FORMAT or BATCH_TOO_LARGE",
    "401": "UNAUTHENTICATED: an API key is required",
    "403": "FORBIDDEN",
    "404": "ASSET_NOT_FOUND (unknown id, or an asset of the wrong kind) or NOT_FOUND",
    "413": "FILE_TOO_LARGE",
    "415": "UNSUPPORTED_MEDIA_TYPE: a request body in a Content-Type the operation does not take",
    "429": "RATE_LIMITED (see the Retry-After header)",
    "500": "PROCESSING_FAILED or GPU_MEMORY_ERROR",
    "503": "MODEL_NOT_LOADED: DINOv3 weights unavailable (details say how to provide them)",
}


class ErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Upper-case error code, e.g. ASSET_NOT_FOUND.")
    message = serializers.CharField()
    details = serializers.JSONField(allow_null=True)
    timestamp = serializers.DateTimeField()


class ErrorEnvelopeSerializer(serializers.Serializer):
    error = ErrorBodySerializer()


# Body fields that name assets or jobs: an unknown id answers 404 ASSET_NOT_FOUND / NOT_FOUND.
_ID_FIELD = re.compile(r"(asset_ids?|job_id)(_\d+)?$")
# Single ids a body names, also read from the query string (see dinov3site.api.inputs.request_input).
_SINGLE_ID_FIELD = re.compile(r"asset_id(_\d+)?$")


def _field_names_id(serializer, depth: int = 0) -> bool:
    """Whether a request serializer (or one nested in it, e.g. a list of pairs) has an id field."""
    serializer = getattr(serializer, "child", serializer)  # ListSerializer / ListField
    fields = getattr(serializer, "fields", None)
    if not fields or depth > 3:
        return False
    return any(_ID_FIELD.search(name) or _field_names_id(field, depth + 1) for name, field in fields.items())


class EnvelopeAutoSchema(AutoSchema):
    def get_examples(self):
        return super().get_examples() + operation_examples(self.method, self.path)

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method not in {"POST", "PUT"}:
            return parameters
        serializer = self.get_request_serializer()
        fields = getattr(serializer() if isinstance(serializer, type) else serializer, "fields", {}) or {}
        for name, field in fields.items():
            if _SINGLE_ID_FIELD.search(name) and isinstance(field, serializers.CharField):
                parameters.append(OpenApiParameter(
                    name, OpenApiTypes.STR, OpenApiParameter.QUERY, required=False,
                    description=f"`{name}` may be sent here instead of in the body (the body wins)."))
        return parameters

    def _names_ids(self) -> bool:
        if "{" in self.path:
            return True
        if self.method == "GET" and getattr(self.view, "pagination_class", None):
            return True  # a page past the end answers 404
        if self.method not in {"POST", "PUT", "PATCH"}:
            return False
        serializer = self.get_request_serializer()
        candidates = serializer.values() if isinstance(serializer, dict) else [serializer]
        return any(_field_names_id(candidate() if isinstance(candidate, type) else candidate) for candidate in candidates)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        statuses = {"400", "429", "500"}
        if not getattr(self.view, "public", False):
            statuses.update({"401", "403"})  # no key, or a role or key scope that does not allow it
        if self._names_ids():
            statuses.add("404")
        if self.method in {"POST", "PUT", "PATCH"}:
            statuses.add("415")
        if getattr(self.view, "needs_model", False):
            statuses.add("503")
        statuses.update(str(code) for code in getattr(self.view, "error_statuses", ()))
        for status in sorted(statuses):
            if status not in responses:
                responses[status] = self._get_response_for_code(
                    OpenApiResponse(ErrorEnvelopeSerializer, description=_DESCRIPTIONS.get(status, "")), status,
                    ["application/json"],
                )
        return responses


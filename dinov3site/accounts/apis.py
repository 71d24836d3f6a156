"""GET audit: the audit trail as a file (CSV or JSON), for admins and admin-scoped keys."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.views import APIView

from dinov3site.api.downloads import FileFormatNegotiation, file_download
from dinov3site.api.inputs import validated
from media.export import TABLE_FORMATS

from .audit import audit_export, audit_list
from .permissions import actor_for, actor_of, require
from .roles import VIEW_AUDIT


class AuditQuery(serializers.Serializer):
    format = serializers.ChoiceField(choices=list(TABLE_FORMATS), default="csv")
    actor = serializers.CharField(required=False, max_length=150)
    action = serializers.CharField(required=False, max_length=50, help_text="A prefix: asset., config., tag., key.")
    since = serializers.DateTimeField(required=False)


class AuditExportApi(APIView):
    content_negotiation_class = FileFormatNegotiation

    @extend_schema(parameters=[AuditQuery], tags=["system"], summary="The audit trail of destructive and configuration actions",
                   responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV"),
                              (200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT, description="JSON")})
    def get(self, request):
        # The trail names people and addresses: only admins read it, even on an open service.
        actor = actor_of(request)
        require(actor_for(user=request.user, key=actor.key, enforce=True), VIEW_AUDIT, what="(reading the audit trail)")
        query = validated(AuditQuery, request.query_params)
        fmt = query.pop("format")
        content, content_type, filename = audit_export(audit_list(**query), fmt=fmt)
        return file_download(content, content_type=content_type, filename=filename)

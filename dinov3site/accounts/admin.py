"""The audit trail in the admin: read-only, filterable, exportable as CSV or JSON (API keys: key_admin.py)."""
from django.contrib import admin

from dinov3site.api.downloads import file_download

from . import key_admin  # noqa: F401 - the API keys' admin, found by the admin's autodiscovery here
from .audit import audit_export
from .models import AuditEvent
from .permissions import admin_actor
from .roles import VIEW_AUDIT


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "via", "action", "target", "address")
    list_filter = ("action", "via")
    search_fields = ("actor", "target", "action")
    date_hierarchy = "at"
    actions = ["export_csv", "export_json"]

    def has_view_permission(self, request, obj=None):
        return admin_actor(request).can(VIEW_AUDIT)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the trail is not edited, from any door

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_view_permission(request):
            return {}
        return actions

    def _export(self, queryset, fmt):
        content, content_type, filename = audit_export(queryset, fmt=fmt)
        return file_download(content, content_type=content_type, filename=filename)

    @admin.action(description="Export the selected events as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        return self._export(queryset, "csv")

    @admin.action(description="Export the selected events as JSON", permissions=["view"])
    def export_json(self, request, queryset):
        return self._export(queryset, "json")

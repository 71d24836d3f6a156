"""API keys in the admin: create one (the raw key is shown once, on the page that answers the
form, never stored in a message or cookie), choose its owner, scopes and expiry, revoke, see
last use. Who may do this is the role's `manage_keys`.
The ApiKey model (and its migrations) stay in the `api` app; accounts/admin.py imports this module."""
from django.contrib import admin
from django.template.response import TemplateResponse

from dinov3site.api.models import ApiKey

from .auth import api_key_create, api_keys_revoke
from .permissions import admin_actor
from .roles import MANAGE_KEYS


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "owner", "scopes", "expires_at", "created_at", "last_used_at", "revoked")
    list_filter = ("revoked", "scopes")
    search_fields = ("name", "prefix", "user__username")
    fields = ("name", "user", "scopes", "expires_at", "revoked", "prefix", "created_at", "last_used_at")
    readonly_fields = ("prefix", "created_at", "last_used_at")
    actions = ["revoke"]

    @admin.display(description="Owner")
    def owner(self, key: ApiKey) -> str:
        return key.owner_name

    def _allowed(self, request) -> bool:
        return admin_actor(request).can(MANAGE_KEYS)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)

    def has_module_permission(self, request):
        return self._allowed(request)

    def save_model(self, request, obj, form, change):
        if change:
            if "revoked" in form.changed_data and obj.revoked:
                obj.revoked = False  # revoked through the service, which audits it
                api_keys_revoke(keys=[obj], actor=admin_actor(request))
                obj.revoked = True
            return super().save_model(request, obj, form, change)
        key, raw = api_key_create(name=obj.name, user=obj.user, scopes=obj.scopes, expires_at=obj.expires_at,
                                  actor=admin_actor(request))
        obj.pk, obj.prefix, obj.hashed_key, obj.created_at = key.pk, key.prefix, key.hashed_key, key.created_at
        obj._raw_key = raw  # for response_add only: this request's page, nowhere else

    def response_add(self, request, obj, post_url_continue=None):
        context = {**self.admin_site.each_context(request), "title": "API key created", "opts": self.model._meta,
                   "key": obj, "raw_key": obj._raw_key}
        response = TemplateResponse(request, "admin/api/apikey/created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description="Revoke the selected keys", permissions=["change"])
    def revoke(self, request, queryset):
        count = api_keys_revoke(keys=list(queryset), actor=admin_actor(request))
        self.message_user(request, f"Revoked {count} key{'s' if count != 1 else ''}.")

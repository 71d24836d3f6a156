"""Curation in the admin: the tag vocabulary (rename, merge, approve; counts) and a shot browser.

Tag actions go through tag_services, so every shot follows a rename or merge. The shot browser
is a ModelAdmin on the table-less ShotRecord whose list and change views read and write the
document store with Django forms and the admin's own templates and styles.
"""
from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from dinov3site.accounts.permissions import admin_actor
from dinov3site.accounts.roles import BROWSE, CURATE
from core.errors import NotFound

from .documents import Shot
from .forms import ShotEditForm, ShotTagForm, TagNameForm
from .models import ShotRecord, ShotTag
from .notes import technical_notes
from .selectors import shot_distinct, shot_get, shot_links, shot_list
from .services import shot_update
from .tag_services import tag_rename, tags_approve, tags_delete, tags_merge

SHOTS_PER_PAGE = 50


def _shots_url(**filters) -> str:
    return reverse("admin:cinematics_shotrecord_changelist") + "?" + urlencode(filters)


class CurationPermissions:
    """Curation in the admin asks the accounts helper: look with `browse`, change with `curate`."""

    def has_module_permission(self, request):
        return admin_actor(request).can(BROWSE)

    def has_view_permission(self, request, obj=None):
        return admin_actor(request).can(BROWSE)

    def has_change_permission(self, request, obj=None):
        return admin_actor(request).can(CURATE)

    def has_delete_permission(self, request, obj=None):
        return admin_actor(request).can(CURATE)


@admin.register(ShotTag)
class ShotTagAdmin(CurationPermissions, admin.ModelAdmin):
    form = ShotTagForm
    list_display = ("name", "approved", "shots", "updated_at")
    list_filter = ("approved",)
    search_fields = ("name",)
    fields = ("name", "approved", "shot_count")
    readonly_fields = ("shot_count",)
    actions = ["approve", "unapprove", "merge", "rename"]

    @admin.display(description="shots", ordering="shot_count")
    def shots(self, tag: ShotTag):
        return format_html('<a href="{}">{}</a>', _shots_url(tag=tag.name), tag.shot_count)

    def save_model(self, request, obj, form, change):
        if change and "name" in form.changed_data:
            old = ShotTag.objects.get(pk=obj.pk).name
            changed = tag_rename(old=old, new=form.cleaned_data["name"], actor=admin_actor(request))
            ShotTag.objects.filter(name=obj.name).update(approved=obj.approved)
            obj.pk = ShotTag.objects.get(name=obj.name).pk
            self.message_user(request, f"Renamed {old} to {obj.name} on {changed} shots.")
            return
        obj.shot_count = Shot.objects(tags=obj.name).count()
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        tags_delete(names=[obj.name], actor=admin_actor(request))

    def delete_queryset(self, request, queryset):
        tags_delete(names=list(queryset.values_list("name", flat=True)), actor=admin_actor(request))

    @admin.action(description="Approve the selected tags", permissions=["change"])
    def approve(self, request, queryset):
        self.message_user(request, f"Approved {tags_approve(names=queryset.values_list('name', flat=True))} tags.")

    @admin.action(description="Withdraw approval of the selected tags", permissions=["change"])
    def unapprove(self, request, queryset):
        count = tags_approve(names=queryset.values_list("name", flat=True), approved=False)
        self.message_user(request, f"Withdrew approval of {count} tags.")

    @admin.action(description="Merge the selected tags into one (every shot follows)", permissions=["change"])
    def merge(self, request, queryset):
        names = list(queryset.values_list("name", flat=True))
        return self._name_step(request, queryset, action="merge", initial=names[0] if names else "",
                               title="Merge tags", apply=lambda target: tags_merge(sources=names, target=target,
                                                                             actor=admin_actor(request)),
                               done="Merged {names} into {target} on {changed} shots.")

    @admin.action(description="Rename the selected tag (every shot follows)", permissions=["change"])
    def rename(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one tag to rename (or use merge).", messages.WARNING)
            return None
        old = queryset.get().name
        return self._name_step(request, queryset, action="rename", initial=old, title=f"Rename tag “{old}”",
                               apply=lambda target: tag_rename(old=old, new=target, actor=admin_actor(request)),
                               done="Renamed {names} to {target} on {changed} shots.")

    def _name_step(self, request, queryset, *, action, initial, title, apply, done):
        """The intermediate page of an action: ask for the name, then apply it."""
        form = TagNameForm(request.POST if "apply" in request.POST else None, initial={"name": initial})
        if form.is_bound and form.is_valid():
            target = form.cleaned_data["name"]
            names = ", ".join(queryset.values_list("name", flat=True))
            changed = apply(target)
            self.message_user(request, done.format(names=names, target=target, changed=changed), messages.SUCCESS)
            return None
        context = {**self.admin_site.each_context(request), "title": title, "opts": self.model._meta,
                   "queryset": queryset, "form": form, "action": action,
                   "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME}
        return TemplateResponse(request, "admin/cinematics/shottag/name_action.html", context)


@admin.register(ShotRecord)
class ShotAdmin(CurationPermissions, admin.ModelAdmin):
    """Browse shots with their keyframes; edit tags, tone, genre and scene context."""

    FILTERS = (("emotional_tone", "tone"), ("movement_type", "movement"), ("camera_angle", "framing"),
               ("genre", "genre"), ("tag", "tag"))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [path("", wrap(self.changelist_view), name="cinematics_shotrecord_changelist"),
                path("<str:object_id>/change/", wrap(self.change_view), name="cinematics_shotrecord_change")]

    def _filters(self, request) -> dict:
        return {key: request.GET[key] for key in ("emotional_tone", "movement_type", "camera_angle", "genre", "tag",
                                                  "video_asset_id", "q") if request.GET.get(key)}

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise admin.sites.PermissionDenied
        filters = self._filters(request)
        query = {**filters}
        if "tag" in query:
            query["tags"] = [query.pop("tag")]
        page = Paginator(shot_list(**query), SHOTS_PER_PAGE).get_page(request.GET.get("p"))
        shots = list(page.object_list)
        links = shot_links(shots)
        rows = [{"shot": s, **links[s.id], "url": reverse("admin:cinematics_shotrecord_change", args=[s.id])}
                for s in shots]
        sidebar = []
        for field, label in self.FILTERS:
            values = shot_distinct(field="tags" if field == "tag" else field)
            choices = [{"label": "All", "selected": field not in filters,
                        "url": "?" + urlencode({k: v for k, v in filters.items() if k != field})}]
            choices += [{"label": v.replace("_", " "), "selected": filters.get(field) == v,
                         "url": "?" + urlencode({**filters, field: v})} for v in values]
            sidebar.append({"title": label, "choices": choices})
        context = {**self.admin_site.each_context(request), "title": "Shots", "opts": self.model._meta,
                   "rows": rows, "page": page, "sidebar": sidebar, "q": filters.get("q", ""), "filters": filters,
                   "query_without_page": urlencode(filters), "total": page.paginator.count, **(extra_context or {})}
        return TemplateResponse(request, "admin/cinematics/shot/change_list.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise admin.sites.PermissionDenied
        try:
            shot = shot_get(shot_id=object_id)
        except NotFound:
            self.message_user(request, f"No shot with id “{object_id}”.", messages.WARNING)
            return redirect("admin:cinematics_shotrecord_changelist")
        initial = {"tags": ", ".join(shot.tags), "emotional_tone": shot.emotional_tone, "genre": shot.genre,
                   "scene_context": shot.scene_context}
        form = ShotEditForm(request.POST if request.method == "POST" else None, initial=initial,
                            current_tone=shot.emotional_tone)
        can_change = self.has_change_permission(request)
        if request.method == "POST" and can_change and form.is_valid():
            data = form.cleaned_data
            shot_update(shot=shot, tags=data["tags"], genre=data["genre"], scene_context=data["scene_context"],
                        emotional_tone=data["emotional_tone"] if data["emotional_tone"] != shot.emotional_tone else None)
            self.message_user(request, f"Shot {shot.shot_number} was changed.", messages.SUCCESS)
            if "_continue" in request.POST:
                return redirect(request.path)
            return redirect("admin:cinematics_shotrecord_changelist")
        links = shot_links([shot])[shot.id]
        context = {**self.admin_site.each_context(request),
                   "title": f"{links['video_filename'] or shot.video_asset_id} #{shot.shot_number}",
                   "opts": self.model._meta, "shot": shot, "form": form, "links": links,
                   "notes": technical_notes(shot), "can_change": can_change,
                   "media": self.media + form.media, **(extra_context or {})}
        return TemplateResponse(request, "admin/cinematics/shot/change_form.html", context)

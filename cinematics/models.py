"""ORM models for the admin: the curated tag vocabulary, and the entry for the shot browser.

Shots live in MongoDB (documents.py); Django's admin works on ORM models, so the vocabulary is
a small table whose counts and names follow the shots (services.tags_sync), and whose admin
actions change every shot through the services. `ShotRecord` has no table: it only gives the
Mongo-backed shot browser its place, URL and permissions in the admin (see admin.py).
"""
from django.db import models


class ShotTag(models.Model):
    name = models.CharField(max_length=100, unique=True, help_text="Lower case, as stored on the shots.")
    approved = models.BooleanField(default=False, help_text="Part of the curated vocabulary.")
    shot_count = models.PositiveIntegerField(default=0, editable=False, help_text="Shots carrying this tag.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-shot_count", "name"]
        verbose_name = "shot tag"

    def __str__(self) -> str:
        return self.name


class ShotRecord(models.Model):
    """No table: the admin lists and edits shots from the document store."""

    class Meta:
        managed = False
        verbose_name = "shot"
        verbose_name_plural = "shots"
        default_permissions = ("view", "change")

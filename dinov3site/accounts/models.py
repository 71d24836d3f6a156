"""The roles' permissions (held by a table-less model) and the audit trail.

`Access` only carries the permissions of roles.ACTIONS; the groups holding them are made by a
migration. `AuditEvent` is one row per destructive or configuration action: who, what, when,
and through which key or session.
"""
from __future__ import annotations

from django.db import models

from .roles import ACTIONS


class Access(models.Model):
    class Meta:
        managed = False  # no table: the permissions are what matters
        default_permissions = ()
        permissions = list(ACTIONS.items())
        verbose_name = "access"


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.CharField(max_length=150, db_index=True, help_text="User name, pipeline:<key name>, or anonymous.")
    via = models.CharField(max_length=100, help_text="session, api-key:<prefix>, admin, command, or open (keys off).")
    action = models.CharField(max_length=50, db_index=True)  # e.g. asset.delete, config.set, tag.merge, key.create
    target = models.CharField(max_length=200, blank=True)  # what it acted on (an id, a name)
    details = models.JSONField(default=dict, blank=True)
    address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "audit event"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor} {self.action} {self.target}"

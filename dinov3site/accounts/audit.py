"""The audit trail: every destructive or configuration action, with who did it and how.

Services that delete, reconfigure, merge or rename call `audit_record` with the actor their door
resolved (API, page, admin, command), so the trail is the same whichever door was used.
`audit_export` writes the trail as CSV (through the exports' one CSV writer, cells neutralised)
or JSON.
"""
from __future__ import annotations

import json
import logging
from datetime import datetime

from media.export import csv_document, export_file

from .models import AuditEvent
from .actors import Actor

logger = logging.getLogger(__name__)

EXPORT_COLUMNS = ("at", "actor", "via", "action", "target", "address", "details")


def _address(request) -> str | None:
    if request is None:
        return None
    return (getattr(request, "META", None) or {}).get("REMOTE_ADDR") or None


def audit_record(*, actor: Actor | None, action: str, target: str = "", details: dict | None = None,
                 request=None) -> AuditEvent:
    """One row of the trail. `actor` None means nobody identified (an open service)."""
    actor = actor or Actor(name=None, via="open")
    event = AuditEvent.objects.create(
        actor=(actor.name or "anonymous")[:150], via=actor.via[:100], action=action[:50], target=str(target)[:200],
        details=json.loads(json.dumps(details or {}, default=str)), address=_address(request))
    logger.info("audit: %s %s %s via %s", event.actor, action, target, event.via)
    return event


def audit_list(*, actor: str | None = None, action: str | None = None, since: datetime | None = None):
    events = AuditEvent.objects.all()
    if actor:
        events = events.filter(actor=actor)
    if action:
        events = events.filter(action__startswith=action)
    if since:
        events = events.filter(at__gte=since)
    return events


def audit_rows(events) -> list[dict]:
    return [{"at": e.at.isoformat(), "actor": e.actor, "via": e.via, "action": e.action, "target": e.target,
             "address": e.address, "details": e.details} for e in events]


def audit_export(events, *, fmt: str = "csv") -> tuple[str, str, str]:
    """(content, content type, file name) of the events as CSV or JSON (`media.export.TABLE_FORMATS`)."""
    rows = audit_rows(events)
    if fmt == "json":
        return export_file(json.dumps({"events": rows, "total": len(rows)}, indent=2), fmt="json", stem="audit")
    flat = [{**row, "details": json.dumps(row["details"], sort_keys=True)} for row in rows]
    return export_file(csv_document(flat, EXPORT_COLUMNS), fmt="csv", stem="audit")

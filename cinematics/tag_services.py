"""The tag vocabulary (ShotTag rows) and the actions that change tags on every shot.

Shots carry their tags as strings (MongoDB); the vocabulary is an ORM table for the admin.
`tags_sync` recounts the named tags after any write on shots; rename, merge and delete rewrite
the tag on every shot that carries it, re-embed those shots' text and then resync.
"""
from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from assets.services import clean_tags
from dinov3site.accounts.audit import audit_record
from dinov3site.accounts.permissions import Actor
from core.errors import ValidationFailed

from .documents import Shot
from .models import ShotTag
from .selectors import library_changed
from .text import text_vectors_refresh


def tags_sync(*, names: Iterable[str] | None = None) -> None:
    """Recount tags (all when `names` is None). Unapproved tags no shot carries leave the
    vocabulary; approved ones stay, with a count of zero."""
    if names is None:
        names = set(ShotTag.objects.values_list("name", flat=True)) | {t for t in Shot.objects.distinct("tags") if isinstance(t, str)}
    names = {n for n in names if n}
    if not names:
        return
    counts = {name: Shot.objects(tags=name).count() for name in names}
    with transaction.atomic():
        rows = {row.name: row for row in ShotTag.objects.filter(name__in=names)}
        for name, count in counts.items():
            row = rows.get(name)
            if row is None and count:
                ShotTag.objects.create(name=name, shot_count=count)
            elif row is not None and not count and not row.approved:
                row.delete()
            elif row is not None and row.shot_count != count:
                row.shot_count = count
                row.save(update_fields=["shot_count", "updated_at"])


def _clean_name(name: str) -> str:
    cleaned = clean_tags([name])
    if not cleaned:
        raise ValidationFailed("A tag name cannot be empty.", details={"name": ["Empty."]})
    return cleaned[0]


def _rewrite(replace: dict[str, str | None]) -> int:
    """Replace (or with None, remove) tags on every shot that has one of them; returns shots changed."""
    changed = []
    for shot in Shot.objects(tags__in=list(replace)).only("id", "tags", "scene_context", "text_hash", "text_vector"):
        tags = clean_tags([replace.get(t, t) for t in shot.tags if replace.get(t, t)])
        Shot.objects(id=shot.id).update_one(set__tags=tags)
        shot.tags = tags
        changed.append(shot)
    text_vectors_refresh(changed)
    library_changed()
    return len(changed)


def tags_merge(*, sources: Iterable[str], target: str, actor: Actor | None = None, action: str = "tag.merge") -> int:
    """Every shot tagged with any of `sources` is tagged `target` instead (once). The target
    row keeps approval if any merged tag was approved. Returns how many shots changed (audited)."""
    target = _clean_name(target)
    sources = [s for s in clean_tags(list(sources)) if s != target]
    if not sources:
        return 0
    changed = _merge(sources, target)
    audit_record(actor=actor, action=action, target=target, details={"sources": sources, "shots_changed": changed})
    return changed


def _merge(sources: list[str], target: str) -> int:
    changed = _rewrite({name: target for name in sources})
    approved = ShotTag.objects.filter(name__in=[*sources, target], approved=True).exists()
    ShotTag.objects.filter(name__in=sources).delete()
    # The target stays in the vocabulary even when no shot carries it yet: a curator named it.
    row, _ = ShotTag.objects.get_or_create(name=target)
    row.approved = row.approved or approved
    row.shot_count = Shot.objects(tags=target).count()
    row.save()
    return changed


def tag_rename(*, old: str, new: str, actor: Actor | None = None) -> int:
    """Rename a tag everywhere (renaming onto an existing tag merges them)."""
    return tags_merge(sources=[old], target=new, actor=actor, action="tag.rename")


def tags_delete(*, names: Iterable[str], actor: Actor | None = None) -> int:
    """Remove tags from every shot and from the vocabulary (audited)."""
    names = clean_tags(list(names))
    changed = _rewrite({name: None for name in names})
    ShotTag.objects.filter(name__in=names).delete()
    audit_record(actor=actor, action="tag.delete", target=", ".join(names)[:200],
                 details={"names": names, "shots_changed": changed})
    return changed


def tags_approve(*, names: Iterable[str], approved: bool = True) -> int:
    return ShotTag.objects.filter(name__in=list(names)).update(approved=approved)

"""Template helpers for asset pages: fetchable URLs of stored files, readable sizes."""
from django import template

from assets.storage import media_url

register = template.Library()


@register.filter
def stored_url(name: str | None) -> str:
    """The URL a browser can fetch for a stored file name ('' when there is none)."""
    return media_url(name) or ""


@register.filter
def percent(value) -> float:
    """A 0..1 measure as 0..100 for bar widths (clamped so a bar never overflows)."""
    try:
        return round(max(0.0, min(1.0, float(value))) * 100, 1)
    except (TypeError, ValueError):
        return 0.0


@register.filter
def label(value) -> str:
    """A vocabulary value for reading: 'pan_left' -> 'pan left'."""
    return str(value or "").replace("_", " ")

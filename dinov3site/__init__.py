"""The DINOv3 visual-intelligence platform: project package (settings, URLs, Celery, Mongo)."""
from .celery import app as celery_app

__all__ = ("celery_app",)

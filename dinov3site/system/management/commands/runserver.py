"""Django's development server, kept to one thread when the embedded document store is in use.

The embedded store (litemongo over SQLite) refuses connections shared between threads, and
Django's runserver answers each request in a new thread: without this, the first request that
touches a collection opened by another thread fails. With MONGODB_URL set, nothing changes.
"""
from django.conf import settings
from django.contrib.staticfiles.management.commands.runserver import Command as StaticfilesRunserver


class Command(StaticfilesRunserver):
    def handle(self, *args, **options):
        if not settings.MONGODB_URL.strip() and options.get("use_threading", True):
            self.stdout.write("The embedded document store is single-threaded: serving one request at a time "
                              "(set MONGODB_URL for a threaded server).")
            options["use_threading"] = False
        super().handle(*args, **options)

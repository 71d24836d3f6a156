"""manage.py import_shots library.json: add or update shots from export_shots (safe to re-run)."""
from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from cinematics.transfer import FORMAT, shots_import


class Command(BaseCommand):
    help = ("Import shots written by export_shots. Videos and keyframes are found by id or by content "
            "(SHA-256), so import the media first (import_media); shots whose video is missing are skipped.")

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            with open(path, encoding="utf-8") as handle:
                document = json.load(handle)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        if not isinstance(document, dict) or document.get("format") != FORMAT or not isinstance(document.get("shots"), list):
            raise CommandError(f"{path} is not a shot library export (format {FORMAT!r}).")
        records = document["shots"]
        step = max(1, len(records) // 10)

        def progress(done: int) -> None:
            if done % step == 0 or done == len(records):
                self.stderr.write(f"imported {done}/{len(records)} shots")

        counts = shots_import(records, progress=progress)
        self.stdout.write(self.style.SUCCESS(
            "Created {created}, updated {updated}, unchanged {unchanged}; skipped {skipped_missing_video} "
            "(video not in this library); {keyframes_missing} keyframes not found.".format(**counts)))

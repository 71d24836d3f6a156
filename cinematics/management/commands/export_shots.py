"""manage.py export_shots library.json [--video ID] [--tag T] [--genre G]: the shot library as JSON."""
from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand

from assets.documents import now_ms
from cinematics.selectors import shot_list
from cinematics.transfer import FORMAT, VERSION, shot_records


class Command(BaseCommand):
    help = "Write the shot library (or the shots matching the filters) to a JSON file for import_shots."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Output file ('-' for standard output).")
        parser.add_argument("--video", dest="video_asset_id", help="Only the shots of this video.")
        parser.add_argument("--tag", action="append", dest="tags", help="Only shots with this tag (repeatable).")
        parser.add_argument("--genre")

    def handle(self, *args, path, video_asset_id=None, tags=None, genre=None, **options):
        shots = shot_list(video_asset_id=video_asset_id, tags=tags, genre=genre)
        total = shots.count()
        records = []
        step = max(1, total // 10)
        for done, record in enumerate(shot_records(shots), 1):
            records.append(record)
            if done % step == 0 or done == total:
                self.stderr.write(f"exported {done}/{total} shots")
        document = {"format": FORMAT, "version": VERSION, "exported_at": now_ms().isoformat(),
                    "total_shots": len(records), "shots": records}
        text = json.dumps(document, indent=1, default=str)
        if path == "-":
            sys.stdout.write(text + "\n")
        else:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stdout.write(self.style.SUCCESS(f"Wrote {len(records)} shots to {path}."))

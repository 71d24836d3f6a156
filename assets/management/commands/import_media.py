"""manage.py import_media FOLDER: ingest a folder tree through the same service as uploads.

Re-runs are safe: a file whose SHA-256 is already in the library is reported, not stored again.
"""
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from assets.documents import Asset
from assets.services import asset_create, file_sha256
from core.errors import ApplicationError


class Command(BaseCommand):
    help = "Import every JPG, PNG, WEBP and MP4 under FOLDER (recursively), skipping duplicates."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--tags", default="", help="Comma-separated tags for every imported asset.")
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args, folder, tags, quiet, **options):
        root = Path(folder)
        if not root.is_dir():
            raise CommandError(f"{root} is not a folder.")
        files = sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))
        limit = settings.MAX_FILE_SIZE_MB * 1024 * 1024
        imported, skipped = 0, Counter()
        details: list[str] = []
        for path in tqdm(files, desc="Importing", unit="file", disable=quiet or not files):
            if path.stat().st_size > limit:
                skipped["too large"] += 1
                details.append(f"{path}: over {settings.MAX_FILE_SIZE_MB} MB")
                continue
            existing = Asset.objects(checksum_sha256=file_sha256(path)).only("id").first()
            if existing is not None:
                skipped["duplicate"] += 1
                details.append(f"{path}: duplicate of {existing.id}")
                continue
            try:
                asset_create(path=path, filename=path.name, tags=tags,
                             description=f"Imported from {path.relative_to(root)}")
                imported += 1
            except ApplicationError as exc:
                skipped[exc.code] += 1
                details.append(f"{path}: {exc.code}: {exc.message}")
        for line in details:
            self.stdout.write(f"  skipped {line}")
        summary = ", ".join(f"{count} {reason}" for reason, count in sorted(skipped.items())) or "none"
        self.stdout.write(self.style.SUCCESS(f"Imported {imported} of {len(files)} files; skipped: {summary}."))

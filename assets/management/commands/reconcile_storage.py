"""manage.py reconcile_storage [--delete] [--min-age S] [--verify-checksums] [--json]

Lists (by default, a dry run) stored files no asset names and assets whose original file is
missing; ``--delete`` removes the orphan files and those assets, and clears links to missing
thumbnails or posters. Exits 1 when a dry run finds something, so a cron job can alert.
"""
import json

from django.core.management.base import BaseCommand

from assets.reconcile import storage_reconcile


class Command(BaseCommand):
    help = "Find (and with --delete remove) stored files without assets and assets without files."

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", default=True, help="Only list (the default).")
        mode.add_argument("--delete", action="store_true", help="Remove orphans and assets without files.")
        parser.add_argument("--min-age", type=float, default=3600.0,
                            help="Seconds a file must exist before it counts as orphaned (uploads in flight).")
        parser.add_argument("--verify-checksums", action="store_true",
                            help="Also re-hash every original against its stored SHA-256.")
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args, delete, min_age, verify_checksums, json: bool = False, **options):
        report = storage_reconcile(delete=delete, min_age_s=min_age, verify=verify_checksums)
        if json:
            self.stdout.write(_dumps(report))
        else:
            self._print(report)
        problems = (report["orphan_files"] or report["assets_missing_original"]
                    or report["missing_thumbnails_or_posters"] or report["checksum_mismatches"])
        if problems and not delete:
            raise SystemExit(1)

    def _print(self, report: dict) -> None:
        verb = "removed" if report["deleted"] else "found (dry run; --delete removes)"
        self.stdout.write(f"Orphan files {verb}: {len(report['orphan_files'])}")
        for name in report["orphan_files"]:
            self.stdout.write(f"  {name}")
        self.stdout.write(f"Assets whose original is missing: {len(report['assets_missing_original'])}")
        for item in report["assets_missing_original"]:
            self.stdout.write(f"  {item['asset_id']}  {item['stored_name']}")
        self.stdout.write(f"Missing thumbnails/posters: {len(report['missing_thumbnails_or_posters'])}")
        if report["checksum_mismatches"]:
            self.stdout.write(f"Originals whose bytes no longer match their SHA-256: {len(report['checksum_mismatches'])}")
            for item in report["checksum_mismatches"]:
                self.stdout.write(f"  {item['asset_id']}  {item['stored_name']}")
        if report["recent_unreferenced_files_kept"]:
            self.stdout.write(f"Newer than --min-age, kept: {report['recent_unreferenced_files_kept']}")


def _dumps(report: dict) -> str:
    return json.dumps(report, indent=2)

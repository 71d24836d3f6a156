"""manage.py reindex: (re-)extract features in batches with a progress bar; resumable.

Default: assets with no vector or a stale one (another model or preprocessing), so an
interrupted run simply continues when started again. ``--all`` re-extracts everything; with
``--resume`` it skips what the interrupted ``--all`` run already did.
"""
from datetime import datetime, timezone

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from analysis.engine.vector_store import parse_store_url
from analysis.selectors import stored_vector
from analysis.tasks import features_extract_task
from analysis.services import features_for, loaded_engine
from assets.documents import Asset
from core.errors import ApplicationError
from dinov3site.jobs.services import job_submit
from dinov3site.config.documents import ServiceConfig

_STATE_ID = "reindex-state"


class Command(BaseCommand):
    help = "Extract missing or stale DINOv3 features (or all with --all), in batches, resumably."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Re-extract every asset.")
        parser.add_argument("--resume", action="store_true", help="With --all: continue the interrupted run.")
        parser.add_argument("--kind", choices=["image", "video"])
        parser.add_argument("--tag")
        parser.add_argument("--batch-size", type=int, default=32)
        parser.add_argument("--index-only", action="store_true", help="Only rebuild the vector index.")
        parser.add_argument("--to", metavar="VECTOR_STORE_URL",
                            help="With --index-only: fill this vector store instead (milvus://host:port), to migrate.")
        parser.add_argument("--jobs", action="store_true",
                            help="Queue the work as jobs, one per batch, for the worker processes (REDIS_URL) to share.")
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, **opts):
        if opts["index_only"]:
            return self._rebuild_index(opts["to"])
        if opts["to"]:
            raise CommandError("--to goes with --index-only.")
        try:
            engine = loaded_engine()
        except ApplicationError as exc:
            raise CommandError(f"{exc.message} {exc.details.get('how_to_fix', '') if exc.details else ''}")
        model, preprocessing = engine.settings.model_name, engine.preprocessing_version
        since = self._run_start(opts)
        query = Asset.objects.order_by("id")
        if opts["kind"]:
            query = query.filter(kind=opts["kind"])
        if opts["tag"]:
            query = query.filter(tags=opts["tag"].lower())
        todo = []
        for asset in query:
            fresh = stored_vector(asset, model=model, preprocessing=preprocessing) is not None
            done_this_run = fresh and since is not None and asset.features.extracted_at.replace(
                tzinfo=timezone.utc) >= since
            if (opts["all"] and not done_this_run) or not fresh:
                todo.append(asset)
        if opts["jobs"]:
            return self._queue(todo, opts)
        failed = 0
        with tqdm(total=len(todo), desc="Extracting", unit="asset", disable=opts["quiet"]) as bar:
            for start in range(0, len(todo), opts["batch_size"]):
                chunk = todo[start:start + opts["batch_size"]]
                try:
                    features_for(assets=chunk, force=opts["all"])
                except ApplicationError as exc:
                    failed += len(chunk)
                    self.stderr.write(f"batch starting at {chunk[0].id} failed: {exc.code}: {exc.message}")
                bar.update(len(chunk))
        if opts["all"]:
            ServiceConfig.objects(id=_STATE_ID).delete()
        self.stdout.write(self.style.SUCCESS(
            f"Extracted {len(todo) - failed} of {len(todo)} assets with {model} ({preprocessing}); {failed} failed."))

    def _queue(self, todo: list[Asset], opts) -> None:
        """One features.batch_extract job per batch: any number of workers on the queue take them,
        each job once (the broker hands a message to one worker; a finished job is never rerun)."""
        size = opts["batch_size"]
        jobs = [job_submit(kind="features.batch_extract", params={"asset_ids": [a.id for a in todo[i:i + size]],
                                                                  "force": opts["all"]},
                           total=len(todo[i:i + size]), task=features_extract_task)
                for i in range(0, len(todo), size)]
        self.stdout.write(self.style.SUCCESS(f"Queued {len(todo)} assets as {len(jobs)} jobs of up to {size}."))
        for job in jobs:
            self.stdout.write(job.id)

    def _run_start(self, opts) -> datetime | None:
        if not opts["all"]:
            return None
        state = ServiceConfig.objects(id=_STATE_ID).first()
        if opts["resume"] and state and state.updated_at:
            return state.updated_at.replace(tzinfo=timezone.utc)
        now = datetime.now(timezone.utc)
        ServiceConfig(id=_STATE_ID, values={}, updated_at=now).save()
        return now

    def _rebuild_index(self, to: str | None):
        from analysis.index import index_rebuild

        if to is not None:
            try:
                parse_store_url(to)
            except ValueError as exc:
                raise CommandError(str(exc))
        count = index_rebuild(to=to)
        if to is None:
            self.stdout.write(self.style.SUCCESS(f"Rebuilt the vector index with {count} vectors."))
        else:
            self.stdout.write(self.style.SUCCESS(
                f"Copied {count} vectors to {to}. Set VECTOR_STORE_URL={to} and restart the web and worker processes."))

"""The Celery app, and what a worker process does besides running tasks.

The broker is CELERY_BROKER_URL or REDIS_URL; without either, tasks run eagerly in-process.

A worker (``celery -A dinov3site worker -Q gpu,celery -P threads -c 8``):
- is where the model lives: it loads the model once at start and turns dynamic batching on, so
  concurrent synchronous calls handed over by web processes share forward passes;
- reports every BEAT_S seconds (``WorkerBeat``: its model status, accelerator, memory), which
  web processes show in ``health``;
- takes back jobs whose worker died (``job_sweep_stale``), so none stays ``running``.
"""
import logging
import os
import resource
import threading

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dinov3site.settings.local")

app = Celery("dinov3site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["dinov3site.jobs"], related_name="model_calls")

logger = logging.getLogger(__name__)
BEAT_S = 10.0
_stop = threading.Event()


@signals.worker_init.connect
def _worker_init(**kwargs) -> None:
    from django.conf import settings

    # Read by EngineSettings when the engine is made: workers merge concurrent calls.
    os.environ.setdefault("DINOV3_BATCH_WAIT_MS", str(settings.DINOV3_BATCH_WAIT_MS))
    from dinov3site.jobs.roles import mark_worker_process

    mark_worker_process()


@signals.worker_process_init.connect
def _pool_process_init(**kwargs) -> None:
    from dinov3site.jobs.roles import mark_worker_process

    mark_worker_process()


@signals.worker_ready.connect
def _worker_ready(sender=None, **kwargs) -> None:
    queues = sorted(q.name for q in sender.app.amqp.queues.consume_from.values()) if sender else []
    threading.Thread(target=_agent, args=(queues,), name="dinov3-worker-agent", daemon=True).start()


@signals.worker_shutdown.connect
def _worker_shutdown(**kwargs) -> None:
    _stop.set()
    try:
        from dinov3site.jobs.services import worker_beat_forget

        worker_beat_forget()
    except Exception:  # noqa: BLE001 - the beat expires by itself
        pass


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _agent(queues: list[str]) -> None:
    """Load the model (gpu queue), then beat and sweep until the worker stops."""
    from analysis.features.selectors import engine, gpu_status, model_status
    from dinov3site.jobs.services import job_sweep_stale, worker_beat_record

    if "gpu" in queues:
        try:
            engine().load()
        except Exception:  # noqa: BLE001 - the status below carries the reason
            logger.warning("The model did not load in this worker", exc_info=True)
    while True:
        try:
            model = model_status() if "gpu" in queues else {}
            batcher = engine().batcher if "gpu" in queues else None
            if batcher is not None:  # how many forward passes served how many calls
                model["batching"] = {"batches": batcher.batches, "requests": batcher.requests}
            worker_beat_record(queues=queues, model=model,
                               gpu=gpu_status(), rss_mb=round(_rss_mb(), 1))
            taken = job_sweep_stale()
            if taken:
                logger.warning("Took back %d job(s) whose worker stopped: %s", len(taken), ", ".join(taken))
        except Exception:  # noqa: BLE001 - try again at the next beat
            logger.warning("Worker beat failed", exc_info=True)
        if _stop.wait(BEAT_S):
            return

"""What a Celery worker process does besides running tasks (``celery -A dinov3site worker -Q gpu,celery``):

- it is where the model lives: it loads the model once at start and batches concurrent calls
  (DINOV3_BATCH_WAIT_MS), so synchronous calls handed over by web processes share forward passes;
- it reports every BEAT_S seconds (``WorkerBeat``: its model status, accelerator, memory), which
  web processes show in ``health``;
- it takes back jobs whose worker died (``job_sweep_stale``), so none stays ``running``.

``worker_signals_connect`` is called from SystemConfig.ready(): Celery's Django fixup sets Django
up (every app ready) before the worker sends worker_init, so the handlers are connected in time,
and this module may import the apps at the top (dinov3site.celery, imported before Django is
configured, may not).
"""
from __future__ import annotations

import logging
import os
import resource
import threading

from celery import signals

from analysis.features.selectors import engine, gpu_status, model_status
from dinov3site.jobs.roles import mark_worker_process
from dinov3site.jobs.services import job_sweep_stale, worker_beat_forget, worker_beat_record

logger = logging.getLogger(__name__)
BEAT_S = 10.0
_stop = threading.Event()


def _worker_init(**kwargs) -> None:
    # The engine made in this process batches concurrent calls (analysis.features.selectors.engine_settings).
    mark_worker_process()


def _pool_process_init(**kwargs) -> None:
    mark_worker_process()


def _worker_ready(sender=None, **kwargs) -> None:
    queues = sorted(q.name for q in sender.app.amqp.queues.consume_from.values()) if sender else []
    threading.Thread(target=_agent, args=(queues,), name="dinov3-worker-agent", daemon=True).start()


def _worker_shutdown(**kwargs) -> None:
    _stop.set()
    try:
        worker_beat_forget()
    except Exception:  # noqa: BLE001 - the beat expires by itself
        pass


def worker_signals_connect() -> None:
    """Connect the worker's start, ready and shutdown handlers (idempotent: weak=False, one uid each)."""
    signals.worker_init.connect(_worker_init, weak=False, dispatch_uid="dinov3-worker-init")
    signals.worker_process_init.connect(_pool_process_init, weak=False, dispatch_uid="dinov3-pool-process-init")
    signals.worker_ready.connect(_worker_ready, weak=False, dispatch_uid="dinov3-worker-ready")
    signals.worker_shutdown.connect(_worker_shutdown, weak=False, dispatch_uid="dinov3-worker-shutdown")


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _agent(queues: list[str]) -> None:
    """Load the model (gpu queue), then beat and sweep until the worker stops."""
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

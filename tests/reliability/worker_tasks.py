"""Tasks for the worker fault tests; each runs through job_run like the service's own tasks.

Side effects go to files in ``params["dir"]`` so the test (another process) can count them:
``started`` gets a line per attempt, ``completed`` a line per finished run of the work.
"""
import os
import signal
import time
from pathlib import Path

from celery import shared_task

from dinov3site.jobs.services import job_run


def _note(job, name: str) -> Path:
    folder = Path(job.params["dir"])
    with open(folder / name, "a") as handle:
        handle.write(f"{os.getpid()} {job.attempts}\n")
    return folder


@shared_task(name="tests.reliability.held_job")
def held_job_task(job_id: str) -> None:
    """Works until the test drops a ``release`` file (or hold_s passes), then answers."""
    def work(job, progress):
        folder = _note(job, "started")
        deadline = time.monotonic() + job.params.get("hold_s", 5)
        while not (folder / "release").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        _note(job, "completed")
        return {"answer": 42, "attempt": job.attempts}

    job_run(job_id=job_id, work=work)


@shared_task(name="tests.reliability.killer_job")
def killer_job_task(job_id: str) -> None:
    """Kills its own process on every delivery (a decoder that segfaults, an OOM kill)."""
    def work(job, progress):
        _note(job, "started")
        os.kill(os.getpid(), signal.SIGKILL)

    job_run(job_id=job_id, work=work)

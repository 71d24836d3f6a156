"""Jobs survive their worker dying: real Celery worker processes, a real redis-server, kill -9.

The worker runs in its own process group with tests/reliability/worker_settings.py (documents on
the test run's MongoDB server, in this process's database). Jobs are enqueued through a Celery app
made here for the purpose, so nothing depends on the service's app and its cached broker pool.
"""
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import mongoengine
import pytest
import redis as redis_lib
from celery import Celery

from dinov3site.jobs.services import MAX_ATTEMPTS

pytestmark = pytest.mark.servers
ROOT = Path(__file__).resolve().parents[2]
QUEUE = "celery"


class Rig:
    """A data folder, a redis database of its own, and the workers started on them."""

    def __init__(self, redis_server, tmp_path):
        self.data = tmp_path / "data"
        self.work = tmp_path / "work"
        self.work.mkdir()
        self.url = redis_server.url.rsplit("/", 1)[0] + "/7"
        self.redis = redis_lib.Redis.from_url(self.url)
        self.redis.flushdb()
        self.workers: list[subprocess.Popen] = []
        # Not the current app: shared tasks of later tests in this process must keep the service's app.
        self.app = Celery("fault-tests", broker=self.url, set_as_current=False)
        self.app.conf.update(broker_connection_retry_on_startup=True, task_default_queue=QUEUE)
        self.store = mongoengine.get_db()

    def start_worker(self) -> subprocess.Popen:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.reliability.worker_settings", "DATA_DIR": str(self.data),
               "REDIS_URL": self.url, "PYTHONPATH": str(ROOT)}
        log = open(self.work / f"worker{len(self.workers)}.log", "w")
        worker = subprocess.Popen(
            [str(Path(sys.executable).parent / "celery"), "-A", "dinov3site", "worker", "-Q", QUEUE, "-c", "1",
             "--pool", "prefork", "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.workers.append(worker)
        self.wait_for(lambda: "ready." in log_text(log.name), 90, "the worker to start")
        return worker

    def submit(self, task: str, **params) -> str:
        job_id = str(uuid.uuid4())
        self.store.jobs.insert_one({"_id": job_id, "kind": f"test.{task}", "status": "pending",
                                    "task": f"tests.reliability.{task}",
                                    "params": {"dir": str(self.work), **params}, "progress_done": 0,
                                    "progress_total": 1, "attempts": 0, "created_at": datetime.now(timezone.utc)})
        self.app.send_task(f"tests.reliability.{task}", args=[job_id], queue=QUEUE)
        return job_id

    def job(self, job_id: str) -> dict:
        return self.store.jobs.find_one({"_id": job_id})

    def lines(self, name: str) -> list[str]:
        path = self.work / name
        return path.read_text().splitlines() if path.exists() else []

    def queue_drained(self) -> bool:
        return self.redis.llen(QUEUE) == 0 and self.redis.hlen("unacked") == 0

    @staticmethod
    def wait_for(condition, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}")

    def stop(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(timeout=10)
        self.app.close()


def log_text(name: str) -> str:
    return Path(name).read_text(errors="replace")


@pytest.fixture
def rig(redis_server, tmp_path):
    setup = Rig(redis_server, tmp_path)
    yield setup
    setup.stop()


def finished(rig, job_id):
    return lambda: (rig.job(job_id) or {}).get("status") in ("succeeded", "failed")


def test_killing_the_pool_process_mid_task_redelivers_and_completes_once(rig):
    rig.start_worker()
    job_id = rig.submit("held_job", hold_s=30)
    rig.wait_for(lambda: len(rig.lines("started")) == 1, 60, "the job to start")
    running_pid = int(rig.lines("started")[0].split()[0])
    assert rig.job(job_id)["status"] == "running"

    os.kill(running_pid, signal.SIGKILL)  # the process executing the task, mid-task
    rig.wait_for(lambda: len(rig.lines("started")) == 2, 60, "the job to be redelivered")
    (rig.work / "release").touch()
    rig.wait_for(finished(rig, job_id), 60, "the job to finish")

    job = rig.job(job_id)
    assert job["status"] == "succeeded" and job["result"] == {"answer": 42, "attempt": 2}
    assert job["attempts"] == 2
    assert len(rig.lines("completed")) == 1  # the work finished exactly once
    rig.wait_for(rig.queue_drained, 30, "the queue to drain")

    # A stray duplicate delivery of the finished job changes nothing.
    rig.app.send_task("tests.reliability.held_job", args=[job_id], queue=QUEUE)
    rig.wait_for(lambda: len(re.findall(r"held_job\[[^\]]+\] succeeded", log_text(rig.work / "worker0.log"))) == 2,
                 30, "the duplicate to run to its end (the redelivered run was the first)")
    rig.wait_for(rig.queue_drained, 30, "the queue to drain again")
    assert len(rig.lines("completed")) == 1 and len(rig.lines("started")) == 2
    assert rig.job(job_id)["result"] == {"answer": 42, "attempt": 2}


def test_killing_the_whole_worker_mid_task_loses_nothing(rig):
    first = rig.start_worker()
    job_id = rig.submit("held_job", hold_s=30)
    rig.wait_for(lambda: len(rig.lines("started")) == 1, 60, "the job to start")

    os.killpg(first.pid, signal.SIGKILL)  # master and pool: the message stays unacknowledged
    first.wait(timeout=10)
    assert rig.job(job_id)["status"] == "running" and rig.redis.hlen("unacked") == 1
    (rig.work / "release").touch()
    rig.start_worker()  # restores the message once the visibility timeout has passed
    rig.wait_for(finished(rig, job_id), 90, "the job to be redelivered to the new worker and finish")

    job = rig.job(job_id)
    assert job["status"] == "succeeded" and job["attempts"] == 2
    assert len(rig.lines("completed")) == 1
    rig.wait_for(rig.queue_drained, 30, "the queue to drain")


def test_a_task_that_kills_its_process_every_time_is_failed_after_max_attempts(rig):
    rig.start_worker()
    killer = rig.submit("killer_job")
    after = rig.submit("held_job", hold_s=0)  # queued behind it: must still run

    rig.wait_for(finished(rig, killer), 120, "the killer job to be given up")
    rig.wait_for(finished(rig, after), 60, "the next job to run")

    job = rig.job(killer)
    assert job["status"] == "failed"
    error = job["error"]["error"]  # the envelope the jobs endpoint answers with
    assert error["code"] == "PROCESSING_FAILED" and error["details"]["attempts"] == MAX_ATTEMPTS
    assert len(rig.lines("started")) == MAX_ATTEMPTS + 1  # MAX_ATTEMPTS killer runs + the next job
    assert rig.job(after)["status"] == "succeeded"
    rig.wait_for(rig.queue_drained, 30, "the queue to drain")


def test_time_limits_are_below_the_broker_visibility_timeout(settings):
    from dinov3site.settings import base

    for source in (settings, base):
        visibility = source.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
        assert source.CELERY_TASK_SOFT_TIME_LIMIT < source.CELERY_TASK_TIME_LIMIT < visibility
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1

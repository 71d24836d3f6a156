"""Two real Celery worker processes on one queue share a reindex: every job done once, none lost,
and the test process's vector index catches up with what the workers wrote through the change log.

The operator's `manage.py reindex --jobs` runs as its own process too; redis-server is the broker
and the test run's MongoDB server holds the documents, as in production.
"""
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import mongoengine
import pytest
import redis as redis_lib

from analysis.search.documents import VectorChange
from assets.documents import Asset

pytestmark = [pytest.mark.servers, pytest.mark.django_db]
# The queue the analysis tasks are routed to (CELERY_TASK_ROUTES), as `celery worker -Q gpu` in production.
ROOT = Path(__file__).resolve().parents[2]
IMAGES, BATCH = 16, 2
DONE = re.compile(r"Task analysis\.tasks\.features_extract_task\[([0-9a-f-]+)\] succeeded")


class Workers:
    def __init__(self, redis_server, tmp_path, media_root, model):
        self.url = redis_server.url.rsplit("/", 1)[0] + "/8"
        redis_lib.Redis.from_url(self.url).flushdb()
        self.tmp = tmp_path
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.analysis.worker_settings",
                    "DATA_DIR": str(tmp_path / "worker-data"), "REDIS_URL": self.url, "PYTHONPATH": str(ROOT),
                    "MEDIA_ROOT": str(media_root), "DINOV3_MODEL_NAME": str(model), "OMP_NUM_THREADS": "1"}
        self.processes: list[subprocess.Popen] = []
        self.logs: list[Path] = []

    def start(self, count: int) -> None:
        for n in range(count):
            log = self.tmp / f"worker{n}.log"
            self.logs.append(log)
            self.processes.append(subprocess.Popen(
                [str(Path(sys.executable).parent / "celery"), "-A", "dinov3site", "worker", "-Q", "gpu", "-c", "1",
                 "--pool", "prefork", "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info",
                 "-n", f"w{n}@%h"],
                cwd=ROOT, env=self.env, stdout=open(log, "w"), stderr=subprocess.STDOUT, start_new_session=True))
        deadline = time.monotonic() + 180
        while not all("ready." in log.read_text(errors="replace") for log in self.logs):
            assert time.monotonic() < deadline, "workers did not start: " + self.logs[0].read_text()[-2000:]
            time.sleep(0.2)

    def reindex(self) -> list[str]:
        out = subprocess.run([sys.executable, "manage.py", "reindex", "--jobs", "--batch-size", str(BATCH)],
                             cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, out.stderr[-2000:]
        return [line for line in out.stdout.splitlines()[1:] if line.strip()]

    def done_by(self) -> list[list[str]]:
        return [DONE.findall(log.read_text(errors="replace")) for log in self.logs]

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture
def workers(redis_server, tmp_path, media_root, model):
    rig = Workers(redis_server, tmp_path, media_root, model)
    yield rig
    rig.stop()


def test_two_workers_share_a_reindex_each_job_once(workers, upload_image):
    from analysis.search.index import index_get, local
    from analysis.features.services import loaded_engine

    names = ("astronaut", "coffee", "chelsea", "rocket")
    ids = [upload_image("PNG", names[i % 4], size=(96 + 8 * i, 96))["asset_id"] for i in range(IMAGES)]
    engine = loaded_engine()
    origin = {"model": engine.settings.model_name, "preprocessing": engine.preprocessing_version}
    assert index_get(**origin).count() == 0  # this process's index, before the workers write

    workers.start(2)
    job_ids = workers.reindex()
    assert len(job_ids) == IMAGES // BATCH
    jobs = mongoengine.get_db().jobs
    deadline = time.monotonic() + 300
    while jobs.count_documents({"_id": {"$in": job_ids}, "status": {"$in": ["succeeded", "failed"]}}) < len(job_ids):
        assert time.monotonic() < deadline, "the reindex jobs did not finish"
        time.sleep(0.2)

    finished = list(jobs.find({"_id": {"$in": job_ids}}))
    assert {job["status"] for job in finished} == {"succeeded"}
    assert all(job["attempts"] == 1 for job in finished)
    # Each worker did part of it, and no job ran in both.
    done = workers.done_by()
    assert all(done), f"a worker did nothing: {[len(d) for d in done]}"
    assert not set(done[0]) & set(done[1]) and len(done[0]) + len(done[1]) == len(job_ids)
    # Every asset was extracted exactly once: one change-log entry each.
    assert Asset.objects(id__in=ids, features__model__exists=True).count() == IMAGES
    assert Counter(row["asset_id"] for row in VectorChange.objects.as_pymongo()) == Counter(ids)
    # This process never extracted: its search catches up from the log, fetching only those.
    index = index_get(**origin)
    assert index.count() == IMAGES
    assert local().last_sync == {"mode": "changes", "fetched": IMAGES, "upserted": IMAGES, "removed": 0}

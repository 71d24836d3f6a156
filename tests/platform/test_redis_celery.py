"""Cache, throttles and Celery against a real redis-server on loopback."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery import shared_task
from celery.contrib.testing.worker import start_worker

pytestmark = [pytest.mark.servers, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def test_django_redis_cache_round_trip(redis_server, settings):
    from django.core.cache import caches

    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": redis_server.url}}
    cache = caches["default"]
    cache.set("vector:abc", [0.1, 0.2], 60)

    assert cache.get("vector:abc") == [0.1, 0.2]
    import redis

    assert any(b"vector:abc" in key for key in redis.Redis.from_url(redis_server.url).keys("*"))


def test_a_throttle_is_shared_by_two_processes(redis_server):
    env = {**os.environ, "REDIS_URL": redis_server.url, "PYTHONPATH": str(ROOT)}
    import redis

    redis.Redis.from_url(redis_server.url).flushall()
    procs = [subprocess.Popen([sys.executable, "tests/platform/throttle_client.py", "8"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, text=True) for _ in range(2)]
    allowed = [int(proc.communicate(timeout=120)[0].strip().splitlines()[-1]) for proc in procs]

    # 16 requests against a 10/minute limit: the two processes together get exactly 10.
    assert sum(allowed) == 10


@shared_task(name="tests.double_numbers_task")
def double_numbers_task(job_id: str):
    from dinov3site.jobs.services import job_run

    def work(job, progress):
        numbers = job.params["numbers"]
        for index, _ in enumerate(numbers, 1):
            progress(index, len(numbers))
        return {"doubled": [2 * n for n in numbers]}

    job_run(job_id=job_id, work=work)


def _forget_connections(app) -> None:
    """Connections pooled under the previous broker URL must not be reused for the new one, and
    no closed pool may stay in kombu's shared registry for later job tests to acquire from."""
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


def test_a_real_worker_runs_a_job_through_the_redis_broker(redis_server, api):
    from dinov3site.celery import app
    from dinov3site.jobs.services import job_submit

    app.conf.update(broker_url=redis_server.url, task_always_eager=False, result_backend=None)
    _forget_connections(app)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            job = job_submit(kind="test.double", params={"numbers": [1, 2, 3]}, total=3, task=double_numbers_task)
            import time
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                body = api.get(f"/api/v1/jobs/{job.id}").json()
                if body["status"] in ("succeeded", "failed"):
                    break
                time.sleep(0.1)
    finally:
        app.conf.update(broker_url="memory://", task_always_eager=True)
        _forget_connections(app)

    assert body["status"] == "succeeded", body
    assert body["result"] == {"doubled": [2, 4, 6]}
    assert body["progress"] == {"done": 3, "total": 3, "fraction": 1.0}

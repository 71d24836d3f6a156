"""Enqueue -> start latency of a Celery task on the two brokers the embedded run can use.

Starts the bundled mongod and Debian's redis-server on free loopback ports, one Celery worker
(threads pool) per broker, and sends N empty tasks one at a time; each task writes the moment it
started to a result (its own backend: the same server). Prints and writes
bench/results/broker_latency.json.

    .venv/bin/python bench/broker_latency.py [N]
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dinov3site.mongod import Mongod, free_port  # noqa: E402

APP = '''
import time
from celery import Celery
app = Celery("latency", broker="{broker}", backend="{backend}")
app.conf.update(broker_connection_retry_on_startup=True, worker_prefetch_multiplier=1, task_acks_late=True)

@app.task(name="started_at")
def started_at():
    return time.time()
'''


def measure(name: str, broker: str, backend: str, n: int, folder: Path) -> dict:
    module = folder / f"latency_{name}.py"
    module.write_text(APP.format(broker=broker, backend=backend))
    env = {**{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}, "PYTHONPATH": str(folder)}
    log = open(folder / f"{name}.log", "w")
    worker = subprocess.Popen([str(Path(sys.executable).parent / "celery"), "-A", f"latency_{name}", "worker",
                               "-P", "threads", "-c", "4", "--without-gossip", "--without-mingle", "-l", "warning"],
                              cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    sys.path.insert(0, str(folder))
    app_module = __import__(f"latency_{name}")
    try:
        app_module.started_at.delay().get(timeout=60)  # the worker is up and connected
        latencies, round_trips = [], []
        for _ in range(n):
            sent = time.time()
            started = app_module.started_at.delay().get(timeout=30)
            round_trips.append(time.time() - sent)
            latencies.append(started - sent)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    latencies.sort()
    round_trips.sort()
    return {"broker": name, "n": n,
            "enqueue_to_start_ms": {"median": round(1000 * statistics.median(latencies), 1),
                                    "p95": round(1000 * latencies[int(0.95 * (n - 1))], 1),
                                    "max": round(1000 * latencies[-1], 1)},
            "round_trip_ms": {"median": round(1000 * statistics.median(round_trips), 1),
                              "p95": round(1000 * round_trips[int(0.95 * (n - 1))], 1)}}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    folder = Path(tempfile.mkdtemp(prefix="broker-latency-"))
    rows = []
    with Mongod() as mongod:
        port = free_port()
        redis = subprocess.Popen([shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1",
                                  "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
        try:
            time.sleep(0.5)
            redis_url = f"redis://127.0.0.1:{port}/0"
            rows.append(measure("redis", redis_url, redis_url, n, folder))
            rows.append(measure("mongodb", f"{mongod.url}/broker", f"{mongod.url}/results", n, folder))
        finally:
            redis.terminate()
            redis.wait(timeout=10)
    shutil.rmtree(folder, ignore_errors=True)
    report = {"loadavg": Path("/proc/loadavg").read_text().split()[:3], "results": rows}
    print(json.dumps(report, indent=2))
    out = ROOT / "bench" / "results" / "broker_latency.json"
    out.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()

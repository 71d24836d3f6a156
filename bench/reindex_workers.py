"""Reindex throughput with 1 and 2 Celery worker processes on one queue.

The operator's `manage.py reindex --jobs --all` queues one job per batch; N workers (`celery
worker -Q gpu -c 1`, torch threads = CPUs / N) take them from redis-server, with the documents
on the bundled MongoDB server. Timed from queueing to the last job finished (workers already up;
each worker loads the model with its first job, inside the timing). Also checks no job ran twice (attempts == 1 everywhere).
A ViT-S/16 with random weights (speed does not depend on the weights) over P JPEG photos.

    nice .venv/bin/python bench/reindex_workers.py [--photos 96] [--workers 1 2] [--batch 8]
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results" / "reindex_workers.json"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, default=96)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch", type=int, default=8)
    args = parser.parse_args()

    import pymongo

    from analysis.engine.testing import VITS16, build_checkpoint
    from bench.reindex_speed import write_photos
    from dinov3site.mongod import Mongod
    from tests.servers import RedisServer

    work = Path(tempfile.mkdtemp(prefix="workers-bench-"))
    model_dir = build_checkpoint(work / "model", **VITS16)
    write_photos(work / "photos", args.photos)
    mongo, redis = Mongod(work / "db").start(), RedisServer()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dinov3site.settings.local", "MONGODB_URL": f"{mongo.url}/bench",
           "REDIS_URL": redis.url, "DATA_DIR": str(work / "data"), "DINOV3_MODEL_NAME": str(model_dir),
           "DINOV3_DEVICE": "cpu", "PYTHONPATH": str(ROOT)}
    db = pymongo.MongoClient(mongo.url).bench
    report: dict = {"photos": args.photos, "batch": args.batch, "cpus": os.cpu_count(), "arch": "vits16", "runs": []}
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run([sys.executable, "manage.py", "import_media", str(work / "photos")], cwd=ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL)
        for count in args.workers:
            threads = str(max(1, (os.cpu_count() or 1) // count))
            procs, logs = [], []
            for n in range(count):
                log = work / f"w{count}-{n}.log"
                logs.append(log)
                procs.append(subprocess.Popen(
                    [str(Path(sys.executable).parent / "celery"), "-A", "dinov3site", "worker", "-Q", "gpu", "-c", "1",
                     "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info", "-n", f"w{n}@%h"],
                    cwd=ROOT, env={**env, "DINOV3_THREADS": threads}, stdout=open(log, "w"),
                    stderr=subprocess.STDOUT, start_new_session=True))
            while not all("ready." in log.read_text(errors="replace") for log in logs):
                time.sleep(0.2)
            load = os.getloadavg()[0]
            started = time.perf_counter()
            out = subprocess.run([sys.executable, "manage.py", "reindex", "--jobs", "--all", "--batch-size",
                                  str(args.batch)], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
            job_ids = [line for line in out.stdout.splitlines()[1:] if line.strip()]
            while db.jobs.count_documents({"_id": {"$in": job_ids}, "status": {"$in": ["succeeded", "failed"]}}) < len(job_ids):
                time.sleep(0.1)
            seconds = time.perf_counter() - started
            jobs = list(db.jobs.find({"_id": {"$in": job_ids}}, {"status": 1, "attempts": 1}))
            report["runs"].append({
                "workers": count, "torch_threads_each": int(threads), "jobs": len(job_ids), "seconds": round(seconds, 2),
                "images_per_s": round(args.photos / seconds, 2), "load_avg_1min_before": round(load, 2),
                "all_succeeded": all(j["status"] == "succeeded" for j in jobs),
                "max_attempts": max(j["attempts"] for j in jobs),
                "jobs_per_worker": [log.read_text(errors="replace").count("succeeded in") for log in logs]})
            print(json.dumps(report["runs"][-1]), flush=True)
            for proc in procs:
                os.killpg(proc.pid, signal.SIGTERM)
            for proc in procs:
                proc.wait(timeout=60)
        base = report["runs"][0]["images_per_s"]
        for run in report["runs"]:
            run["speedup_vs_first"] = round(run["images_per_s"] / base, 2)
        report["load_avg_after"] = [round(v, 2) for v in os.getloadavg()]
        RESULTS.write_text(json.dumps(report, indent=2))
        print(json.dumps(report, indent=2))
    finally:
        redis.stop()
        mongo.stop()


if __name__ == "__main__":
    main()

"""The real stack (dinov3site/stack.py, what scripts/serve.sh runs) measured through its API.

- one synchronous ``extract-features`` end to end (web -> gpu queue -> worker -> answer);
- 16 ``extract-features`` calls one after another against 16 at once (the worker's dynamic
  batcher merges the concurrent ones), and the batcher alone in-process, on and off;
- resident memory of the web processes (which never load the model) and of the worker;
- slow clients: 50 connections sending one header byte every 2 s, against gunicorn's gthread
  workers (2 x 4 threads) and the gevent workers serve.sh runs, on the same documents.

Random-weight ViT-S/16 at 224 px on the CPU (no weights can be downloaded here)::

    .venv/bin/python bench/stack_bench.py        # writes bench/results/stack_bench.json
"""
from __future__ import annotations

import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import requests  # noqa: E402

from analysis.engine.testing import VITS16, build_checkpoint  # noqa: E402
from tests.media import image_bytes  # noqa: E402
from tests.servers import ServiceStack, free_port, wait_for_port  # noqa: E402

N = 16
HEALTH_TIMEOUT_S = 20.0


def extract(url: str, asset_id: str) -> float:
    started = time.perf_counter()
    answer = requests.post(f"{url}/api/v1/extract-features", json={"asset_id": asset_id, "force": True}, timeout=600)
    assert answer.status_code == 200, answer.text
    return time.perf_counter() - started


def batcher_in_process(model_dir: Path) -> dict:
    """16 threads embedding one image each, with and without the dynamic batcher."""
    from PIL import Image

    from analysis.engine import Dinov3Engine, EngineSettings

    images = [Image.fromarray((np.random.default_rng(i).random((224, 224, 3)) * 255).astype("uint8"))
              for i in range(N)]
    rows = {}
    for wait_ms in (0.0, 5.0):
        engine = Dinov3Engine(EngineSettings(model_name=str(model_dir), device="cpu", batch_wait_ms=wait_ms))
        engine.load()
        engine.embed_images(images[:2])
        started = time.perf_counter()
        with ThreadPoolExecutor(N) as pool:
            list(pool.map(lambda image: engine.embed_images([image]), images))
        rows[f"wait_{wait_ms:g}ms"] = {
            "seconds": round(time.perf_counter() - started, 3),
            "forward_passes": engine.batcher.batches if engine.batcher else N}
    return rows


def slow_clients(url: str, port: int) -> dict:
    def health() -> float:
        started = time.perf_counter()
        try:
            requests.get(f"{url}/api/v1/health", timeout=HEALTH_TIMEOUT_S)
        except requests.Timeout:
            timeouts.append(1)
        return time.perf_counter() - started

    timeouts: list[int] = []

    baseline = statistics.median(health() for _ in range(5))
    sockets = []
    for _ in range(50):
        sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        sock.sendall(b"G")
        sockets.append(sock)
    request = b"ET /api/v1/health HTTP/1.1\r\nHost: x\r\n"
    timings = []
    stop = threading.Event()

    def trickle():
        for byte in range(len(request)):
            for sock in sockets:
                try:
                    sock.sendall(request[byte:byte + 1])
                except OSError:
                    pass
            if stop.wait(2):
                return

    feeder = threading.Thread(target=trickle, daemon=True)
    feeder.start()
    deadline = time.monotonic() + 12
    while time.monotonic() < deadline:
        timings.append(health())
        time.sleep(0.2)
    stop.set()
    for sock in sockets:
        sock.close()
    row = {"baseline_ms": round(baseline * 1000, 1), "worst_ms": round(max(timings) * 1000, 1),
           "median_ms": round(statistics.median(timings) * 1000, 1), "calls": len(timings),
           f"timeouts_{HEALTH_TIMEOUT_S:.0f}s": len(timeouts)}
    print("slow clients:", row, flush=True)
    return row


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="stack-bench-"))
    model_dir = build_checkpoint(folder / "dinov3-vits16-random", **VITS16)
    report: dict = {"model": "ViT-S/16 random weights, 224 px, CPU", "loadavg_start": Path("/proc/loadavg").read_text().split()[:3]}
    report["batcher_in_process"] = batcher_in_process(model_dir)
    print("batcher in process:", report["batcher_in_process"], flush=True)
    stack = ServiceStack(folder / "data", model_dir=model_dir, web_workers=2, worker_threads=N,
                         RATE_LIMIT_DEFAULT="100000/minute", RATE_LIMIT_UPLOAD="100000/minute")
    try:
        stack.wait_ready()
        ids = []
        for index in range(N):
            content = image_bytes("PNG", ("astronaut", "coffee", "chelsea", "rocket")[index % 4], size=(200 + index, 200))
            ids.append(requests.post(f"{stack.url}/api/v1/upload-media", files={"file": (f"i{index}.png", content)},
                                     timeout=120).json()["asset_id"])
        extract(stack.url, ids[0])  # warm
        one = [extract(stack.url, ids[0]) for _ in range(10)]
        started = time.perf_counter()
        for asset_id in ids:
            extract(stack.url, asset_id)
        sequential = time.perf_counter() - started
        started = time.perf_counter()
        with ThreadPoolExecutor(N) as pool:
            list(pool.map(lambda asset_id: extract(stack.url, asset_id), ids))
        concurrent = time.perf_counter() - started
        time.sleep(11)  # one worker beat: its batcher counters
        health = requests.get(f"{stack.url}/api/v1/health", timeout=60).json()
        webs = {}
        for _ in range(10):
            web = requests.get(f"{stack.url}/api/v1/health", timeout=60).json()["processes"]["web"]
            webs[web["pid"]] = web
        report["extract_features"] = {
            "one_call_ms": {"median": round(1000 * statistics.median(one), 1), "min": round(1000 * min(one), 1)},
            "sequential_16_s": round(sequential, 3), "concurrent_16_s": round(concurrent, 3),
            "speedup": round(sequential / concurrent, 2), "worker_batching": health["model"].get("batching")}
        print("extract-features:", report["extract_features"], flush=True)
        report["memory_mb"] = {"web": [w["rss_mb"] for w in webs.values()],
                               "web_model_loaded": [w["model_loaded"] for w in webs.values()],
                               "worker": [w["rss_mb"] for w in health["processes"]["workers"]]}
        report["slow_clients"] = {"gevent (serve.sh)": slow_clients(stack.url, stack.port)}
        port = free_port()
        env = {**stack.environment, "MONGODB_URL": f"mongodb://127.0.0.1:{stack.mongod_port}/dinov3_db",
               "REDIS_URL": f"redis://127.0.0.1:{stack.redis_port}/0"}
        gthread = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "dinov3site.wsgi", "-k", "gthread",
                                    "--workers", "2", "--threads", "4", "--bind", f"127.0.0.1:{port}"],
                                   cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for_port(port, 120)
            time.sleep(3)
            report["slow_clients"]["gthread 2x4"] = slow_clients(f"http://127.0.0.1:{port}", port)
        finally:
            gthread.kill()
            gthread.wait(timeout=30)
    finally:
        stack.stop()
    report["loadavg_end"] = Path("/proc/loadavg").read_text().split()[:3]
    print(json.dumps(report, indent=2))
    (ROOT / "bench" / "results" / "stack_bench.json").write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()

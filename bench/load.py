"""Load on loopback with wrk against gunicorn run the way scripts/serve.sh runs it.

The server: gunicorn, local settings (embedded document store), one worker with one thread (the
embedded store is single-process; see README), a temporary DATA_DIR, no model weights. Cases:

  - ``GET /api/v1/health`` and ``GET /api/v1/media/{id}`` at 20 and 50 connections (limits
    raised so the throttle does not answer instead of the view);
  - ``POST /api/v1/upload-media`` of a ~5 MB JPEG at 10 connections;
  - overload: 200 connections from one client address with the default limits (100/minute):
    the excess must be answered 429 quickly, not time out; and the same without limits, to show
    what an overloaded single worker does;
  - soak: ``--soak-s`` seconds at 20 connections (a third each: media detail, media list,
    health), the worker's RSS sampled every 5 s; growth is measured from the first sample after
    a 30 s warm-up.

    .venv/bin/python bench/load.py [--duration 20] [--soak-s 600] [--quick]

needs ``wrk`` (Debian: apt-get install -y wrk); writes bench/results/load.json.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench/results"
LUA = ROOT / "bench/wrk/report.lua"
UNLIMITED = {"RATE_LIMIT_DEFAULT": "100000000/minute", "RATE_LIMIT_UPLOAD": "100000000/minute",
             "RATE_LIMIT_BATCH": "100000000/minute"}


def wrk(url: str, *, connections: int, seconds: float, threads: int = 2, timeout_s: float = 10,
        body: Path | None = None, content_type: str | None = None) -> dict:
    env = {**os.environ}
    if body is not None:
        env.update(WRK_BODY_FILE=str(body), WRK_CONTENT_TYPE=content_type)
    command = ["wrk", "-t", str(min(threads, connections)), "-c", str(connections), "-d", f"{int(seconds)}s",
               "--timeout", f"{int(timeout_s)}s", "-s", str(LUA), url]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=seconds + 120)
    line = next((line for line in done.stderr.splitlines() if line.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no report: {done.stdout[-1000:]} {done.stderr[-1000:]}")
    report = json.loads(line.removeprefix("WRKJSON "))
    statuses: dict[str, int] = {}
    for status, count in report.pop("statuses"):
        statuses[str(status)] = statuses.get(str(status), 0) + count
    report["statuses"] = statuses
    report["requests_per_s"] = round(report["requests"] / report["duration_s"], 1)
    report["connections"] = connections
    return report


def worker_pids(master_pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master_pid)], capture_output=True, text=True).stdout
    return [int(pid) for pid in out.split()]


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def five_mb_jpeg(path: Path) -> Path:
    import numpy as np
    from PIL import Image

    from tests.media import photo

    base = np.asarray(photo("astronaut", (3840, 2160)), dtype=np.int16)
    noise = np.random.default_rng(0).integers(-25, 26, base.shape, dtype=np.int16)  # film grain: a real-sized file
    Image.fromarray(np.clip(base + noise, 0, 255).astype(np.uint8)).save(path, format="JPEG", quality=95)  # about 5.0 MB
    return path


def multipart(path: Path, out: Path) -> tuple[Path, str]:
    boundary = "----loadbench7d41"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"frame.jpg\"\r\n"
            f"Content-Type: image/jpeg\r\n\r\n").encode()
    out.write_bytes(head + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode())
    return out, f"multipart/form-data; boundary={boundary}"


def serve(extra_env: dict):
    from tests.reliability.live import Gunicorn

    return Gunicorn("dinov3site.settings.local", env={"DINOV3_MODEL_NAME": "/nonexistent", **extra_env},
                    workers=1, threads=1, timeout=600, migrate=True)


def upload_one(base: str, content: bytes, name: str) -> str:
    import requests

    response = requests.post(f"{base}/api/v1/upload-media", files={"file": (name, content)}, timeout=60)
    response.raise_for_status()
    return response.json()["asset_id"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per throughput case")
    parser.add_argument("--soak-s", type=float, default=600.0)
    parser.add_argument("--quick", action="store_true", help="5 s cases, 60 s soak")
    args = parser.parse_args()
    if args.quick:
        args.duration, args.soak_s = 5.0, 60.0
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk")

    from tests.media import image_bytes

    result: dict = {
        "server": "gunicorn, dinov3site.settings.local, 1 worker x 1 thread (scripts/serve.sh), embedded store",
        "client": "wrk 2 threads on the same machine",
        "machine": f"{platform.machine()} {os.cpu_count()} cores, shared with other sessions running their "
                   "tests at the same time: figures are lower bounds and vary between runs",
        "cases": {},
    }
    work = Path(__import__("tempfile").mkdtemp(prefix="load-"))

    with serve(UNLIMITED) as live:
        asset_id = upload_one(live.url, image_bytes("JPEG", size=(1024, 768)), "still.jpg")
        for connections in (20, 50):
            for name, path in (("health", "/api/v1/health"), ("media_detail", f"/api/v1/media/{asset_id}")):
                key = f"{name}_c{connections}"
                result["cases"][key] = wrk(live.url + path, connections=connections, seconds=args.duration)
                print(key, json.dumps(result["cases"][key]), flush=True)
        body, content_type = multipart(five_mb_jpeg(work / "frame.jpg"), work / "body.bin")
        key = "upload_5mb_c10"
        result["cases"][key] = wrk(live.url + "/api/v1/upload-media", connections=10, seconds=args.duration * 2,
                                   timeout_s=60, body=body, content_type=content_type)
        result["cases"][key]["body_bytes"] = body.stat().st_size
        print(key, json.dumps(result["cases"][key]), flush=True)
        key = "overload_unlimited_c200"
        result["cases"][key] = wrk(live.url + "/api/v1/health", connections=200, seconds=args.duration, timeout_s=2)
        print(key, json.dumps(result["cases"][key]), flush=True)

    with serve({}) as live:  # the default limits: 100/minute per client
        key = "overload_throttled_c200"
        result["cases"][key] = wrk(live.url + f"/api/v1/media", connections=200, seconds=args.duration, timeout_s=2)
        print(key, json.dumps(result["cases"][key]), flush=True)

    with serve(UNLIMITED) as live:
        asset_id = upload_one(live.url, image_bytes("PNG", size=(512, 512)), "soak.png")
        (worker,) = worker_pids(live.process.pid)
        samples: list[tuple[float, int]] = []
        stop = threading.Event()

        def sample():
            began = time.monotonic()
            while not stop.is_set():
                samples.append((round(time.monotonic() - began, 1), rss_kb(worker)))
                stop.wait(5)

        sampler = threading.Thread(target=sample)
        sampler.start()
        third = args.soak_s / 3  # what clients read most, and what load balancers poll
        soak = {"media_detail": wrk(live.url + f"/api/v1/media/{asset_id}", connections=20, seconds=third),
                "media_list": wrk(live.url + "/api/v1/media", connections=20, seconds=third),
                "health": wrk(live.url + "/api/v1/health", connections=20, seconds=third)}
        stop.set()
        sampler.join()
        warm = [rss for t, rss in samples if t >= min(30.0, args.soak_s / 4)]
        first, last, peak = warm[0], warm[-1], max(warm)
        soak.update(seconds=args.soak_s, rss_kb_first_after_warmup=first, rss_kb_last=last, rss_kb_peak=peak,
                    rss_growth_percent=round(100 * (last - first) / first, 2), rss_samples=samples)
        result["cases"]["soak"] = soak
        print("soak", json.dumps({k: v for k, v in soak.items() if k != "rss_samples"}), flush=True)

    shutil.rmtree(work, ignore_errors=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

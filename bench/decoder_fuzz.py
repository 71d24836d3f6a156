"""Decoder fuzzing: mutated JPG/PNG/WEBP/MP4 files through the whole upload path.

Phase 1 (``--files``, default 10,000): Django's test client in a child process, test settings
(in-process documents, temporary media). A child that dies (a decoder crash takes the process
with it) or stops answering for ``--hang-s`` is recorded, its file saved under
bench/results/decoder_crashes/, and a new child continues after it.
Phase 2 (``--gunicorn-files``, default 1,000): the same mutants over HTTP to a real gunicorn
(scripts/serve.sh's settings, one worker) on loopback; connection errors count as crashes.

Per file: status, error code, seconds. Recorded: counts, 5xx, crashes, hangs, max/p50/p99 time,
files over 2 s and the slowest mutants (rebuild one with tests.reliability.mutate.mutant).

    .venv/bin/python bench/decoder_fuzz.py [--files 10000] [--gunicorn-files 1000] [--seed 1]

writes bench/results/decoder_fuzz.json (or --out).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench/results"
EXT = {"jpg": "jpg", "png": "png", "webp": "webp", "mp4": "mp4"}


def child(start: int, end: int, seed: int, out: str) -> None:
    """Upload mutants start..end-1 in this process, one JSON line per file."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "dinov3site.settings.test"
    import django

    django.setup()
    import mongoengine
    from django.conf import settings
    from django.core.management import call_command
    from rest_framework.test import APIClient

    from tests.media import upload
    from tests.reliability.mutate import build_seeds, mutant

    call_command("migrate", verbosity=0)
    seeds, client = build_seeds(), APIClient()
    for name, content in seeds.items():  # warm-up (imports, decoders), not measured
        client.post("/api/v1/upload-media", {"file": upload(content, f"w.{EXT[name.split('-')[0]]}")}, format="multipart")
    with open(out, "a") as log:
        for index in range(start, end):
            name, mutation, content = mutant(seeds, index, seed)
            log.write(json.dumps({"start": index}) + "\n")
            log.flush()
            began = time.perf_counter()
            response = client.post("/api/v1/upload-media",
                                   {"file": upload(content, f"m{index}.{EXT[name.split('-')[0]]}")}, format="multipart")
            seconds = time.perf_counter() - began
            code = None
            if response.status_code >= 400:
                try:
                    code = response.json()["error"]["code"]
                except (ValueError, KeyError, TypeError):
                    code = "NOT_ENVELOPE"
            log.write(json.dumps({"i": index, "seed": name, "mutation": mutation, "status": response.status_code,
                                  "code": code, "s": round(seconds, 4)}) + "\n")
            log.flush()
            if index % 500 == 499:  # keep the store small so later uploads are not slowed by it
                mongoengine.get_db().drop_collection("assets")
                shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def hostile(repeats: int = 5) -> list[dict]:
    """Time the crafted bombs and disguises of tests/assets/test_hostile_uploads.py (best of N)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "dinov3site.settings.test"
    import zlib

    import django

    django.setup()
    from django.core.management import call_command
    from rest_framework.test import APIClient

    from tests.assets import test_hostile_uploads as h
    from tests.media import mp4_bytes, upload
    from tests.reliability import mp4boxes

    call_command("migrate", verbosity=0)
    folder = Path(tempfile.mkdtemp(prefix="hostile-"))
    video = mp4_bytes(folder)

    def edited(edit):
        boxes = mp4boxes.parse(video)
        edit(boxes)
        return mp4boxes.write(boxes)

    def outside(boxes):
        mp4boxes.root(boxes, b"dref").payload = mp4boxes.external_dref("http://127.0.0.1:9/media.mp4")
        mdat = mp4boxes.root(boxes, b"mdat")
        mdat.payload = bytes(len(mdat.payload))

    cases = {
        "png 1 x 2^31-1": (h.png(1, 2**31 - 1, zlib.compress(b"\x00" * 2)), "a.png"),
        "jpeg SOF 65500 x 65500": (h.jpeg_declaring(65500, 65500), "a.jpg"),
        "webp VP8L 16384 x 16384": (h.webp_declaring(16384, 16384), "a.webp"),
        "gif 65535 x 65535": (h.gif_declaring(65535, 65535), "a.png"),
        "png zTXt 64 MB bomb": (h.png(8, 8, zlib.compress(b"\x00" * 72), extra=h.chunk(
            b"zTXt", b"c\x00\x00" + zlib.compress(b"A" * (64 * 1024 * 1024), 9))), "a.png"),
        "png IDAT inflating to 100 MB": (h.png(64, 64, zlib.compress(b"\x00" * (100 * 1024 * 1024), 9)), "a.png"),
        "svg renamed .png": (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "a.png"),
        "mp4 tkhd/stsd 65535 x 65535": (edited(lambda b: mp4boxes.set_track_size(b, 65535, 65535)), "a.mp4"),
        "mp4 stts 2^31 frames": (edited(lambda b: mp4boxes.set_sample_count(b, 2**31)), "a.mp4"),
        "mp4 external data reference": (edited(outside), "a.mp4"),
    }
    client, rows = APIClient(), []
    for label, (content, name) in cases.items():
        best, status = float("inf"), None
        for _ in range(repeats):
            began = time.perf_counter()
            response = client.post("/api/v1/upload-media", {"file": upload(content, name)}, format="multipart")
            best, status = min(best, time.perf_counter() - began), response.status_code
        rows.append({"case": label, "bytes": len(content), "status": status, "best_seconds": round(best, 4)})
    shutil.rmtree(folder, ignore_errors=True)
    return rows


def in_process(files: int, seed: int, hang_s: float) -> tuple[list[dict], list[dict]]:
    log = Path(tempfile.mkstemp(suffix=".jsonl")[1])
    rows, incidents, start = [], [], 0
    while start < files:
        proc = subprocess.Popen([sys.executable, __file__, "--child", str(start), str(files), "--seed", str(seed),
                                 "--log", str(log)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        last_size, last_change = -1, time.monotonic()
        while proc.poll() is None:
            time.sleep(0.5)
            size = log.stat().st_size
            if size != last_size:
                last_size, last_change = size, time.monotonic()
            elif time.monotonic() - last_change > hang_s:
                proc.kill()
                proc.wait()
                break
        lines = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
        done = [row for row in lines if "i" in row]
        rows_by_index = {row["i"]: row for row in done}
        started = [row["start"] for row in lines if "start" in row]
        if proc.returncode == 0:
            rows = sorted(rows_by_index.values(), key=lambda row: row["i"])
            break
        # The child died or hung on the file it started last without finishing.
        culprit = max(started) if started else start
        kind = "hang" if proc.returncode in (-9, 137) else f"crash (exit {proc.returncode})"
        incidents.append({"i": culprit, "kind": kind})
        _save_culprit(culprit, seed)
        log.write_text("".join(json.dumps(row) + "\n" for row in rows_by_index.values()))
        start = culprit + 1
        rows = sorted(rows_by_index.values(), key=lambda row: row["i"])
    log.unlink(missing_ok=True)
    return rows, incidents


def _save_culprit(index: int, seed: int) -> None:
    from tests.reliability.mutate import build_seeds, mutant

    name, mutation, content = mutant(build_seeds(), index, seed)
    folder = RESULTS / "decoder_crashes"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{index}-{name}.{EXT[name.split('-')[0]]}").write_bytes(content)


def over_gunicorn(files: int, seed: int) -> tuple[list[dict], list[str]]:
    import requests

    from tests.reliability.mutate import build_seeds, mutant
    from tests.servers import free_port, wait_for_port

    data_dir, port = Path(tempfile.mkdtemp(prefix="fuzz-gunicorn-")), free_port()
    env = {**os.environ, "DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "dinov3site.settings.local",
           "RATE_LIMIT_UPLOAD": "1000000/minute", "DINOV3_MODEL_NAME": str(data_dir / "none")}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    server_log = data_dir / "gunicorn.log"
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "dinov3site.wsgi", "--bind",
                               f"127.0.0.1:{port}", "--workers", "1", "--threads", "1", "--timeout", "120"],
                              cwd=ROOT, env=env, stdout=server_log.open("w"), stderr=subprocess.STDOUT)
    rows = []
    try:
        wait_for_port(port, 60)
        seeds, session = build_seeds(), requests.Session()
        for name, content in seeds.items():  # warm-up, not measured
            session.post(f"http://127.0.0.1:{port}/api/v1/upload-media",
                         files={"file": (f"w.{EXT[name.split('-')[0]]}", content)}, timeout=60)
        for index in range(files):
            name, mutation, content = mutant(seeds, index, seed)
            began = time.perf_counter()
            try:
                response = session.post(f"http://127.0.0.1:{port}/api/v1/upload-media",
                                        files={"file": (f"m{index}.{EXT[name.split('-')[0]]}", content)}, timeout=60)
                status, code = response.status_code, None
                if status >= 400:
                    try:
                        code = response.json()["error"]["code"]
                    except (ValueError, KeyError, TypeError):
                        code = "NOT_ENVELOPE"
            except requests.RequestException as exc:
                status, code = 0, f"CONNECTION: {type(exc).__name__}"
            rows.append({"i": index, "seed": name, "mutation": mutation, "status": status, "code": code,
                         "s": round(time.perf_counter() - began, 4)})
    finally:
        server.terminate()
        server.wait(timeout=30)
    text = server_log.read_text(errors="replace")
    worker_events = [line for line in text.splitlines()
                     if "WORKER TIMEOUT" in line or "was sent" in line or "Booting worker" in line]
    shutil.rmtree(data_dir, ignore_errors=True)
    return rows, worker_events


def summarize(rows: list[dict]) -> dict:
    times = sorted(row["s"] for row in rows)

    def pct(p: float) -> float:
        return times[min(len(times) - 1, int(p * len(times)))] if times else 0.0

    by_seed: dict[str, Counter] = {}
    for row in rows:
        by_seed.setdefault(row["seed"], Counter())[str(row["status"])] += 1
    return {
        "files": len(rows), "statuses": dict(Counter(str(row["status"]) for row in rows)),
        "codes": dict(Counter(row["code"] for row in rows if row["code"])),
        "server_errors_5xx": sum(1 for row in rows if row["status"] >= 500),
        "not_envelope": sum(1 for row in rows if row["code"] == "NOT_ENVELOPE"),
        "connection_errors": sum(1 for row in rows if row["status"] == 0),
        "seconds_p50": pct(0.5), "seconds_p99": pct(0.99), "seconds_max": times[-1] if times else 0.0,
        "over_2s": sum(1 for t in times if t > 2.0),
        "by_seed": {name: dict(counter) for name, counter in sorted(by_seed.items())},
        "slowest": sorted(rows, key=lambda row: -row["s"])[:10],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--gunicorn-files", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hang-s", type=float, default=60.0)
    parser.add_argument("--out", default=str(RESULTS / "decoder_fuzz.json"))
    parser.add_argument("--child", nargs=2, type=int, help=argparse.SUPPRESS)
    parser.add_argument("--log", help=argparse.SUPPRESS)
    parser.add_argument("--hostile-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.seed, args.log)
        return 0
    if args.hostile_only:
        print(json.dumps(hostile(), indent=1))
        return 0

    began = time.perf_counter()
    rows, incidents = in_process(args.files, args.seed, args.hang_s)
    result = {
        "what": "mutated JPG/PNG/WEBP/MP4 (tests/reliability/mutate.py) through POST /api/v1/upload-media",
        "seed": args.seed, "machine": f"{platform.machine()} {os.cpu_count()} cores, shared with other sessions "
                                      "(timings include their load)",
        "in_process": {**summarize(rows), "crashes_and_hangs": incidents,
                       "wall_seconds": round(time.perf_counter() - began, 1)},
    }
    print(json.dumps({k: v for k, v in result["in_process"].items() if k not in ("slowest", "by_seed")}), flush=True)
    if args.gunicorn_files:
        began = time.perf_counter()
        g_rows, events = over_gunicorn(args.gunicorn_files, args.seed)
        result["gunicorn"] = {**summarize(g_rows), "worker_events": events,
                              "wall_seconds": round(time.perf_counter() - began, 1)}
        print(json.dumps({k: v for k, v in result["gunicorn"].items() if k not in ("slowest", "by_seed")}))
    done = subprocess.run([sys.executable, __file__, "--hostile-only"], cwd=ROOT, capture_output=True, text=True)
    result["hostile"] = json.loads(done.stdout[done.stdout.index("["):])
    print(json.dumps(result["hostile"]))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2))
    bad = result["in_process"]["server_errors_5xx"] + len(incidents) + result["in_process"]["not_envelope"]
    if "gunicorn" in result:
        bad += result["gunicorn"]["server_errors_5xx"] + result["gunicorn"]["connection_errors"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

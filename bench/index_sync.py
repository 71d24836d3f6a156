"""A search while another process reindexes: 100k vectors, 10,000 re-extracted meanwhile.

Starts the bundled MongoDB server, stores N assets with vectors, and builds one process's
faiss index from them (the cold start). It then times single image searches as the service
runs them (``index_get``: catch up with the change log, then search) first on a quiet library,
then while a second process rewrites the features of R assets the way the reindex does (the
document, then a change-log entry), as fast as it can. Reported: search p50/p99 in both phases,
what each catch-up fetched, the writer's rate, and that the searcher ends with every new vector.

    nice .venv/bin/python bench/index_sync.py [--n 100000] [--rewrite 10000] [--dim 768]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results" / "index_sync.json"
MODEL, PREP = "bench-model", "bench-prep"


def django_setup(mongo_url: str, data_dir: str) -> None:
    os.environ.update({"DJANGO_SETTINGS_MODULE": "dinov3site.settings.local", "MONGODB_URL": mongo_url,
                       "DATA_DIR": data_dir})
    import django

    django.setup()


def vectors(rng, n: int, dim: int) -> np.ndarray:
    v = rng.standard_normal((n, dim), dtype=np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def seed(n: int, dim: int) -> None:
    from assets.documents import Asset
    from core.vectors import vector_to_bytes

    rng = np.random.default_rng(0)
    coll = Asset._get_collection()
    for start in range(0, n, 5000):
        block = vectors(rng, min(5000, n - start), dim)
        coll.insert_many([{"_id": f"a{start + i:07d}", "kind": "image", "filename": "x.png", "tags": [],
                           "features": {"model": MODEL, "dim": dim, "preprocessing": PREP,
                                        "vector": vector_to_bytes(v)}} for i, v in enumerate(block)])


def writer(args) -> None:
    """The other process: rewrite features of R assets as the reindex does, in batches of 32."""
    from analysis.search.index_changes import change_record
    from assets.documents import Asset
    from core.vectors import vector_to_bytes

    rng = np.random.default_rng(1)
    coll = Asset._get_collection()
    ids = [f"a{i:07d}" for i in rng.choice(args.n, args.rewrite, replace=False)]
    started = time.perf_counter()
    for start in range(0, len(ids), 32):
        chunk = ids[start:start + 32]
        for asset_id, v in zip(chunk, vectors(rng, len(chunk), args.dim)):
            coll.update_one({"_id": asset_id}, {"$set": {"features.vector": vector_to_bytes(v)}})
            change_record(asset_ids=[asset_id])
    print(json.dumps({"rewritten": len(ids), "seconds": round(time.perf_counter() - started, 2)}))


def timed_searches(process, queries, stop=None, limit=None):
    lat, sync_ms, fetched = [], [], []
    i = 0
    while (stop is None or stop.poll() is None) and (limit is None or i < limit):
        q = queries[i % len(queries)]
        t0 = time.perf_counter()
        index = process.get(MODEL, PREP)
        t1 = time.perf_counter()
        index.search(q, 10)
        t2 = time.perf_counter()
        lat.append((t2 - t0) * 1000)
        sync_ms.append((t1 - t0) * 1000)
        fetched.append(process.last_sync.get("fetched", 0))
        i += 1
    return lat, sync_ms, fetched


def summary(lat, sync_ms, fetched) -> dict:
    return {"searches": len(lat), "p50_ms": round(float(np.median(lat)), 2), "p99_ms": round(float(np.percentile(lat, 99)), 2),
            "catch_up_p50_ms": round(float(np.median(sync_ms)), 2), "catch_up_p99_ms": round(float(np.percentile(sync_ms, 99)), 2),
            "fetched_mean": round(float(np.mean(fetched)), 1), "fetched_max": int(max(fetched))}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--rewrite", type=int, default=10_000)
    parser.add_argument("--dim", type=int, default=768)
    parser.add_argument("--writer", action="store_true")
    parser.add_argument("--mongo-url")
    parser.add_argument("--data-dir")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    if args.writer:
        django_setup(args.mongo_url, args.data_dir)
        return writer(args)

    from core.vectors import vector_from_bytes
    from dinov3site.mongod import Mongod

    work = Path(tempfile.mkdtemp(prefix="index-sync-"))
    server = Mongod(work / "db", cache_gb=1.0).start()
    try:
        url = f"{server.url}/bench"
        django_setup(url, str(work / "data"))
        from analysis.search.index import ProcessIndexes

        report = {"n": args.n, "dim": args.dim, "rewrite": args.rewrite, "cpus": os.cpu_count(),
                  "load_avg_before": [round(v, 2) for v in os.getloadavg()]}
        t0 = time.perf_counter()
        seed(args.n, args.dim)
        report["seed_s"] = round(time.perf_counter() - t0, 1)
        searcher = ProcessIndexes(work / "data" / "index")
        t0 = time.perf_counter()
        searcher.get(MODEL, PREP)
        report["cold_build_s"] = round(time.perf_counter() - t0, 2)
        queries = vectors(np.random.default_rng(2), 50, args.dim)
        report["quiet"] = summary(*timed_searches(searcher, queries, limit=200))
        proc = subprocess.Popen([sys.executable, __file__, "--writer", "--n", str(args.n), "--rewrite", str(args.rewrite),
                                 "--dim", str(args.dim), "--mongo-url", url, "--data-dir", str(work / "data")],
                                stdout=subprocess.PIPE, text=True)
        report["during_reindex"] = summary(*timed_searches(searcher, queries, stop=proc))
        report["writer"] = json.loads(proc.stdout.read().strip().splitlines()[-1])
        time.sleep(0.1)
        index = searcher.get(MODEL, PREP)
        from assets.documents import Asset

        row = Asset._get_collection().find_one({"_id": {"$in": [f"a{i:07d}" for i in range(args.n)]}},
                                               sort=[("_id", 1)])
        report["final_count"] = index.count()
        report["searcher_has_latest_vector"] = bool(np.allclose(
            index.get_vectors([row["_id"]])[0], vector_from_bytes(row["features"]["vector"]), atol=1e-6))
        report["load_avg_after"] = [round(v, 2) for v in os.getloadavg()]
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(report, indent=2))
        print(json.dumps(report, indent=2))
    finally:
        server.stop()


if __name__ == "__main__":
    main()

"""The service's document queries at 1M assets: the plan MongoDB picks and what it reads.

Stores N small asset documents (and N/4 shots, N/10 change-log entries) on the bundled MongoDB
server with the indexes the documents declare, then runs ``explain`` (executionStats) on the
queries the service sends for the media list and its filters, tag and duplicate lookups, the
stale-vector lookup, the vector change log, the shot library and its filters, and jobs.
tests/platform/test_query_plans.py asserts the same plans at a size the test suite can afford.

    nice .venv/bin/python bench/query_plans.py [--n 1000000]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results" / "query_plans.json"


def stages(plan: dict) -> list[str]:
    out = [plan.get("stage", "?")]
    for key in ("inputStage", "outerStage", "innerStage"):
        if key in plan:
            out += stages(plan[key])
    for child in plan.get("inputStages", []):
        out += stages(child)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dinov3site.settings.local")
    from dinov3site.mongod import Mongod

    work = Path(tempfile.mkdtemp(prefix="plans-"))
    server = Mongod(work / "db", cache_gb=1.0).start()
    os.environ.update({"MONGODB_URL": f"{server.url}/plans", "DATA_DIR": str(work / "data")})
    import django

    django.setup()
    from analysis.search.documents import VectorChange
    from assets.documents import Asset
    from cinematics.documents import Shot
    from dinov3site.jobs.documents import Job

    report: dict = {"n": args.n, "cpus": os.cpu_count(), "load_avg_before": [round(v, 2) for v in os.getloadavg()]}
    try:
        for doc in (Asset, Shot, Job, VectorChange):
            doc.ensure_indexes()
        db = Asset._get_collection().database
        start = datetime(2026, 1, 1, tzinfo=timezone.utc)
        t0 = time.perf_counter()
        for base in range(0, args.n, 20_000):
            db.assets.insert_many([{
                "_id": f"{i:032x}", "kind": "video" if i % 20 == 0 else "image", "filename": f"f{i}.jpg",
                "checksum_sha256": f"{i:064x}", "tags": [f"tag{i % 500}", f"tag{(i * 7) % 500}"],
                "processing_status": "processed" if i % 3 else "uploaded", "upload_timestamp": start + timedelta(seconds=i),
                "file_size": 1000 + i % 5000, "source_asset_id": None,
                **({"features": {"model": "vitb16", "preprocessing": "v1", "dim": 768}} if i % 10 else {})}
                for i in range(base, min(args.n, base + 20_000))], ordered=False)
        db.shots.insert_many([{"_id": f"s{i:031x}", "video_asset_id": f"{(i // 20) * 20:032x}", "shot_number": i % 20 + 1,
                               "movement_type": ["static", "pan", "tilt", "dolly"][i % 4], "genre": ["drama", "action", ""][i % 3],
                               "emotional_tone": ["calm", "tense", "joyful"][i % 3], "tags": [f"tag{i % 300}"],
                               "created_at": start + timedelta(seconds=i)} for i in range(args.n // 4)], ordered=False)
        db.vector_changes.insert_many([{"_id": i + 1, "asset_id": f"{i:032x}", "at": start} for i in range(args.n // 10)])
        db.jobs.insert_many([{"_id": f"j{i}", "status": "succeeded", "created_at": start} for i in range(10_000)])
        report["seed_s"] = round(time.perf_counter() - t0, 1)
        sort = {"upload_timestamp": -1}
        shot_sort = {"created_at": -1, "video_asset_id": 1, "shot_number": 1}
        queries = {
            "media list, first page": ("assets", {}, sort, 20),
            "media list, kind=video": ("assets", {"kind": "video"}, sort, 20),
            "media list, tag": ("assets", {"tags": "tag42"}, sort, 20),
            "media list, status": ("assets", {"processing_status": "uploaded"}, sort, 20),
            "duplicate check (checksum)": ("assets", {"checksum_sha256": f"{12345:064x}", "duplicate_of": None}, None, 1),
            "keyframes of a video": ("assets", {"source_asset_id": f"{40:032x}"}, None, 0),
            "stale vectors, newest 200": ("assets", {"$or": [{"features.model": {"$ne": "vitb16"}},
                                                            {"features.model": "vitb16", "features.preprocessing": {"$ne": "v1"}}]},
                                          sort, 200),
            "vector store build (one origin)": ("assets", {"features.model": "vitb16", "features.preprocessing": "v1"}, None, 1000),
            "vector change log since a cursor": ("vector_changes", {"_id": {"$gt": args.n // 10 - 50}}, {"_id": 1}, 5000),
            "shot library, first page": ("shots", {}, shot_sort, 50),
            "shot library, genre": ("shots", {"genre": "drama"}, shot_sort, 50),
            "shot library, tag": ("shots", {"tags": "tag7"}, shot_sort, 50),
            "shots of a video": ("shots", {"video_asset_id": f"{400:032x}"}, None, 0),
            "jobs by status": ("jobs", {"status": "running"}, None, 0),
        }
        report["queries"] = {}
        for name, (collection, filt, order, limit) in queries.items():
            command = {"find": collection, "filter": filt, **({"sort": order} if order else {}), **({"limit": limit} if limit else {})}
            if name.startswith("stale vectors"):
                command["hint"] = {"features.model": 1, "features.preprocessing": 1}  # as analysis/features/selectors.py
            stats = db.command("explain", command, verbosity="executionStats")
            es = stats["executionStats"]
            plan = stages(stats["queryPlanner"]["winningPlan"])
            report["queries"][name] = {"plan": " > ".join(plan), "collscan": "COLLSCAN" in plan,
                                       "sort_in_memory": "SORT" in plan, "returned": es["nReturned"],
                                       "keys_examined": es["totalKeysExamined"], "docs_examined": es["totalDocsExamined"],
                                       "ms": es["executionTimeMillis"]}
            print(name, json.dumps(report["queries"][name]), flush=True)
        report["stats_mb"] = {c: round(db.command("collStats", c)["storageSize"] / 2**20, 1) for c in ("assets", "shots")}
        report["index_mb"] = {c: round(db.command("collStats", c)["totalIndexSize"] / 2**20, 1) for c in ("assets", "shots")}
        report["load_avg_after"] = [round(v, 2) for v in os.getloadavg()]
        RESULTS.write_text(json.dumps(report, indent=2))
        print(json.dumps({k: v for k, v in report.items() if k != "queries"}, indent=2))
    finally:
        server.stop()


if __name__ == "__main__":
    main()

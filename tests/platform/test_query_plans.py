"""Every document query the service runs is answered from an index, at a library size where
the planner's choice matters: MongoDB's profiler records each operation's plan while the API,
the pages' selectors, the jobs, the shot library, storage reconcile and the vector change log
run over 6,000 assets and 2,000 shots; none may be a collection scan (COLLSCAN), and the paged
lists may not sort in memory. The planner picks IXSCAN or COLLSCAN the same way at 6k as at 1M
when an index fits (bench/query_plans.py checks the 1M case)."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import mongoengine
import numpy as np
import pytest

from analysis.search.documents import VectorChange, VectorCounter
from assets.documents import Asset
from cinematics.documents import Shot
from dinov3site.jobs.documents import Job
from video.documents import VideoShotAnalysis

pytestmark = pytest.mark.django_db

ASSETS, SHOTS = 6_000, 2_000
TAGS = [f"tag{i}" for i in range(50)]


def _is_real_server() -> bool:
    return "mongomock" not in type(mongoengine.get_db().client).__module__


def _seed(db) -> tuple[list[str], list[str]]:
    rng = np.random.default_rng(0)
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    vector = np.ones(8, dtype="<f4").tobytes()
    asset_ids, video_ids = [], []
    rows = []
    for i in range(ASSETS):
        asset_id = str(uuid.UUID(int=i + 1))
        kind = "video" if i % 20 == 0 else "image"
        (video_ids if kind == "video" else asset_ids).append(asset_id)
        row = {"_id": asset_id, "kind": kind, "filename": f"frame_{i:06d}.png", "stored_name": f"o/{asset_id}.png",
               "content_type": "image/png", "format": "PNG", "file_size": int(rng.integers(1e4, 1e7)),
               "checksum_sha256": f"{i:064x}", "duplicate_of": None, "tags": list(rng.choice(TAGS, 2, replace=False)),
               "description": "", "processing_status": ["uploaded", "processed"][i % 2],
               "upload_timestamp": start + timedelta(seconds=i), "source_asset_id": None}
        if i % 2:
            row["features"] = {"model": "m", "dim": 8, "preprocessing": "p", "vector": vector}
        rows.append(row)
    db.assets.insert_many(rows)
    shots = [{"_id": str(uuid.uuid4()), "video_asset_id": video_ids[i % len(video_ids)], "shot_number": i // len(video_ids) + 1,
              "start_time": 0.0, "end_time": 1.0, "duration": 1.0, "movement_type": ["static", "pan", "tilt"][i % 3],
              "emotional_tone": ["calm", "tense"][i % 2], "genre": ["drama", "action", ""][i % 3],
              "camera_angle": "", "tags": [TAGS[i % 50]], "scene_context": "", "keyframe_asset_id": asset_ids[i],
              "created_at": start + timedelta(seconds=i), "updated_at": start}
             for i in range(SHOTS)]
    db.shots.insert_many(shots)
    db.jobs.insert_many([{"_id": str(uuid.uuid4()), "kind": "features.batch_extract", "status": "succeeded",
                          "created_at": start + timedelta(seconds=i)} for i in range(500)])
    db.video_shot_analyses.insert_many([{"_id": str(uuid.uuid4()), "video_asset_id": v, "created": start}
                                        for v in video_ids])
    return asset_ids, video_ids


@pytest.fixture
def profiled(settings, media_root):
    """A sizeable library with every collection's declared indexes, and the profiler on."""
    assert _is_real_server(), "query plans need the real MongoDB server (settings/test.py starts it)"
    db = mongoengine.get_db()
    for document in (Asset, Shot, Job, VideoShotAnalysis, VectorChange, VectorCounter):
        document.ensure_indexes()
    ids = _seed(db)
    db.command("profile", 0)
    db.system.profile.drop()
    db.create_collection("system.profile", capped=True, size=64 * 1024 * 1024)
    db.command("profile", 2)
    yield db, ids
    db.command("profile", 0)


def _operations(db) -> list[dict]:
    names = {"assets", "shots", "jobs", "video_shot_analyses", "vector_changes", "vector_counters"}
    ops = []
    for op in db.system.profile.find({}):
        collection = op.get("ns", "").split(".", 1)[-1]
        if collection in names and op.get("op") in ("query", "getmore", "update", "remove", "command", "count",
                                                     "distinct", "findAndModify"):
            ops.append(op)
    return ops


def _describe(op: dict) -> str:
    command = op.get("command", {})
    shown = {k: v for k, v in command.items() if k not in ("lsid", "$db", "$clusterTime", "$readPreference")}
    return f"{op['ns']} {op.get('planSummary')} sort-in-memory={op.get('hasSortStage', False)} {str(shown)[:300]}"


def test_every_query_uses_an_index(api, profiled, settings):
    db, (asset_ids, video_ids) = profiled
    from analysis.search.index import ProcessIndexes
    from analysis.search.index_changes import change_record
    from assets.reconcile import storage_reconcile
    from assets.selectors import asset_counts, asset_library_facets
    from cinematics.selectors import shot_facets
    from dinov3site.jobs.selectors import job_queue_depth

    # The media list as the browser and the API page it, with each filter.
    for query in ("", "?kind=image", "?kind=video", "?tag=tag7", "?status=processed", "?page=3",
                  "?kind=image&tag=tag3", "?q=frame_0001"):
        response = api.get(f"/api/v1/media{query}")
        assert response.status_code == 200, response.content
    assert api.get(f"/api/v1/media/{asset_ids[5]}").status_code == 200
    asset_counts()
    asset_library_facets(tag_limit=50)
    # Jobs: one job's progress, the queue depth on the health page.
    job_id = Job(kind="features.batch_extract").save().id
    assert api.get(f"/api/v1/jobs/{job_id}").status_code == 200
    job_queue_depth()
    # The shot library and its filters.
    for query in ("", "?genre=drama", "?movement_type=pan", "?emotional_tone=tense", "?tags=tag4",
                  f"?video_asset_id={video_ids[3]}", "?genre=drama&tags=tag1"):
        response = api.get(f"/api/v1/shot-library{query}")
        assert response.status_code == 200, response.content
    shot_facets(tag_limit=50)
    # Storage reconcile walks every asset (in _id order, from the index).
    storage_reconcile()
    # Deleting an asset: its keyframes, shots, analyses and its vector change.
    assert api.delete(f"/api/v1/media/{video_ids[7]}").status_code == 200
    # The vector change log: another process's write, then a search-side catch-up.
    process = ProcessIndexes(settings.DATA_DIR / "plan-index")
    process.get("m", "p")
    change_record(asset_ids=[asset_ids[1]])
    process.get("m", "p")
    # What a library-wide search extracts first: the newest assets without a fresh vector.
    from analysis.features.selectors import assets_without_vectors

    assert len(assets_without_vectors(model="m", preprocessing="p", limit=200)) == 200
    assert len(assets_without_vectors(model="other", preprocessing="p", limit=200)) == 200

    ops = _operations(db)
    assert len(ops) > 40
    scans = [op for op in ops if "COLLSCAN" in str(op.get("planSummary", ""))]
    # A page (limit <= 100) must come off an index in order; a bigger top-k (the newest 200
    # stale vectors) sorts its backlog, which is the point of reading only the backlog.
    sorts = [op for op in ops if op.get("hasSortStage") and 0 < op.get("command", {}).get("limit", 0) <= 100
             and op.get("docsExamined", 0) > 100]
    assert not scans, "collection scans:\n" + "\n".join(_describe(op) for op in scans)
    assert not sorts, "sorts in memory:\n" + "\n".join(_describe(op) for op in sorts)


def test_suggestion_queries_use_an_index(profiled, settings):
    """suggest-shots reads the shots it scores, never the collection: the never-embedded ones,
    the tone/genre/tag matches, the candidates by id; the shot-text store's build walks _id."""
    db, (asset_ids, video_ids) = profiled
    from cinematics.suggestions import shots_suggest

    settings.VECTOR_STORE_URL = ""
    for ask in ({"emotional_tone": "calm", "genre_context": "drama", "desired_tags": ["tag4", "pan"]},
                {"desired_tags": ["static"]}, {"emotional_tone": "neutral"}, {}):
        answer = shots_suggest(scene_description="a quiet scene", limit=10, **ask)
        assert answer["searched"] == SHOTS and answer["total_suggestions"] == 10
    ops = [op for op in db.system.profile.find({}) if op.get("ns", "").split(".", 1)[-1] in
           ("shots", "vector_changes", "vector_counters") and op.get("op") in ("query", "getmore", "command", "count",
                                                                                "distinct", "update")]
    assert len(ops) > 10
    scans = [op for op in ops if "COLLSCAN" in str(op.get("planSummary", ""))]
    assert not scans, "collection scans:\n" + "\n".join(_describe(op) for op in scans)

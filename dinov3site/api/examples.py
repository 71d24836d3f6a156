"""Request and response examples for every operation, shown in /docs, /redoc and the schema.

Where the integration guide shows an exchange (upload, features, consistency, quality, video
shots, shot data and suggestions, best match, search, batch similarity, health, thresholds) the
example is the guide's; the others follow its style with the same ids. ``EXAMPLES`` maps
``"METHOD path"`` (the path below /api/v1/) to ``(request body or None, status, response body)``;
``operation_examples`` turns one entry into drf-spectacular examples.
"""
from __future__ import annotations

from drf_spectacular.utils import OpenApiExample

REF = "550e8400-e29b-41d4-a716-446655440000"
TEST = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
OTHER = "16fd2706-8baf-433b-82eb-8c7fada847da"
VIDEO = "9b2f6c1e-3d4a-4c8e-b1f0-2a7d5e6c8f90"
KEYFRAME = "c56a4180-65aa-42ec-a945-5fd21dec0538"
SHOT = "a3bb189e-8bf9-3888-9912-ace4e6543002"
JOB = "1d43c60e-953c-472d-b7c0-27fe1652b277"
WHEN = "2025-09-01T11:33:25Z"
LINK = f"https://media.example.com/{REF}.jpg"
PAIR = {"cosine_similarity": 0.875, "similarity_percentage": 87.5, "euclidean_distance": 0.5}
VERDICT = {"same_character": True, "similarity_score": 87.5, "confidence_level": "high",
           "explanation": "High similarity suggests same character/person", "cosine_similarity": 0.875,
           "euclidean_distance": 0.5, "threshold": 0.75}
SUMMARY = {"total": 2, "matching": 1, "failing_count": 1, "match_rate": 50.0, "mean_similarity_score": 71.2,
           "min_similarity_score": 54.9, "max_similarity_score": 87.5, "all_consistent": False,
           "failing": [OTHER], "threshold": 0.75}
ASSET = {
    "asset_id": REF, "kind": "image", "filename": "character_image.jpg", "content_type": "image/jpeg",
    "file_size": 1024000, "public_url": LINK, "media_url": LINK, "thumbnail_url": f"https://media.example.com/{REF}_thumb.jpg",
    "width": 1920, "height": 1080, "format": "JPEG", "upload_timestamp": WHEN, "processing_status": "uploaded",
    "processing_time": 0.85, "checksum_sha256": "90c4dc69a8174ec952a77aa3a65366f1d02214b378d47307f68aeda45363c27b",
    "duplicate_of": None, "tags": ["hero"], "description": "", "source_asset_id": None,
}
SHOT_ROW = {
    "shot_id": SHOT, "video_asset_id": VIDEO, "shot_number": 1, "start_time": 0.0, "end_time": 8.5, "duration": 8.5,
    "movement_type": "static", "camera_angle": "medium_shot", "emotional_tone": "neutral", "genre": "thriller",
    "tags": ["action", "chase"], "scene_context": "Action sequence with car chase", "keyframe_asset_id": KEYFRAME,
    "technical_quality": 0.89, "thumbnail_url": f"https://media.example.com/{KEYFRAME}_thumb.jpg",
}
CONFIG = {"similarity_threshold": {"value": 0.75, "minimum": 0.0, "maximum": 1.0,
                                   "description": "Cosine at or above which two images show the same character."},
          "quality_threshold": {"value": 0.7, "minimum": 0.0, "maximum": 1.0,
                                "description": "Quality (0-1) an image needs to pass batch-quality-check."}}
JOB_BODY = {"job_id": JOB, "kind": "features.batch_extract", "status": "pending",
            "progress": {"done": 0, "total": 40, "fraction": 0.0}, "result": None, "error": None,
            "created_at": WHEN, "started_at": None, "finished_at": None, "status_url": f"/api/v1/jobs/{JOB}"}

COLLECTION = {"collection_id": "5f0c7a9e-2b1d-4e6f-8a3c-9d7e1f2a4b6c", "name": "Hero turnaround",
              "description": "Approved model sheets", "asset_ids": [REF, TEST], "size": 2, "created_by": "lead",
              "updated_at": WHEN, "url": "/collections/5f0c7a9e-2b1d-4e6f-8a3c-9d7e1f2a4b6c"}

EXAMPLES: dict[str, tuple[dict | None, int, dict | str]] = {
    "GET ": (None, 200, {
        "name": "DINOv3 Utilities Service", "version": "1.0.0", "api": "http://localhost:3012/api/v1/",
        "docs": "http://localhost:3012/docs", "redoc": "http://localhost:3012/redoc",
        "schema": "http://localhost:3012/api/schema/", "openapi": "http://localhost:3012/openapi.json",
        "health": "http://localhost:3012/api/v1/health", "auth_required": False}),
    # --- media ---
    "POST upload-media": ({"file": "(binary image data)"}, 200, ASSET),
    "GET media": (None, 200, {"count": 1, "next": None, "previous": None, "results": [ASSET]}),
    "GET media/{asset_id}": (None, 200, {**ASSET, "features_extracted": True, "features": {
        "model": "dinov3-vitb16-pretrain-lvd1689m", "dim": 768, "preprocessing": "dinov3-pre-v1-224x224-bilinear-imagenet",
        "extracted_at": "2025-09-01T11:33:26Z", "source": "image", "frames": 1}}),
    "DELETE media/{asset_id}": (None, 200, {"asset_id": REF, "deleted": True, "stored_file": True, "thumbnails": 1,
                                            "features": True, "derived_keyframes": 0, "index_entry": True, "shots": 0}),
    # --- features ---
    "POST extract-features": ({"asset_id": REF}, 200, {
        "asset_id": REF, "features": [0.123, -0.456, 0.789], "features_extracted": True,
        "features_timestamp": "2025-09-01T11:33:26Z", "processing_time": 1.25, "cached": False,
        "model": "dinov3-vitb16-pretrain-lvd1689m", "dim": 768,
        "preprocessing": "dinov3-pre-v1-224x224-bilinear-imagenet", "source": "image"}),
    "POST batch-extract-features": ({"asset_ids": [REF, TEST]}, 200, {
        "results": [{"asset_id": REF, "status": "cached", "dim": 768}, {"asset_id": TEST, "status": "extracted", "dim": 768}],
        "summary": {"total": 2, "extracted": 1, "cached": 1, "failed": 0}, "processing_time": 1.31}),
    "POST preprocess-image": ({"asset_id": REF}, 200, {
        "asset_id": REF, "original_size": {"width": 1920, "height": 1080}, "upright_size": {"width": 1920, "height": 1080},
        "resized_size": {"width": 224, "height": 224}, "tensor_shape": [3, 224, 224], "image_mean": [0.485, 0.456, 0.406],
        "image_std": [0.229, 0.224, 0.225], "resample": "bilinear", "version": "dinov3-pre-v1-224x224-bilinear-imagenet",
        "preview_png": "data:image/png;base64,iVBORw0KGgo...", "processing_time": 0.05}),
    "GET model-info": (None, 200, {
        "name": "dinov3-vitb16-pretrain-lvd1689m", "architecture": "DINOv3ViTModel", "patch_size": 16,
        "embedding_dim": 768, "device": "cuda", "dtype": "float16", "loaded": True,
        "preprocessing": {"size": {"height": 224, "width": 224}, "image_mean": [0.485, 0.456, 0.406],
                          "image_std": [0.229, 0.224, 0.225]},
        "capabilities": {"features": True, "similarity": True, "search": True, "without_model": True}}),
    # --- similarity and characters ---
    "POST calculate-similarity": ({"asset_id_1": REF, "asset_id_2": TEST}, 200, {
        "asset_id_1": REF, "asset_id_2": TEST, **PAIR, "processing_time": 0.45}),
    "POST validate-consistency": ({"asset_id_1": REF, "asset_id_2": TEST}, 200, {
        "asset_id_1": REF, "asset_id_2": TEST, **VERDICT, "euclidean_distance": 0.234, "processing_time": 0.45}),
    "POST find-best-match": ({"reference_asset_id": REF, "candidate_asset_ids": [TEST, OTHER]}, 200, {
        "reference_asset_id": REF, "candidates_processed": 2,
        "best_match": {"asset_id": TEST, "filename": "similar_image.jpg", "rank": 1, "similarity_percentage": 89.3,
                       "cosine_similarity": 0.893, "euclidean_distance": 0.156},
        "ranked_results": [{"asset_id": TEST, "filename": "similar_image.jpg", "rank": 1, "similarity_percentage": 89.3,
                            "cosine_similarity": 0.893, "euclidean_distance": 0.156},
                           {"asset_id": OTHER, "filename": "other.jpg", "rank": 2, "similarity_percentage": 41.0,
                            "cosine_similarity": 0.41, "euclidean_distance": 1.086}],
        "processing_time": 0.78}),
    "POST batch-similarity": ({"asset_ids": [REF, TEST, OTHER], "comparison_type": "all_pairs"}, 200, {
        "similarity_matrix": [[1.0, 0.75, 0.45], [0.75, 1.0, 0.67], [0.45, 0.67, 1.0]],
        "asset_ids": [REF, TEST, OTHER], "comparison_type": "all_pairs", "processing_time": 2.1}),
    "POST character-matching": ({"reference_asset_id": REF, "test_asset_ids": [TEST, OTHER]}, 200, {
        "reference_asset_id": REF, "results": [{"asset_id": TEST, "filename": "test.jpg", **VERDICT}],
        "summary": SUMMARY, "processing_time": 0.06}),
    "POST group-by-character": ({"asset_ids": [REF, TEST, OTHER]}, 200, {
        "threshold": 0.75, "total_groups": 2, "groups": [
            {"group_id": 0, "asset_ids": [REF, TEST], "size": 2, "cohesion": 0.875, "min_similarity": 0.875,
             "representative": REF},
            {"group_id": 1, "asset_ids": [OTHER], "size": 1, "cohesion": 1.0, "min_similarity": 1.0,
             "representative": OTHER}],
        "method": "average-linkage clustering cut at the threshold (mean cosine between groups)",
        "processing_time": 0.07}),
    "POST validate-shot-consistency": ({"character_reference_asset_id": REF, "shot_asset_ids": [TEST, OTHER]}, 200, {
        "character_reference_asset_id": REF, "overall_verdict": "inconsistent", "consistent": False,
        "shot_reports": [{"asset_id": TEST, "filename": "shot_010.jpg", **VERDICT}], "breaking_shots": [OTHER],
        "summary": SUMMARY, "processing_time": 0.05}),
    "POST reference-enforcement": ({"master_reference_asset_id": REF, "generated_asset_ids": [TEST, OTHER]}, 200, {
        "master_reference_asset_id": REF, "minimum_compliance": 75.0, "results": [
            {"asset_id": TEST, "filename": "gen_01.jpg", "compliance_score": 87.5, "cosine_similarity": 0.875,
             "passed": True, "recommendation": "keep", "reason": "87.5 is at or above the minimum 75.0"},
            {"asset_id": OTHER, "filename": "gen_02.jpg", "compliance_score": 54.9, "cosine_similarity": 0.549,
             "passed": False, "recommendation": "regenerate", "reason": "54.9 is below the minimum 75.0"}],
        "summary": {"total": 2, "keep": 1, "regenerate": 1, "compliance_rate": 50.0}, "processing_time": 0.04}),
    "POST similarity-heatmap": ({"reference_asset_id": REF, "test_asset_id": TEST}, 200, {
        "reference_asset_id": REF, "test_asset_id": TEST, "cosine_similarity": 0.875, "mean_difference": 0.21,
        "max_difference": 0.63, "changed_fraction": 0.12, "grid": [14, 14],
        "heatmap_png": "data:image/png;base64,iVBORw0KGgo...", "processing_time": 0.47}),
    "POST calibrate-threshold": ({"pairs": [{"asset_id_1": REF, "asset_id_2": TEST, "same": True},
                                            {"asset_id_1": REF, "asset_id_2": OTHER, "same": False}]}, 200, {
        "threshold": 0.712, "precision": 1.0, "recall": 1.0, "f1": 1.0, "accuracy": 1.0, "separable": True,
        "n_pairs": 2, "n_same": 1, "n_different": 1, "processing_time": 0.01}),
    # --- quality ---
    "POST analyze-quality": ({"asset_id": REF}, 200, {
        "asset_id": REF, "quality_score": 85.7, "quality_grade": "high",
        "technical_metrics": {"sharpness": 0.92, "contrast": 0.78, "brightness": 0.65, "noise_level": 0.15},
        "recommendations": ["Image quality is excellent for production use", "Good contrast and sharpness levels"],
        "detailed_metrics": {"dynamic_range": {"value": 1.0, "stops": 11.6}}, "passed": True, "quality_threshold": 0.7,
        "processing_time": 0.67}),
    "POST analyze-image-metrics": ({"asset_id": REF}, 200, {
        "asset_id": REF, "sharpness": {"value": 0.92}, "exposure": {"value": 0.97, "clipped_highlights": 0.004,
                                                                   "clipped_shadows": 0.01},
        "dynamic_range": {"value": 1.0, "stops": 11.6}, "colourfulness": {"value": 0.65, "label": "quite colourful"},
        "noise": {"noise_level": 0.15}, "resolution": {"value": 1.0, "width": 1920, "height": 1080},
        "composition_score": 0.83, "overall_rating": {"quality_score": 85.7, "quality_grade": "high"},
        "processing_time": 0.48}),
    "POST batch-quality-check": ({"asset_ids": [REF, TEST], "quality_threshold": 0.7}, 200, {
        "quality_threshold": 0.7, "results": [
            {"asset_id": REF, "quality_score": 85.7, "quality_grade": "high", "passed": True, "shortfalls": []},
            {"asset_id": TEST, "quality_score": 52.0, "quality_grade": "low", "passed": False, "shortfalls": ["sharpness"]}],
        "summary": {"total": 2, "passed": 1, "failed": 1, "mean_score": 68.9, "errors": 0}, "errors": [],
        "processing_time": 0.9}),
    "POST analyze-image-composition": ({"asset_id": REF}, 200, {
        "asset_id": REF, "framing": {"shot_size": "medium_close_up", "basis": "face", "confidence": "medium"},
        "camera_angle": {"estimate": "eye_level", "basis": "horizon near the middle"},
        "rule_of_thirds": {"score": 0.69, "nearest_power_point": [0.667, 0.333]},
        "balance": {"horizontal": 0.96, "vertical": 0.45}, "subject_position": {"x": 0.62, "y": 0.36},
        "composition_score": 0.83, "processing_time": 0.55}),
    # --- video and cinematics ---
    "POST analyze-video-shots": ({"video_asset_id": VIDEO, "shot_detection_threshold": 0.3, "extract_keyframes": True},
                                 200, {
        "video_asset_id": VIDEO, "total_shots": 15, "video_duration": 120.5, "shot_analyses": [{
            "shot_id": 1, "start_time": 0.0, "end_time": 8.5, "duration": 8.5, "transition_in": "start",
            "movement_type": "static", "camera_angle": "medium_shot", "emotional_tone": "neutral",
            "keyframe_features": [0.234, -0.567], "technical_quality": 0.89, "keyframe_asset_id": KEYFRAME}],
        "keyframe_asset_ids": [KEYFRAME], "processing_time": 45.2}),
    "GET videos/{video_asset_id}/shots/export": (None, 200, "shot_id,start_time,end_time,duration,movement_type\n"
                                                            "1,0.0,8.5,8.5,static\n"),
    "POST store-shot-data": ({"video_asset_id": VIDEO, "shots": [{"shot_id": 1, "start_time": 0.0, "end_time": 8.5,
                                                                  "movement_type": "static"}],
                              "scene_context": "Action sequence with car chase",
                              "manual_tags": ["action", "chase", "urban", "fast_paced"]}, 200, {
        "video_asset_id": VIDEO, "stored_shots": 1, "created": 1, "updated": 0, "keyframe_vectors": 1,
        "shot_ids": [SHOT], "shots": [SHOT_ROW], "processing_time": 1.14}),
    "POST suggest-shots": ({"scene_description": "Dramatic confrontation between two characters",
                            "emotional_tone": "tense", "genre_context": "thriller",
                            "desired_tags": ["close_up", "dramatic"], "limit": 5}, 200, {
        "scene_description": "Dramatic confrontation between two characters",
        "suggested_shots": [{"shot_id": "shot_123", "video_asset_id": "reference_video", "movement_type": "close_up",
                             "emotional_tone": "tense", "similarity_score": 0.92,
                             "tags": ["close_up", "dramatic", "tension"],
                             "technical_notes": "Tight framing emphasizes character emotion"}],
        "total_suggestions": 5, "processing_time": 1.2}),
    "GET shot-library": (None, 200, {"count": 1, "next": None, "previous": None, "results": [SHOT_ROW]}),
    "GET shot-library/export": (None, 200, "shot_id,video_asset_id,movement_type,emotional_tone\n"
                                           f"{SHOT},{VIDEO},static,neutral\n"),
    "GET audit": (None, 200, "at,actor,via,action,target,address,details\n"
                             "2026-12-01T10:00:00+00:00,ada,session,config.set,similarity_threshold,10.0.0.7,"
                             "\"{\"\"from\"\": 0.75, \"\"to\"\": 0.8}\"\n"),
    # --- analytics ---
    "POST semantic-search": ({"query_text": "red sports car in urban setting", "asset_ids": [REF, TEST, OTHER],
                              "limit": 10}, 200, {
        "mode": "text->metadata", "query_text": "red sports car in urban setting", "searched": 3,
        "results": [{"rank": 1, "asset_id": TEST, "filename": "red_car_city.jpg", "kind": "image", "tags": ["car"],
                     "score": 0.61, "similarity_percentage": 61.0}], "processing_time": 0.3}),
    "POST anomaly-detection": ({"reference_asset_ids": [REF, TEST], "test_asset_ids": [OTHER]}, 200, {
        "method": "knn_zscore", "k": 1, "threshold": 3.0, "reference_mean_distance": 0.07,
        "reference_std_distance": 0.02, "results": [{"asset_id": OTHER, "anomaly_score": 4.2, "is_anomaly": True,
                                                     "nearest_reference": REF, "nearest_similarity": 0.41}],
        "processing_time": 0.03}),
    "POST feature-clustering": ({"asset_ids": [REF, TEST, OTHER], "n_clusters": 2, "method": "kmeans"}, 200, {
        "method": "kmeans", "automatic": False, "n_clusters": 2, "silhouette": 0.38, "clusters": [
            {"cluster_id": 0, "asset_ids": [REF, TEST], "size": 2, "cohesion": 0.875, "representative": REF},
            {"cluster_id": 1, "asset_ids": [OTHER], "size": 1, "cohesion": 1.0, "representative": OTHER}],
        "assignments": {REF: 0, TEST: 0, OTHER: 1}, "processing_time": 0.17}),
    "POST near-duplicates": ({"asset_ids": [REF, TEST, OTHER]}, 200, {
        "threshold": 0.95, "searched": 3, "total_groups": 1,
        "groups": [{"asset_ids": [REF, TEST], "size": 2, "min_similarity": 0.97}], "processing_time": 0.01}),
    # --- system ---
    "GET health": (None, 200, {
        "status": "healthy", "timestamp": WHEN, "version": "1.0.0",
        "gpu": {"available": True, "device_name": "NVIDIA GeForce RTX 4060 Ti", "memory_total": 16384,
                "memory_used": 2048, "memory_free": 14336},
        "model": {"loaded": True, "name": "dinov3-vitb16-pretrain-lvd1689m", "device": "cuda"},
        "database": {"connected": True, "type": "mongodb"}, "cache": {"connected": True, "type": "redis"},
        "storage": {"connected": True, "type": "s3"}, "queue": {"type": "celery", "pending": 0, "running": 0}}),
    "GET config": (None, 200, CONFIG),
    "PUT config/similarity-threshold": ({"threshold": 0.75}, 200, CONFIG),
    "PUT config/quality-threshold": ({"threshold": 0.7}, 200, CONFIG),
    "GET metrics": (None, 200, '# HELP dinov3_http_requests_total HTTP requests by endpoint, method and status.\n'
                               '# TYPE dinov3_http_requests_total counter\n'
                               'dinov3_http_requests_total{endpoint="api/v1/health",method="GET",status="200"} 42.0\n'),
    "GET stats": (None, 200, {"assets": {"total": 18, "by_kind": {"image": 16, "video": 2},
                                         "by_status": {"uploaded": 13, "processed": 5}},
                              "processing_volumes": {"features": 4, "quality": 8, "video_shots": 1},
                              "endpoints": {"api/v1/extract-features": {"requests": 5.0, "average_seconds": 0.077}},
                              "uptime_seconds": 16.9}),
    # --- collections, tags, the picker and library-wide jobs ---
    "GET collections": (None, 200, {"collections": [COLLECTION]}),
    "POST collections": ({"name": "Hero turnaround", "description": "Approved model sheets", "asset_ids": [REF, TEST]},
                         201, COLLECTION),
    "GET collections/{collection_id}": (None, 200, COLLECTION),
    "PATCH collections/{collection_id}": ({"name": "Hero turnaround v2"}, 200, {**COLLECTION, "name": "Hero turnaround v2"}),
    "DELETE collections/{collection_id}": (None, 200, {"collection_id": COLLECTION["collection_id"], "deleted": True}),
    "POST collections/{collection_id}/assets": ({"asset_ids": [OTHER]}, 200, {**COLLECTION, "asset_ids": [REF, TEST, OTHER],
                                                                             "size": 3}),
    "DELETE collections/{collection_id}/assets": ({"asset_ids": [TEST]}, 200, {**COLLECTION, "asset_ids": [REF], "size": 1}),
    "POST media-tags": ({"asset_ids": [REF, TEST], "add": ["approved"], "remove": ["draft"]}, 200, {
        "asset_ids": [REF, TEST], "added": ["approved"], "removed": ["draft"], "updated": 2}),
    "PATCH media/{asset_id}": ({"tags": ["hero", "approved"], "description": "Front view, final"}, 200,
                               {**ASSET, "tags": ["hero", "approved"], "description": "Front view, final"}),
    "GET media-picker": (None, 200, {"results": [{"asset_id": REF, "filename": "character_image.jpg", "kind": "image",
                                                  "tags": ["hero"], "thumbnail_url": ASSET["thumbnail_url"],
                                                  "url": f"/assets/{REF}"}]}),
    "POST extract-missing-features": (None, 202, {**JOB_BODY, "kind": "features.extract_missing"}),
    "POST quality-scores": ({"asset_ids": [REF, TEST]}, 202, {**JOB_BODY, "kind": "quality.scores",
                                                              "progress": {"done": 0, "total": 2, "fraction": 0.0}}),
    "GET jobs": (None, 200, {"jobs": [{key: value for key, value in JOB_BODY.items() if key != "result"}
                                      | {"status": "running", "started_at": WHEN,
                                         "progress": {"done": 12, "total": 40, "fraction": 0.3}}],
                             "pending": 0, "running": 1}),
    "GET videos/{video_asset_id}/playback": (None, 200, {
        "video_asset_id": VIDEO, "status": "native", "url": f"https://media.example.com/{VIDEO}.mp4",
        "job_id": None, "proxy": False}),
    "POST videos/{video_asset_id}/playback": (None, 200, {
        "video_asset_id": VIDEO, "status": "ready", "url": f"https://media.example.com/proxies/{VIDEO}.mp4",
        "job_id": JOB, "proxy": True}),
    "GET jobs/{job_id}": (None, 200, {**JOB_BODY, "status": "succeeded", "progress": {"done": 40, "total": 40,
                                                                                     "fraction": 1.0},
                                      "result": {"summary": {"total": 40, "extracted": 40, "cached": 0, "failed": 0}},
                                      "started_at": WHEN, "finished_at": "2025-09-01T11:33:41Z"}),
}
# Operations that can also answer a job: the guide's 202 shape.
JOB_EXAMPLES = {"POST batch-extract-features", "POST batch-quality-check", "POST analyze-video-shots",
                "POST store-shot-data"}


def _media_type(key: str, *, request: bool = False) -> str:
    if request and key == "POST upload-media":
        return "multipart/form-data"
    if key == "GET metrics":
        return "text/plain"
    if key.endswith("export"):
        return "text/csv"
    return "application/json"


def operation_examples(method: str, path: str) -> list[OpenApiExample]:
    """The examples for one operation (``path`` as served, e.g. ``/api/v1/extract-features``)."""
    key = f"{method.upper()} {path.removeprefix('/api/v1/')}"
    if key not in EXAMPLES:
        return []
    request, status, response = EXAMPLES[key]
    examples = []
    if request is not None:
        examples.append(OpenApiExample("Request", value=request, request_only=True,
                                       media_type=_media_type(key, request=True)))
    examples.append(OpenApiExample("Response", value=response, response_only=True, status_codes=[str(status)],
                                   media_type=_media_type(key)))
    if key in JOB_EXAMPLES:
        examples.append(OpenApiExample("Accepted as a job", value=JOB_BODY, response_only=True, status_codes=["202"]))
    return examples

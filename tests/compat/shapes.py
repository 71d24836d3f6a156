"""Request shapes that existing clients of a DINOv3 utilities service send, held as data.

Each shape is one call as a client makes it (method, path, query string, body, headers) and what
that client reads from the answer (status codes it accepts, fields it uses). The clients:

- the public FastAPI implementation's own endpoint scripts (``tests/test_all_endpoints.py``,
  ``tests/simple_endpoint_test.py``, the upload, key and feature scripts at its root),
- a character library (Next.js) whose DINOv3 orchestrator uploads, extracts, checks quality and
  consistency, and whose QA and workflow services call two endpoints without the /api/v1 prefix,
- a novel-to-movie pipeline that detects characters and tries to reconfigure the service.

Placeholders in paths, queries and bodies: ``{image}``, ``{image2}`` (two uploaded photos),
``{video}`` (an uploaded MP4), ``{disposable}`` (a fresh upload, for deletes), ``{key}`` (an API
key this service never issued). Uploads name the bytes they send: ``jpeg`` or ``mp4``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PEER_ALL = "peer tests/test_all_endpoints.py (aiohttp)"
PEER_SIMPLE = "peer tests/simple_endpoint_test.py (requests)"
PEER_SCRIPTS = "peer root scripts (requests, aiohttp)"
LIBRARY = "character library DinoOrchestrator.ts (fetch, Bearer key)"
LIBRARY_QA = "character library QualityAssuranceService.ts / CharacterWorkflowService.ts (fetch)"
NOVEL = "novel-movie character detection (fetch)"


@dataclass(frozen=True)
class Upload:
    filename: str
    content: str = "jpeg"  # which bytes: "jpeg" or "mp4"
    content_type: str | None = "image/jpeg"  # None: the part carries no Content-Type


@dataclass(frozen=True)
class Shape:
    client: str
    method: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    json: Any = None
    form: dict[str, str] | None = None
    upload: Upload | None = None
    headers: dict[str, str] = field(default_factory=dict)
    status: tuple[int, ...] = (200,)
    fields: tuple[str, ...] = ()  # dotted paths the client reads; each must be present
    json_answer: bool = True  # the client parses the answer as JSON

    @property
    def label(self) -> str:
        query = "?" + "&".join(self.query) if self.query else ""
        return f"{self.method} {self.path}{query} [{self.client.split(' (')[0]}]"


API = "/api/v1"
BEARER = {"Authorization": "Bearer {key}"}
EMPTY_BEARER = {"Authorization": "Bearer "}  # the library's header when DINO_API_KEY is unset
JPEG = Upload("test_image.jpg")
UPLOADED = ("asset_id",)

SHAPES: list[Shape] = [
    # --- the peer's comprehensive endpoint script, in its order ---
    Shape(PEER_ALL, "GET", API),  # "Root endpoint": the API base without a trailing slash
    Shape(PEER_ALL, "POST", f"{API}/upload-media", upload=JPEG, status=(200, 201), fields=UPLOADED),
    Shape(PEER_ALL, "POST", f"{API}/upload-media", upload=Upload("test-video.mp4", "mp4", "video/mp4"),
          status=(200, 201), fields=UPLOADED),
    Shape(PEER_ALL, "GET", f"{API}/health"),
    Shape(PEER_ALL, "GET", f"{API}/model-info"),
    Shape(PEER_ALL, "POST", f"{API}/preprocess-image", json={"asset_id": "{image}"}, status=(200, 201)),
    Shape(PEER_ALL, "GET", f"{API}/media/{{image}}"),
    Shape(PEER_ALL, "POST", f"{API}/extract-features", json={"asset_id": "{image}"}, status=(200, 201)),
    Shape(PEER_ALL, "POST", f"{API}/calculate-similarity", json={"asset_id_1": "{image}", "asset_id_2": "{image2}"},
          status=(200, 201)),
    Shape(PEER_ALL, "POST", f"{API}/find-best-match",
          json={"reference_asset_id": "{image}", "candidate_asset_ids": ["{image2}"]}, status=(200, 201)),
    Shape(PEER_ALL, "POST", f"{API}/validate-consistency", json={"asset_id_1": "{image}", "asset_id_2": "{image2}"},
          status=(200, 201)),
    Shape(PEER_ALL, "POST", f"{API}/analyze-quality", json={"asset_id": "{image}"}, status=(200, 201)),
    Shape(PEER_ALL, "POST", f"{API}/analyze-image-metrics", json={"asset_id": "{image}"}, status=(200, 201)),
    Shape(PEER_ALL, "POST", f"{API}/batch-similarity", json={"asset_ids": ["{image}", "{image2}"]}, status=(200, 201)),
    Shape(PEER_ALL, "POST", f"{API}/batch-quality-check", json={"asset_ids": ["{image}", "{image2}"]},
          status=(200, 201)),
    Shape(PEER_ALL, "POST", f"{API}/character-matching",
          json={"reference_asset_id": "{image}", "test_asset_ids": ["{image2}"]}, status=(200, 201)),
    Shape(PEER_ALL, "POST", f"{API}/group-by-character", json={"asset_ids": ["{image}", "{image2}"]},
          status=(200, 201)),
    Shape(PEER_ALL, "POST", f"{API}/validate-shot-consistency",
          json={"character_reference_id": "{image}", "shot_asset_ids": ["{image2}"]}, status=(200, 201)),
    Shape(PEER_ALL, "POST", f"{API}/reference-enforcement",
          json={"master_reference_id": "{image}", "generated_asset_ids": ["{image2}"]}, status=(200, 201)),
    Shape(PEER_ALL, "POST", f"{API}/analyze-video-shots", json={"asset_id": "{video}"}, status=(200, 201)),
    Shape(PEER_ALL, "POST", f"{API}/semantic-search",
          json={"query_asset_id": "{image}", "dataset_asset_ids": ["{image2}", "{video}"]}, status=(200, 201)),
    # One reference is too few for a spread (the FastAPI service answers 400 too): a clear envelope.
    Shape(PEER_ALL, "POST", f"{API}/anomaly-detection",
          json={"reference_asset_ids": ["{image}"], "test_asset_ids": ["{image2}", "{video}"]}, status=(400,),
          fields=("error.code", "error.details.reference_asset_ids")),
    Shape(PEER_ALL, "POST", f"{API}/feature-clustering",
          json={"asset_ids": ["{image}", "{image2}", "{video}"], "n_clusters": 2}, status=(200, 201)),
    Shape(PEER_ALL, "PUT", f"{API}/config/quality-threshold", json={"threshold": 0.75}),
    Shape(PEER_ALL, "PUT", f"{API}/config/similarity-threshold", json={"threshold": 80.0}),  # percent
    Shape(PEER_ALL, "DELETE", f"{API}/media/{{disposable}}"),
    # --- the peer's simple script ---
    Shape(PEER_SIMPLE, "GET", f"{API}/", status=(200, 201)),
    Shape(PEER_SIMPLE, "POST", f"{API}/upload-media", upload=JPEG, status=(200, 201), fields=UPLOADED),
    Shape(PEER_SIMPLE, "POST", f"{API}/extract-features", json={"asset_id": "{image}"}, status=(200, 201)),
    Shape(PEER_SIMPLE, "POST", f"{API}/analyze-quality", json={"asset_id": "{image}"}, status=(200, 201)),
    # --- the peer's root scripts ---
    Shape(PEER_SCRIPTS, "GET", "/", json_answer=False),  # "service availability": any 200
    Shape(PEER_SCRIPTS, "GET", f"{API}/config"),
    Shape(PEER_SCRIPTS, "GET", f"{API}/shot-library"),
    Shape(PEER_SCRIPTS, "GET", "/docs", json_answer=False),
    Shape(PEER_SCRIPTS, "GET", "/openapi.json", fields=("openapi", "paths", "components")),
    Shape(PEER_SCRIPTS, "GET", f"{API}/health", fields=("status", "timestamp", "model.loaded")),
    # features by query string with no body (the peer's own form), by JSON and by form body
    Shape(PEER_SCRIPTS, "POST", f"{API}/extract-features", query={"asset_id": "{image}"},
          fields=("features", "processing_time")),
    Shape(PEER_SCRIPTS, "POST", f"{API}/extract-features", form={"asset_id": "{image}"}, fields=("features",)),
    Shape(PEER_SCRIPTS, "POST", f"{API}/analyze-quality", json={"asset_id": "{image}"}, fields=("quality_score",)),
    Shape(PEER_SCRIPTS, "POST", f"{API}/upload-media", upload=JPEG,
          fields=("asset_id", "file_size", "public_url", "content_type", "width", "height")),
    # uploads are judged by their bytes, whatever the part's Content-Type or file name say
    Shape(PEER_SCRIPTS, "POST", f"{API}/upload-media", upload=Upload("test.jpg", content_type=None),
          fields=UPLOADED),
    Shape(PEER_SCRIPTS, "POST", f"{API}/upload-media", upload=Upload("test.jpg", content_type="application/octet-stream"),
          fields=UPLOADED),
    Shape(PEER_SCRIPTS, "POST", f"{API}/upload-media", upload=Upload("test.png", content_type="image/jpeg"),
          fields=UPLOADED),
    Shape(PEER_SCRIPTS, "POST", f"{API}/upload-media", upload=Upload("test", content_type="image/jpeg"),
          fields=UPLOADED),
    # credentials sent to a service whose keys are off are ignored, on health and on uploads
    *[Shape(PEER_SCRIPTS, "GET", f"{API}/health", headers=headers) for headers in (
        {"X-API-Key": "{key}"}, BEARER, {"Authorization": "ApiKey {key}"}, {"API-Key": "{key}"},
        {"X-API-Key": "{key}", "Authorization": "Bearer {key}", "API-Key": "{key}"}, {"X-API-Key": ""},
    )],
    *[Shape(PEER_SCRIPTS, "POST", f"{API}/upload-media", upload=Upload("test.jpg"), headers=headers, fields=UPLOADED)
      for headers in ({}, {"X-API-Key": "{key}"}, BEARER)],
    *[Shape(PEER_SCRIPTS, "GET", f"{API}/health", query={name: "{key}"}) for name in ("api_key", "token", "key")],
    # --- the character library ---
    Shape(LIBRARY, "POST", f"{API}/upload-media", upload=Upload("character_front.jpg"), headers=BEARER,
          fields=("asset_id", "media_url")),
    Shape(LIBRARY, "POST", f"{API}/upload-media", upload=Upload("character_front.jpg"), headers=EMPTY_BEARER,
          fields=("asset_id", "media_url")),
    Shape(LIBRARY, "POST", f"{API}/extract-features", query={"asset_id": "{image}"}, headers=BEARER,
          fields=("asset_id", "features")),
    Shape(LIBRARY, "POST", f"{API}/analyze-quality", json={"asset_id": "{image}"}, headers=BEARER,
          fields=("quality_score",)),
    Shape(LIBRARY, "POST", f"{API}/validate-consistency",
          json={"reference_asset_id": "{image}", "test_asset_id": "{image2}"}, headers=BEARER,
          fields=("similarity_score", "same_character", "explanation")),
    Shape(LIBRARY_QA, "POST", "/analyze-quality", json={"asset_id": "{image}"}, headers=BEARER,
          fields=("quality_score",)),
    Shape(LIBRARY_QA, "POST", "/validate-consistency",
          json={"test_asset_id": "{image2}", "reference_asset_id": "{image}"}, headers=BEARER,
          fields=("similarity_score",)),
    # --- the novel-to-movie pipeline ---
    Shape(NOVEL, "POST", f"{API}/character-matching",
          json={"reference_asset_id": "{image}", "test_asset_ids": ["{image2}"], "confidence_threshold": 0.7}),
    # It tries to switch services off through PUT config, and carries on when refused: a JSON 405.
    Shape(NOVEL, "PUT", f"{API}/config", json={"enabled_services": ["character_detection"],
                                              "character_detection": {"enabled": True, "confidence_threshold": 0.7}},
          status=(405,), fields=("error.code",)),
]

"""Schemathesis over our own OpenAPI schema, in-process against the WSGI app.

Shared by the test suite (a few cases per operation) and ``bench/api_fuzz.py`` (the full count).
Each operation gets generated requests in both modes (valid by the schema, and deliberately
invalid); every answer must be:

  - below 500 (no server error, no MODEL_NOT_LOADED: the runs load a model);
  - a status the operation documents in the schema;
  - for 4xx, the envelope ``{"error": {"code", "message", "details", "timestamp"}}``;
  - for 2xx, a body that matches the documented schema (schemathesis' own check).

Generated ids would almost always miss, so a fraction of ``*asset_id*`` and ``job_id`` values
are swapped for ids that exist (uploaded before the run): the requests then reach the services.
Failures are collected, not raised, so one run reports every operation.
"""
from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field

import hypothesis
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import response_schema_conformance

SCHEMA_PATH = "/api/schema/"
ENVELOPE_KEYS = {"code", "message", "details", "timestamp"}


def load_schema():
    import schemathesis

    from dinov3site.wsgi import application

    return schemathesis.openapi.from_wsgi(SCHEMA_PATH, application)


def operations(schema) -> list:
    """Every operation, deletions last (they would empty the id pools the others draw from)."""
    found = [result.ok() for result in schema.get_all_operations()]
    return sorted(found, key=lambda op: (op.method.upper() == "DELETE", op.path, op.method))


@dataclass
class OperationReport:
    method: str
    path: str
    cases: int = 0
    statuses: Counter = field(default_factory=Counter)
    failures: list = field(default_factory=list)
    max_seconds: float = 0.0

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"

    def as_dict(self) -> dict:
        return {"operation": self.label, "cases": self.cases, "max_seconds": round(self.max_seconds, 3),
                "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
                "failures": self.failures[:20], "failure_count": len(self.failures)}


def _documented(operation) -> set[str]:
    return {str(code) for code in operation.definition.raw.get("responses", {})}


def problems_of(operation, case, response) -> list[str]:
    """What is wrong with one answer (empty when nothing is)."""
    found = []
    status = response.status_code
    if status >= 500:
        found.append(f"server error {status}")
    documented = _documented(operation)
    if str(status) not in documented and "default" not in documented:
        found.append(f"status {status} not documented (documented: {sorted(documented)})")
    if status >= 400:
        try:
            body = json.loads(response.content)
            error = body["error"]
            missing = ENVELOPE_KEYS - set(error)
            if missing or not isinstance(error["code"], str) or not error["code"].isupper():
                found.append(f"envelope incomplete: {body!r:.200}")
        except (ValueError, KeyError, TypeError):
            found.append(f"not the error envelope: {response.content[:200]!r}")
    elif 200 <= status < 300 and status != 204:
        try:
            case.validate_response(response, checks=[response_schema_conformance])
        except AssertionError as exc:  # schemathesis raises AssertionError subclasses
            found.append(f"2xx body does not match the schema: {str(exc)[:400]}")
    return found


_ONE_ID = re.compile(r"asset_id(_\d+)?$")
_MANY_IDS = re.compile(r"asset_ids$")


def _swap_ids(data, case, pools: dict[str, list[str]]) -> None:
    """Replace some generated ids by existing ones so the request reaches the services."""
    assets, jobs = pools.get("asset", []), pools.get("job", [])
    params = case.path_parameters or {}
    for name in [name for name in params if name.endswith("asset_id")]:  # asset_id, video_asset_id...
        if assets and data.draw(st.integers(0, 3)) > 0:
            params[name] = data.draw(st.sampled_from(assets))
    if "job_id" in params and jobs and data.draw(st.integers(0, 3)) > 0:
        params["job_id"] = data.draw(st.sampled_from(jobs))
    if assets:
        _swap_in(data, case.body, assets, depth=0)


def _swap_in(data, body, assets: list[str], depth: int) -> None:
    """Walk a JSON-like body (nested dicts and lists, e.g. calibrate-threshold's pairs)."""
    if depth > 3:
        return
    if isinstance(body, list):
        for item in body[:8]:
            _swap_in(data, item, assets, depth + 1)
        return
    if not isinstance(body, dict):
        return
    for key, value in list(body.items()):
        if not isinstance(key, str):
            continue
        if _ONE_ID.search(key) and isinstance(value, str) and data.draw(st.integers(0, 3)) > 0:
            body[key] = data.draw(st.sampled_from(assets))
        elif _MANY_IDS.search(key) and isinstance(value, list) and data.draw(st.integers(0, 3)) > 0:
            body[key] = data.draw(st.lists(st.sampled_from(assets), min_size=0, max_size=len(assets) + 1))
        elif isinstance(value, (dict, list)):
            _swap_in(data, value, assets, depth + 1)


def fuzz_operation(operation, *, max_examples: int, pools: dict[str, list[str]] | None = None,
                   derandomize: bool = False, headers: dict | None = None) -> OperationReport:
    """Run ``max_examples`` generated requests per generation mode against one operation."""
    report = OperationReport(operation.method, operation.path)
    pools = pools or {}
    # An operation without inputs has no invalid requests: it gets all its cases as valid ones.
    for mode, examples in ((GenerationMode.NEGATIVE, max_examples), (GenerationMode.POSITIVE, max_examples)):
        if mode is GenerationMode.POSITIVE and report.cases == 0:
            examples = 2 * max_examples
        strategy = operation.as_strategy(generation_mode=mode)

        @hypothesis.settings(max_examples=examples, deadline=None, database=None, derandomize=derandomize,
                             phases=[Phase.generate], suppress_health_check=list(HealthCheck), print_blob=False)
        @hypothesis.given(case=strategy, data=st.data())
        def run(case, data):
            _swap_ids(data, case, pools)
            started = time.perf_counter()
            response = case.call(headers=headers)
            report.max_seconds = max(report.max_seconds, time.perf_counter() - started)
            report.cases += 1
            report.statuses[response.status_code] += 1
            for problem in problems_of(operation, case, response):
                report.failures.append({
                    "mode": mode.value, "problem": problem, "status": response.status_code,
                    "request": {"path_parameters": case.path_parameters, "query": case.query,
                                "body": repr(case.body)[:300], "media_type": case.media_type},
                })

        try:
            run()
        except hypothesis.errors.Unsatisfiable:
            pass  # nothing generatable in this mode (an operation without inputs, negative mode)
    return report


def seed_library(client, tmp_path) -> dict[str, list[str]]:
    """Upload a few assets (two images, a video) and run one job; their ids become the pools."""
    from tests.media import image_bytes, mp4_bytes, upload

    assets = []
    for fmt, name, filename in (("JPEG", "astronaut", "a.jpg"), ("PNG", "coffee", "c.png")):
        response = client.post("/api/v1/upload-media", {"file": upload(image_bytes(fmt, name), filename)},
                               format="multipart")
        assets.append(response.json()["asset_id"])
    video = client.post("/api/v1/upload-media", {"file": upload(mp4_bytes(tmp_path), "clip.mp4")},
                        format="multipart")
    assets.append(video.json()["asset_id"])
    job = client.post("/api/v1/batch-extract-features", {"asset_ids": assets[:2], "async": True}, format="json")
    jobs = [job.json()["job_id"]] if job.status_code == 202 else []
    return {"asset": assets, "job": jobs}

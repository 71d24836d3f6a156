"""Smoke test of a virtualenv built from requirements/production.txt alone.

Starts the real stack (dinov3site/stack.py, as scripts/serve.sh does) with a tiny random DINOv3
checkpoint and calls, through the API, everything that imports an optional runtime dependency:
video analysis (OpenCV, scikit-image), image composition, text search (sentence-transformers),
image search (faiss), and the exports (CSV, EDL, OpenTimelineIO). A dependency missing from
production.txt fails here, not for a user. Standard library only on the client side.

    .venv-production/bin/python scripts/smoke.py
"""
from __future__ import annotations

import io
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Api:
    def __init__(self, base: str):
        self.base = base

    def call(self, method: str, path: str, body: bytes | None = None, content_type: str = "application/json",
             timeout: float = 600) -> tuple[int, bytes]:
        request = urllib.request.Request(f"{self.base}/api/v1/{path}", data=body, method=method,
                                         headers={"Content-Type": content_type} if body is not None else {})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def json(self, method: str, path: str, payload: dict | None = None, expect: int = 200) -> dict:
        status, content = self.call(method, path, json.dumps(payload).encode() if payload is not None else None)
        assert status == expect, f"{method} {path}: {status} {content[:500]!r}"
        return json.loads(content)

    def upload(self, filename: str, content: bytes) -> str:
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
                f"Content-Type: application/octet-stream\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
        status, answer = self.call("POST", "upload-media", body, f"multipart/form-data; boundary={boundary}")
        assert status in (200, 201), f"upload {filename}: {status} {answer[:300]!r}"
        return json.loads(answer)["asset_id"]


def main() -> int:
    from analysis.engine.testing import build_tiny_checkpoint
    from video.engine.synthetic import ShotSpec, write_video

    folder = Path(tempfile.mkdtemp(prefix="dinov3-smoke-"))
    model = build_tiny_checkpoint(folder / "dinov3-tiny")
    clip = folder / "clip.mp4"
    write_video(clip, [ShotSpec("astronaut", "static", frames=20), ShotSpec("coffee", "pan_left", frames=20)],
                size=(160, 120), fps=10.0)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MONGODB", "REDIS", "CELERY", "DINOV3"))}
    env.update(DJANGO_SETTINGS_MODULE="dinov3site.settings.local", DATA_DIR=str(folder / "data"),
               API_HOST="127.0.0.1", API_PORT=str(port), MONGOD_PORT=str(free_port()), REDIS_PORT=str(free_port()),
               DINOV3_MODEL_NAME=str(model), DINOV3_DEVICE="cpu", WEB_WORKERS="1", WORKER_THREADS="2",
               GUNICORN_ACCESS_LOG="")
    log = open(folder / "stack.log", "w")
    stack = subprocess.Popen([sys.executable, "-m", "dinov3site.stack"], cwd=ROOT, env=env, stdout=log,
                             stderr=subprocess.STDOUT, start_new_session=True)
    api = Api(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 300
        while True:
            assert stack.poll() is None, (folder / "stack.log").read_text()[-3000:]
            try:
                health = api.json("GET", "health")
                if health["model"]["loaded"]:
                    break
            except (OSError, AssertionError, ValueError):
                pass
            assert time.monotonic() < deadline, "the stack did not become ready"
            time.sleep(1)
        from PIL import Image

        ids = []
        for index, colour in enumerate(("red", "navy", "olive")):
            buffer = io.BytesIO()
            Image.new("RGB", (96 + index, 96), colour).save(buffer, format="PNG")
            ids.append(api.upload(f"{colour}.png", buffer.getvalue()))
        assert api.json("POST", "extract-features", {"asset_id": ids[0]})["dim"] == 32
        api.json("POST", "analyze-image-composition", {"asset_id": ids[0]})
        api.json("POST", "semantic-search", {"query_text": "navy", "limit": 3})
        api.json("POST", "semantic-search", {"query_asset_id": ids[0], "limit": 3})
        video = api.upload("clip.mp4", clip.read_bytes())
        shots = api.json("POST", "analyze-video-shots", {"video_asset_id": video, "extract_keyframes": True})
        assert shots["total_shots"] >= 1
        for fmt in ("csv", "edl", "otio", "json"):
            status, content = api.call("GET", f"videos/{video}/shots/export?format={fmt}")
            assert status == 200 and content, f"export {fmt}: {status}"
        stored = api.json("POST", "store-shot-data", {"video_asset_id": video, "shots": shots["shot_analyses"],
                                                        "scene_context": "a quiet kitchen"})
        assert stored
        for fmt in ("csv", "otio"):
            status, content = api.call("GET", f"shot-library/export?format={fmt}")
            assert status == 200, f"shot-library export {fmt}: {status} {content[:300]!r}"
        print("smoke: every optional import answered through the API")
        return 0
    finally:
        stack.send_signal(signal.SIGTERM)
        try:
            stack.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(stack.pid, signal.SIGKILL)
        log.close()


if __name__ == "__main__":
    sys.exit(main())

"""A real gunicorn serving the project on a loopback port, for tests and benchmarks.

``Gunicorn(settings_module, env=..., workers=..., threads=...)`` starts it, waits until it
answers, and stops it on ``stop()`` (or leaving the ``with`` block). Its log stays readable.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]


class Gunicorn:
    def __init__(self, settings_module: str, *, env: dict | None = None, workers: int = 1, threads: int = 1,
                 timeout: int = 120, extra_args: tuple[str, ...] = (), migrate: bool = False,
                 port: int | None = None):
        self.port = port or free_port()
        self.data_dir = Path(tempfile.mkdtemp(prefix="live-gunicorn-"))
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module, "DATA_DIR": str(self.data_dir),
                    "PYTHONPATH": str(ROOT), **(env or {})}
        if migrate:
            subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=self.env,
                           check=True)
        self.log_path = self.data_dir / "gunicorn.log"
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "dinov3site.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(workers), "--threads", str(threads), "--timeout", str(timeout), *extra_args],
            cwd=ROOT, env=self.env, stdout=self.log_path.open("w"), stderr=subprocess.STDOUT)
        self._wait_ready()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log()[-2000:]}")
            try:
                requests.get(f"{self.url}/api/v1/health", timeout=5)
                return
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s: {self.log()[-2000:]}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> "Gunicorn":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

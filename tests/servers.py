"""Real servers for tests, on loopback and free ports, started and stopped by fixtures."""
from __future__ import annotations

import shutil
import socket
import subprocess
import time


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


class RedisServer:
    """redis-server from Debian (installed by the README's test command)."""

    def __init__(self):
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is missing: run `apt-get install -y redis-server` (see README)")
        self.port = free_port()
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


class ServiceStack:
    """The whole service as scripts/serve.sh runs it (dinov3site/stack.py): mongod, redis-server,
    gunicorn with gevent workers and a Celery worker, on free loopback ports, data in ``data_dir``."""

    def __init__(self, data_dir, *, model_dir, web_workers: int = 2, worker_threads: int = 4, **env):
        import os
        import sys
        from pathlib import Path

        root = Path(__file__).resolve().parents[1]
        self.port = free_port()
        self.mongod_port, self.redis_port = free_port(), free_port()
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        environment = {k: v for k, v in os.environ.items()
                       if not k.startswith(("MONGODB", "REDIS", "CELERY", "CLOUDFLARE", "DINOV3", "PYTEST"))}
        environment.update(
            DJANGO_SETTINGS_MODULE="dinov3site.settings.local", DATA_DIR=str(self.data_dir), API_HOST="127.0.0.1",
            API_PORT=str(self.port), MONGOD_PORT=str(self.mongod_port), REDIS_PORT=str(self.redis_port),
            DINOV3_MODEL_NAME=str(model_dir), DINOV3_DEVICE="cpu", WEB_WORKERS=str(web_workers),
            WORKER_THREADS=str(worker_threads), GUNICORN_ACCESS_LOG="", DJANGO_DEBUG="false", **env)
        self.environment = environment
        self.log_path = self.data_dir / "stack.log"
        self._log = open(self.log_path, "w")
        self.process = subprocess.Popen([sys.executable, "-m", "dinov3site.stack"], cwd=root, env=environment,
                                        stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 240.0) -> dict:
        """Until health answers with a worker whose model is loaded."""
        import requests

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the stack exited ({self.process.returncode}):\n{self.log()}")
            try:
                health = requests.get(f"{self.url}/api/v1/health", timeout=5).json()
                if health["processes"]["workers"] and health["model"]["loaded"]:
                    return health
            except (requests.RequestException, ValueError, KeyError):
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the stack was not ready after {timeout:.0f} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-6000:]

    def stop(self, timeout: float = 90.0) -> int:
        import os
        import signal

        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._log.close()
        return self.process.returncode

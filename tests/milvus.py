"""A Milvus server for tests: milvus-lite's gRPC server as its own process, on a free loopback
port, spoken to over the network with the same pymilvus client calls a Milvus cluster answers."""
from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

from tests.servers import free_port, wait_for_port


class MilvusServer:
    def __init__(self, data_dir: Path):
        binary = Path(sys.executable).with_name("milvus-lite")
        self.port = free_port()
        self.log = data_dir.parent / f"milvus-{self.port}.log"
        self._log = open(self.log, "wb")
        self.process = subprocess.Popen(
            [str(binary), "server", "--data-dir", str(data_dir), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=self._log, stderr=subprocess.STDOUT,
        )
        try:
            wait_for_port(self.port, timeout=60)
        except RuntimeError:
            self.stop()
            raise RuntimeError(f"milvus-lite did not start: {self.log.read_text()[-2000:]}")

    def url(self, prefix: str | None = None) -> str:
        """A VECTOR_STORE_URL; a fresh collection prefix keeps tests apart on one server."""
        return f"milvus://127.0.0.1:{self.port}?prefix={prefix or 't' + uuid.uuid4().hex[:12]}"

    @property
    def uri(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()

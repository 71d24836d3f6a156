"""Stored files: the originals, thumbnails and posters, on local disk or Cloudflare R2.

``media_url`` gives a URL a client can fetch: R2 answers presigned URLs when the bucket is
private (or plain ones under CLOUDFLARE_R2_PUBLIC_URL); local files get a signed, expiring
``/files/<token>`` URL served by this service.
"""
from __future__ import annotations

import mimetypes
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from django.core import signing
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage, storages

# Matches the presigned-URL lifetime used for R2 (storages' querystring_expire).
URL_MAX_AGE_S = 3600
# Signing checks only that a link is not too old: one stamped in the future would never expire.
# Links stamped later than now (allowing for clock steps between workers) are refused.
URL_CLOCK_SKEW_S = 60
_SALT = "assets.files"


def default_storage():
    return storages["default"]


def storage_kind() -> str:
    return "local" if isinstance(default_storage(), FileSystemStorage) else "s3"


def file_save(name: str, content: File | bytes) -> str:
    if isinstance(content, bytes):
        content = ContentFile(content)
    return default_storage().save(name, content)


def file_delete(name: str | None) -> bool:
    if not name:
        return False
    storage = default_storage()
    if storage.exists(name):
        storage.delete(name)
        return True
    return False


def media_url(name: str | None) -> str | None:
    if not name:
        return None
    storage = default_storage()
    if isinstance(storage, FileSystemStorage):
        return f"/files/{signing.dumps(name, salt=_SALT, compress=True)}"
    return storage.url(name)


def file_token_resolve(token: str) -> str | None:
    """The stored name a signed link names, or None when it is forged, expired or stamped ahead."""
    try:
        name = signing.loads(token, salt=_SALT, max_age=URL_MAX_AGE_S)
        stamped = signing.b62_decode(token.rsplit(":", 2)[-2])  # value:timestamp:signature
    except (signing.BadSignature, ValueError, IndexError):
        return None
    if stamped > time.time() + URL_CLOCK_SKEW_S:
        return None
    return name


def content_type_for(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


@contextmanager
def local_copy(name: str) -> Iterator[Path]:
    """A local path for a stored file (R2 objects are downloaded to a temporary file first)."""
    storage = default_storage()
    if isinstance(storage, FileSystemStorage):
        yield Path(storage.path(name))
        return
    suffix = Path(name).suffix
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle, storage.open(name, "rb") as remote:
        shutil.copyfileobj(remote, handle, 1024 * 1024)
        handle.flush()
        yield Path(handle.name)


def file_read(name: str) -> bytes:
    with default_storage().open(name, "rb") as handle:
        return handle.read()

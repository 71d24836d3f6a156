"""The pieces behind the safe defaults of the one-command run: a secret key generated once and
kept owner-only in DATA_DIR, and whether the address the service binds reaches beyond this machine."""
from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

SECRET_KEY_FILE = "secret_key"
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def secret_key_load_or_create(data_dir: Path) -> str:
    """The key stored in ``data_dir/secret_key``; on first start a new random one, written with
    0600 permissions. Two processes starting together agree on the first one written."""
    path = Path(data_dir) / SECRET_KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)  # a copy restored with looser permissions
        key = path.read_text().strip()
        if len(key) >= 50:
            return key
        raise RuntimeError(f"{path} holds no usable secret key: delete it to generate a new one.") from None
    key = secrets.token_urlsafe(64)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key + "\n")
    return key


def is_loopback(host: str) -> bool:
    """Whether a bind address (``127.0.0.1``, ``::1``, ``localhost``) is reachable only from this machine."""
    host = host.strip().strip("[]").lower()
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name or an interface: assume it can be reached from outside


def url_host(url: str) -> str:
    return urlsplit(url).hostname or ""

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
    0600 permissions. Processes starting together (web server, worker) agree on the first one:
    the key is written in full to a private file, then linked into place, which fails if another
    process got there first."""
    path = Path(data_dir) / SECRET_KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        draft = path.with_name(f".{SECRET_KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(64) + "\n")
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process linked its key first: use that one
        finally:
            draft.unlink()
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)  # a copy restored with looser permissions
    key = path.read_text().strip()
    if len(key) < 50:
        raise RuntimeError(f"{path} holds no usable secret key: delete it to generate a new one.")
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

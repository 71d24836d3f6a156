"""The one-command run is safe by default: loopback only, DEBUG off, its own secret key, links from
SITE_URL, API keys required as soon as it listens beyond loopback (unless switched off explicitly)."""
from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from dinov3site.settings.safe import is_loopback, secret_key_load_or_create
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
# What a new user's shell has: none of the test process's servers or settings.
_CLEARED = ("MONGODB", "REDIS", "CLOUDFLARE", "DJANGO_", "API_", "SITE_URL", "DATA_DIR", "DINOV3_")


def plain_env(data_dir: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_CLEARED)}
    env.update(DATA_DIR=str(data_dir), **extra)
    return env


def local_settings(data_dir: Path, expression: str, **extra) -> str:
    """Evaluate ``expression`` with dinov3site.settings.local loaded in a fresh process."""
    code = f"import django; django.setup(); from django.conf import settings; print(repr({expression}))"
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env=plain_env(data_dir, DJANGO_SETTINGS_MODULE="dinov3site.settings.local", **extra))
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def listening_addresses(port: int) -> set[str]:
    """Local addresses of the LISTEN sockets on ``port``, from /proc/net/tcp and tcp6 (hex, as the kernel writes)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, _remote, state = line.split()[1:4]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


LOOPBACK_HEX = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1 and ::1


@pytest.fixture
def served(tmp_path):
    """scripts/serve.sh as a new user runs it: no settings at all except a free port and a data folder."""
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(["bash", "scripts/serve.sh"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                               env=plain_env(tmp_path / "data", API_PORT=str(port)), start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        assert process.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
        try:
            requests.get(f"{url}/api/v1/health", timeout=5)
            break
        except requests.RequestException:
            time.sleep(0.5)
    else:
        pytest.fail("scripts/serve.sh did not answer: " + (tmp_path / "serve.log").read_text()[-3000:])
    yield {"url": url, "port": port, "data": tmp_path / "data", "log": tmp_path / "serve.log"}
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_a_fresh_serve_sh_is_safe_by_default(served):
    from tests.media import image_bytes

    url, port = served["url"], served["port"]

    # Loopback only.
    assert listening_addresses(port) and listening_addresses(port) <= LOOPBACK_HEX, listening_addresses(port)
    # DEBUG off: no technical pages, the API's envelope for unknown paths.
    page = requests.get(f"{url}/no-such-page", headers={"Accept": "text/html"}, timeout=30)
    assert page.status_code == 404 and "URLconf" not in page.text and "Traceback" not in page.text
    typo = requests.get(f"{url}/api/v1/extract-featurez", timeout=30)
    assert typo.status_code == 404 and typo.json()["error"]["code"] == "NOT_FOUND"
    # Its own secret key, owner-only, in the data folder.
    key_file = served["data"] / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600 and len(key_file.read_text().strip()) >= 50
    # Links from SITE_URL (default http://localhost:<port>), never from the Host header a client sends.
    upload = requests.post(f"{url}/api/v1/upload-media", files={"file": ("a.jpg", image_bytes(), "image/jpeg")},
                           headers={"Authorization": "Bearer not-a-key-here"}, timeout=120)
    assert upload.status_code == 200, upload.text
    assert upload.json()["public_url"].startswith(f"http://localhost:{port}/files/")
    assert "not checked" in upload.headers["X-Credentials-Ignored"]  # keys are off on loopback
    evil = requests.get(f"{url}/api/v1/", headers={"Host": "evil.test"}, timeout=30)
    assert evil.status_code == 400 and evil.json()["error"]["code"] == "VALIDATION_ERROR"
    assert "evil.test" not in requests.get(f"{url}/api/v1/", headers={"Host": f"localhost:{port}"}, timeout=30).text
    # The start-up report says all of it.
    report = served["log"].read_text()
    assert f"listens:   127.0.0.1:{port}, reachable from this machine only (loopback)" in report
    assert "API keys:  off (loopback only)" in report and "DEBUG:     off" in report
    assert f"secret:    from {served['data']}/secret_key" in report


def test_debug_is_off_unless_django_debug_turns_it_on(tmp_path):
    assert local_settings(tmp_path, "settings.DEBUG") == "False"
    assert local_settings(tmp_path, "settings.DEBUG", DJANGO_DEBUG="1") == "True"


def test_api_keys_are_required_beyond_loopback_unless_switched_off(tmp_path):
    expression = "(settings.API_AUTH_REQUIRED, settings.ALLOWED_HOSTS)"
    assert local_settings(tmp_path, expression).startswith("(False,")
    assert local_settings(tmp_path, expression, API_HOST="0.0.0.0").startswith("(True,")
    assert local_settings(tmp_path, expression, API_HOST="192.0.2.2") == \
        "(True, ['localhost', '127.0.0.1', '[::1]', '192.0.2.2'])"
    assert local_settings(tmp_path, expression, API_HOST="0.0.0.0", API_AUTH_REQUIRED="false").startswith("(False,")


@pytest.mark.parametrize("env, line", [
    ({"API_HOST": "0.0.0.0"}, "API keys:  required (the default beyond loopback)"),
    ({"API_HOST": "0.0.0.0", "API_AUTH_REQUIRED": "false"},
     "API keys:  OFF, switched off explicitly (API_AUTH_REQUIRED=false) while listening beyond loopback"),
    ({}, "API keys:  off (loopback only)"),
])
def test_the_startup_report_says_whether_keys_are_required(tmp_path, env, line):
    run = subprocess.run([sys.executable, "manage.py", "startup_report"], cwd=ROOT, capture_output=True, text=True,
                         timeout=120, env=plain_env(tmp_path, DJANGO_SETTINGS_MODULE="dinov3site.settings.local", **env))
    assert run.returncode == 0, run.stderr
    assert line in run.stdout, run.stdout


def test_site_url_sets_links_and_the_host_names_served(tmp_path):
    assert local_settings(tmp_path, "settings.SITE_URL") == "'http://localhost:3012'"
    assert local_settings(tmp_path, "(settings.SITE_URL, 'dinov3.lan' in settings.ALLOWED_HOSTS)",
                          SITE_URL="https://dinov3.lan/", API_PORT="8000") == "('https://dinov3.lan', True)"


def test_production_links_default_to_the_first_allowed_host(tmp_path):
    code = "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env=plain_env(tmp_path, DJANGO_SETTINGS_MODULE="dinov3site.settings.production",
                                       DJANGO_SECRET_KEY="x" * 60, DJANGO_ALLOWED_HOSTS="dinov3.example.com"))
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "https://dinov3.example.com"


def test_the_secret_key_is_made_once_kept_owner_only_and_reused(tmp_path):
    first = secret_key_load_or_create(tmp_path)
    path = tmp_path / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(first) >= 50
    path.chmod(0o644)  # e.g. restored from a backup
    assert secret_key_load_or_create(tmp_path) == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert secret_key_load_or_create(tmp_path / "elsewhere") != first


def test_no_secret_key_is_written_in_the_settings():
    for module in (ROOT / "dinov3site" / "settings").glob("*.py"):
        text = module.read_text()
        assert "dev-only-insecure-key" not in text, module
        if module.name not in {"test.py"}:  # the test settings' key signs nothing a user keeps
            assert 'SECRET_KEY = "' not in text and "SECRET_KEY = '" not in text, module


@pytest.mark.parametrize("host, local", [("127.0.0.1", True), ("::1", True), ("[::1]", True), ("localhost", True),
                                         ("127.0.0.2", True), ("0.0.0.0", False), ("::", False),
                                         ("192.0.2.2", False), ("dinov3.lan", False)])
def test_what_counts_as_loopback(host, local):
    assert is_loopback(host) is local


def test_production_refuses_the_example_secret_key(tmp_path):
    example = next(line.split("=", 1)[1] for line in (ROOT / ".env.example").read_text().splitlines()
                   if line.startswith("DJANGO_SECRET_KEY="))
    run = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env=plain_env(tmp_path, DJANGO_SETTINGS_MODULE="dinov3site.settings.production",
                                       DJANGO_SECRET_KEY=example, DJANGO_ALLOWED_HOSTS="dinov3.example.com"))
    assert run.returncode != 0 and "DJANGO_SECRET_KEY must be set" in run.stderr


def test_processes_starting_together_agree_on_one_secret_key(tmp_path):
    code = ("import sys; from dinov3site.settings.safe import secret_key_load_or_create; "
            "print(secret_key_load_or_create(sys.argv[1]))")
    starts = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
              for _ in range(8)]
    keys = {start.communicate(timeout=60)[0].strip() for start in starts}
    assert len(keys) == 1 and len(keys.pop()) >= 50
    assert [entry.name for entry in tmp_path.iterdir()] == ["secret_key"]

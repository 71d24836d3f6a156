"""The integration guide's Python and JavaScript client classes run unchanged against the service.

Each runs as its own process (python with requests, node with its built-in fetch) against a live
service started with the one-command run's settings, and prints what the guide's usage prints.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.media import image_bytes

CLIENTS = Path(__file__).parent / "clients"


def test_the_python_client_uploads_extracts_and_compares(live, library, tmp_path):
    (tmp_path / "character_reference.jpg").write_bytes(image_bytes("JPEG", "astronaut"))
    (tmp_path / "character_test.jpg").write_bytes(image_bytes("JPEG", "astronaut", (200, 200)))

    run = subprocess.run([sys.executable, str(CLIENTS / "python_client.py"), live.url], cwd=tmp_path,
                         capture_output=True, text=True, timeout=300)

    assert run.returncode == 0, run.stderr
    assert re.search(r"^Same character: (True|False)$", run.stdout, re.M), run.stdout
    similarity = float(re.search(r"^Similarity: ([\d.]+)%$", run.stdout, re.M).group(1))
    assert 0 <= similarity <= 100
    assert re.search(r"^Quality score: [\d.]+$", run.stdout, re.M), run.stdout


def test_the_javascript_client_uploads_extracts_and_compares(live, library, tmp_path):
    node = shutil.which("node")
    assert node, "node is needed for this test (scripts/test.sh installs it)"
    (tmp_path / "ref.jpg").write_bytes(image_bytes("JPEG", "chelsea"))
    (tmp_path / "test.jpg").write_bytes(image_bytes("JPEG", "chelsea", (180, 180)))

    run = subprocess.run([node, str(CLIENTS / "javascript_client.mjs"), live.url], cwd=tmp_path,
                         capture_output=True, text=True, timeout=300)

    assert run.returncode == 0, run.stderr
    assert re.fullmatch(r"Character match: (true|false)\n", run.stdout), run.stdout

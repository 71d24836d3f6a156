"""The embedded run (documents in files that survive restarts) and the production checks."""
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(data_dir: Path, *args: str, settings: str = "dinov3site.settings.local", **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("MONGODB", "REDIS", "CLOUDFLARE"))}
    environment.update(DJANGO_SETTINGS_MODULE=settings, DATA_DIR=str(data_dir), **env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=180)


def test_documents_and_config_survive_a_restart(tmp_path):
    from tests.media import photo

    photo("coffee", (64, 64)).save(tmp_path / "cup.png")
    assert manage(tmp_path / "data", "migrate", "--verbosity", "0").returncode == 0  # config changes are audited
    first = manage(tmp_path / "data", "shell", "-c", (
        "from assets.services import asset_create; from dinov3site.config.services import config_set;"
        f"a = asset_create(path='{tmp_path / 'cup.png'}', filename='cup.png', tags='props');"
        "config_set(name='similarity_threshold', value=0.81); print(a.id)"
    ))
    assert first.returncode == 0, first.stderr
    asset_id = first.stdout.strip().splitlines()[-1]

    second = manage(tmp_path / "data", "shell", "-c", (
        "from assets.documents import Asset; from dinov3site.config.services import config_value;"
        "from dinov3site.system.selectors import database_status;"
        f"print(Asset.objects.get(id='{asset_id}').tags, config_value('similarity_threshold'), database_status())"
    ))

    assert second.returncode == 0, second.stderr
    assert "['props'] 0.81" in second.stdout
    assert "'type': 'embedded-sqlite'" in second.stdout and "'persistent': True" in second.stdout


def test_production_settings_pass_check_deploy(tmp_path):
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING",
                    settings="dinov3site.settings.production",
                    DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DJANGO_ALLOWED_HOSTS="dinov3.example.com")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = manage(tmp_path, "check", settings="dinov3site.settings.production", DJANGO_SECRET_KEY="",
                    DJANGO_ALLOWED_HOSTS="dinov3.example.com")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_import_media_ingests_a_tree_and_reruns_safely(tmp_path, media_root, capsys):
    from django.core.management import call_command

    from assets.documents import Asset
    from tests.media import image_bytes, mp4_file

    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.jpg").write_bytes(image_bytes("JPEG"))
    (tmp_path / "in" / "sub" / "b.webp").write_bytes(image_bytes("WEBP", "coffee"))
    mp4_file(tmp_path / "in" / "sub" / "clip.mp4")
    (tmp_path / "in" / "notes.txt").write_text("not media")

    call_command("import_media", str(tmp_path / "in"), "--tags", "batch1", "--quiet")
    first = capsys.readouterr().out
    call_command("import_media", str(tmp_path / "in"), "--quiet")
    second = capsys.readouterr().out

    assert "Imported 3 of 4 files; skipped: 1 INVALID_FILE_FORMAT." in first
    assert "notes.txt: INVALID_FILE_FORMAT" in first
    assert "Imported 0 of 4 files; skipped: 1 INVALID_FILE_FORMAT, 3 duplicate." in second
    assert Asset.objects.count() == 3
    assert sorted(Asset.objects.distinct("kind")) == ["image", "video"]
    assert all(a.tags == ["batch1"] for a in Asset.objects)

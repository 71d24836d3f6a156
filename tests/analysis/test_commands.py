"""reindex and dinov3_model, as an operator runs them."""
import pytest
from django.core.management import CommandError, call_command

from assets.documents import Asset

pytestmark = pytest.mark.django_db


def test_reindex_extracts_missing_then_has_nothing_left(model, upload_image, capsys):
    for name in ("astronaut", "coffee", "chelsea"):
        upload_image("PNG", name)

    call_command("reindex", "--quiet", "--batch-size", "2")
    first = capsys.readouterr().out
    call_command("reindex", "--quiet")
    second = capsys.readouterr().out

    assert "Extracted 3 of 3 assets" in first
    assert "Extracted 0 of 0 assets" in second
    assert Asset.objects(features__ne=None).count() == 3


def test_reindex_all_resume_skips_what_the_interrupted_run_did(model, upload_image, capsys, monkeypatch):
    for name in ("astronaut", "coffee", "chelsea"):
        upload_image("PNG", name)
    call_command("reindex", "--quiet")
    capsys.readouterr()

    from analysis.features import services

    real = services.features_for
    calls = {"n": 0}

    def interrupted(*, assets, force=False, progress=None):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(assets=assets, force=force, progress=progress)

    monkeypatch.setattr("analysis.management.commands.reindex.features_for", interrupted)
    with pytest.raises(KeyboardInterrupt):
        call_command("reindex", "--all", "--quiet", "--batch-size", "1")
    monkeypatch.setattr("analysis.management.commands.reindex.features_for", real)
    call_command("reindex", "--all", "--resume", "--quiet", "--batch-size", "1")

    assert "Extracted 2 of 2 assets" in capsys.readouterr().out


def test_reindex_without_weights_explains_how_to_fix(no_model):
    with pytest.raises(CommandError, match="DINOV3_MODEL_NAME"):
        call_command("reindex", "--quiet")


def test_dinov3_model_verifies_a_local_folder(model, capsys):
    call_command("dinov3_model")
    out = capsys.readouterr().out
    assert "local folder" in out and "OK: DINOv3ViTModel" in out and "dim 32" in out


def test_dinov3_model_reports_a_missing_folder(no_model):
    with pytest.raises(CommandError, match="Not loadable"):
        call_command("dinov3_model")

"""The engine's tunables are read from the environment in one place, with their names and defaults."""
from __future__ import annotations

import pytest

from core.tunables import WORKER_BATCH_WAIT_MS, EngineTunables, TunableError


def test_an_empty_environment_gives_the_documented_defaults():
    tunables = EngineTunables.from_env({})
    assert (tunables.model_name, tunables.device, tunables.batch_size, tunables.backend, tunables.decode_workers) == (
        "models/dinov3-vitb16-pretrain-lvd1689m", "auto", 32, "eager", 2)
    assert tunables.hf_token is None and tunables.image_size is None and tunables.threads is None


def test_dynamic_batching_is_on_in_workers_only_unless_the_variable_says_otherwise():
    unset = EngineTunables.from_env({})
    assert (unset.batch_wait_for(worker=False), unset.batch_wait_for(worker=True)) == (0.0, WORKER_BATCH_WAIT_MS)
    told = EngineTunables.from_env({"DINOV3_BATCH_WAIT_MS": "2.5"})
    assert (told.batch_wait_for(worker=False), told.batch_wait_for(worker=True)) == (2.5, 2.5)


@pytest.mark.parametrize(("environ", "message"), [
    ({"DINOV3_BATCH_SIZE": "many"}, "DINOV3_BATCH_SIZE must be an integer, got 'many'"),
    ({"DINOV3_BATCH_SIZE": "0"}, "DINOV3_BATCH_SIZE must be at least 1, got 0"),
    ({"DINOV3_IMAGE_SIZE": "8"}, "DINOV3_IMAGE_SIZE must be at least 16, got 8"),
    ({"DINOV3_BATCH_WAIT_MS": "soon"}, "DINOV3_BATCH_WAIT_MS must be a number, got 'soon'"),
    ({"DINOV3_BATCH_WAIT_MS": "-1"}, "DINOV3_BATCH_WAIT_MS must not be negative, got -1.0"),
])
def test_a_bad_value_names_its_variable(environ, message):
    with pytest.raises(TunableError) as raised:
        EngineTunables.from_env(environ)
    assert raised.value.message == message
    assert raised.value.details == {"field": next(iter(environ))}


def test_the_engine_settings_take_their_values_from_the_tunables():
    from analysis.engine import EngineSettings, SettingsError

    settings = EngineSettings.from_tunables(EngineTunables.from_env({"DINOV3_BACKEND": "INT8"}), batch_size=4)
    assert (settings.backend, settings.batch_size, settings.batch_wait_ms) == ("int8", 4, 0.0)
    with pytest.raises(SettingsError, match="DINOV3_THREADS must be at least 1"):
        EngineSettings.from_env({"DINOV3_THREADS": "0"})

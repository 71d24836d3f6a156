"""The DINOv3 engine, loaded through the real code path from a tiny random checkpoint."""

from __future__ import annotations

import io
import threading
import time

import numpy as np
import pytest
import torch
from PIL import Image
from skimage import data

from analysis.engine import (
    Dinov3Engine,
    EngineSettings,
    GpuMemoryError,
    ImageDecodeError,
    ModelNotLoadedError,
    SettingsError,
    get_engine,
    gpu_status,
    is_local_name,
    reset_engine,
)
from analysis.engine import loading
from analysis.engine.testing import build_tiny_checkpoint

PHOTOS = [data.astronaut, data.coffee, data.chelsea, data.rocket, data.immunohistochemistry]


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory):
    return build_tiny_checkpoint(tmp_path_factory.mktemp("dinov3") / "tiny")


@pytest.fixture(scope="module")
def engine(checkpoint):
    return Dinov3Engine(EngineSettings(model_name=str(checkpoint), batch_size=4))


@pytest.fixture(scope="module")
def photos():
    return [Image.fromarray(make()) for make in PHOTOS]


@pytest.fixture(autouse=True)
def _fresh_singleton():
    reset_engine()
    yield
    reset_engine()


def _jpeg(image: Image.Image, **options) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=100, subsampling=0, **options)
    return buffer.getvalue()


def _cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(-1) / np.linalg.norm(a, axis=-1) / np.linalg.norm(b, axis=-1)


def test_embeddings_have_the_config_dimension_and_unit_norm(engine, photos, tmp_path):
    vectors = engine.embed_images(photos)
    assert vectors.shape == (5, 32) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    wider = Dinov3Engine(EngineSettings(model_name=str(build_tiny_checkpoint(tmp_path / "w", hidden_size=48))))
    assert wider.embed_images(photos[:1]).shape == (1, 48)
    assert wider.status()["dim"] == 48


def test_embeddings_are_deterministic_across_calls_and_engines(engine, checkpoint, photos):
    first = engine.embed_images(photos)
    np.testing.assert_array_equal(first, engine.embed_images(photos))
    again = Dinov3Engine(EngineSettings(model_name=str(checkpoint), batch_size=2)).embed_images(photos)
    assert _cosine(first, again).min() >= 0.9999


def test_batched_and_single_results_agree(engine, photos):
    batched = engine.embed_images(photos)  # batch size 4: one full batch and a remainder
    singles = np.stack([engine.embed_images([photo])[0] for photo in photos])
    assert _cosine(batched, singles).min() >= 0.9999


def test_different_pictures_get_different_embeddings(engine, photos):
    vectors = engine.embed_images(photos)
    similarity = vectors @ vectors.T
    assert similarity[~np.eye(len(photos), dtype=bool)].max() < 0.9999


def test_exif_rotated_jpeg_embeds_like_the_pixel_rotated_one(engine, photos):
    exif = Image.Exif()
    exif[0x0112] = 8  # "rotate 90 CCW to display"
    tagged = _jpeg(photos[2], exif=exif)
    rotated = _jpeg(photos[2].transpose(Image.Transpose.ROTATE_90))
    unrotated = _jpeg(photos[2])
    vectors = engine.embed_files([tagged, rotated, unrotated])
    assert _cosine(vectors[0], vectors[1]) >= 0.999
    assert _cosine(vectors[0], vectors[2]) < _cosine(vectors[0], vectors[1])


def test_files_and_decoded_images_embed_alike(engine, photos, tmp_path):
    path = tmp_path / "cat.png"
    photos[2].save(path)
    from_file = engine.embed_files([path, _jpeg(photos[0])])
    from_image = engine.embed_images([photos[2], photos[0]])
    assert _cosine(from_file, from_image).min() >= 0.999


def test_patch_grid_skips_cls_and_register_tokens(engine, photos):
    cls, patches = engine.embed_with_patches(photos[:3])
    assert cls.shape == (3, 32) and patches.shape == (3, 4, 4, 32)  # 64 px / patch 16
    np.testing.assert_allclose(cls, engine.embed_images(photos[:3]), atol=1e-6)
    # The grid is the model's own output past the 1 CLS + 4 register tokens, row-major.
    pixels = torch.from_numpy(np.stack([engine.prepare(p) for p in photos[:3]]))
    with torch.inference_mode():
        hidden = engine._loaded.model(pixel_values=pixels).last_hidden_state
    np.testing.assert_allclose(patches[:, 1, 2], hidden[:, 5 + 1 * 4 + 2].numpy(), atol=1e-5)


def test_preprocessor_config_and_image_size_setting_are_used(tmp_path, photos):
    folder = build_tiny_checkpoint(tmp_path / "c", preprocessor={"size": {"height": 32, "width": 48}})
    engine = Dinov3Engine(EngineSettings(model_name=str(folder)))
    info = engine.info()
    assert info["preprocessing"]["size"] == {"height": 32, "width": 48}
    assert info["preprocessing"]["version"].startswith("dinov3-pre-v1-32x48-bilinear")
    assert engine.embed_with_patches(photos[:1])[1].shape == (1, 2, 3, 32)
    resized = Dinov3Engine(EngineSettings(model_name=str(folder), image_size=96))
    assert resized.embed_with_patches(photos[:1])[1].shape == (1, 6, 6, 32)
    assert resized.preprocessing_version != engine.preprocessing_version


def test_info_describes_the_model(engine):
    info = engine.info()
    assert info["embedding_dim"] == 32
    assert info["patch_size"] == 16
    assert info["num_register_tokens"] == 4
    assert info["num_hidden_layers"] == 2 and info["num_attention_heads"] == 2
    assert info["architecture"] == "DINOv3ViTModel"
    assert info["device"] == "cpu" and info["dtype"] == "float32"


def test_missing_weights_raise_model_not_loaded_with_instructions(tmp_path, photos):
    engine = Dinov3Engine(EngineSettings(model_name=str(tmp_path / "nowhere")))
    status = engine.status()
    assert status["loaded"] is False and status["error"] is None
    with pytest.raises(ModelNotLoadedError) as caught:
        engine.embed_images(photos[:1])
    error = caught.value
    assert error.code == "MODEL_NOT_LOADED"
    assert "DINOV3_MODEL_NAME" in error.instructions
    assert "huggingface-cli download facebook/dinov3-vitb16-pretrain-lvd1689m" in error.instructions
    assert "model.safetensors" in error.instructions
    status = engine.status()
    assert status["loaded"] is False and "does not exist" in status["error"]
    assert status["instructions"] == error.instructions


def test_folder_without_weights_says_so(tmp_path):
    folder = build_tiny_checkpoint(tmp_path / "broken")
    (folder / "model.safetensors").unlink()
    with pytest.raises(ModelNotLoadedError, match="no weights"):
        Dinov3Engine(EngineSettings(model_name=str(folder))).load()


def test_a_failure_is_remembered_until_reset(tmp_path, photos):
    folder = tmp_path / "later"
    engine = Dinov3Engine(EngineSettings(model_name=str(folder)))
    with pytest.raises(ModelNotLoadedError):
        engine.load()
    build_tiny_checkpoint(folder)
    with pytest.raises(ModelNotLoadedError):  # remembered: no disk search on every request
        engine.load()
    engine.reset()
    assert engine.embed_images(photos[:1]).shape == (1, 32)
    assert engine.status()["loaded"] is True and engine.status()["error"] is None


def test_concurrent_callers_load_the_model_once(checkpoint, monkeypatch):
    calls = []
    real_load = loading.load_model

    def slow_load(settings, placement):
        calls.append(threading.get_ident())
        time.sleep(0.2)  # widen the window in which a second load could start
        return real_load(settings, placement)

    monkeypatch.setattr("analysis.engine.model.load_model", slow_load)
    settings = EngineSettings(model_name=str(checkpoint))
    engines, errors = [], []

    def worker():
        try:
            engine = get_engine(settings)
            engine.load()
            engines.append(engine)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(calls) == 1
    assert len({id(engine) for engine in engines}) == 1 and engines[0].load_count == 1


def test_cuda_out_of_memory_halves_the_batch(checkpoint, photos, monkeypatch):
    engine = Dinov3Engine(EngineSettings(model_name=str(checkpoint), batch_size=8))
    expected = engine.embed_images(photos)
    real_forward = engine._forward
    seen = []

    def picky_forward(pixels, *, with_patches):
        seen.append(len(pixels))
        if len(pixels) > 2:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory (simulated)")
        return real_forward(pixels, with_patches=with_patches)

    monkeypatch.setattr(engine, "_forward", picky_forward)
    vectors = engine.embed_images(photos)
    assert seen[:3] == [5, 2, 2]
    assert _cosine(vectors, expected).min() >= 0.9999
    assert engine.oom_retries >= 1


def test_out_of_memory_at_batch_one_is_a_gpu_memory_error(checkpoint, photos, monkeypatch):
    engine = Dinov3Engine(EngineSettings(model_name=str(checkpoint), batch_size=4))
    engine.load()

    def no_memory(pixels, *, with_patches):
        raise torch.cuda.OutOfMemoryError("CUDA out of memory (simulated)")

    monkeypatch.setattr(engine, "_forward", no_memory)
    with pytest.raises(GpuMemoryError) as caught:
        engine.embed_images(photos[:3])
    assert caught.value.code == "GPU_MEMORY_ERROR"


def test_stream_reports_bad_files_and_embeds_the_rest(engine, photos):
    items = [("a", _jpeg(photos[0])), ("bad", b"\x89PNG broken"), ("c", _jpeg(photos[1]))]
    batches = list(engine.embed_stream(items, batch_size=2))
    keys = [key for batch in batches for key in batch.keys]
    failures = {key: err for batch in batches for key, err in batch.failures.items()}
    assert keys == ["a", "c"] and list(failures) == ["bad"]
    vectors = np.concatenate([batch.vectors for batch in batches])
    assert _cosine(vectors, engine.embed_images(photos[:2])).min() >= 0.999
    with pytest.raises(ImageDecodeError) as caught:
        engine.embed_files([_jpeg(photos[0]), b"nope"])
    assert caught.value.details["index"] == 1


def test_int8_backend_stays_close_to_fp32(checkpoint, photos):
    fp32 = Dinov3Engine(EngineSettings(model_name=str(checkpoint))).embed_images(photos)
    engine = Dinov3Engine(EngineSettings(model_name=str(checkpoint), backend="int8"))
    assert engine.status()["dtype"] == "int8-dynamic"
    assert _cosine(engine.embed_images(photos), fp32).min() >= 0.98


def test_settings_from_environment():
    settings = EngineSettings.from_env(
        {"DINOV3_MODEL_NAME": "facebook/dinov3-vits16-pretrain-lvd1689m", "DINOV3_DEVICE": "CPU",
         "DINOV3_BATCH_SIZE": "8", "HF_TOKEN": "hf_x", "DINOV3_IMAGE_SIZE": "256", "DINOV3_BACKEND": "bf16"}
    )
    assert (settings.device, settings.batch_size, settings.hf_token, settings.image_size, settings.backend) == (
        "cpu", 8, "hf_x", 256, "bf16")
    defaults = EngineSettings.from_env({})
    assert defaults.model_name == "models/dinov3-vitb16-pretrain-lvd1689m" and defaults.batch_size == 32
    for bad in ({"DINOV3_DEVICE": "tpu"}, {"DINOV3_BATCH_SIZE": "0"}, {"DINOV3_BATCH_SIZE": "many"}):
        with pytest.raises(SettingsError):
            EngineSettings.from_env(bad)


def test_local_folders_and_hub_ids_are_told_apart(tmp_path):
    assert is_local_name("models/dinov3-vitb16-pretrain-lvd1689m")
    assert is_local_name(str(tmp_path))
    assert is_local_name("./weights/dinov3")
    assert not is_local_name("facebook/dinov3-vits16-pretrain-lvd1689m")


def test_cuda_request_without_cuda_runs_on_cpu(checkpoint):
    engine = Dinov3Engine(EngineSettings(model_name=str(checkpoint), device="cuda"))
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert engine.status()["device"].startswith(expected)


def test_gpu_status_reports_memory_in_mib():
    status = gpu_status()
    assert status["available"] == torch.cuda.is_available()
    assert {"device_name", "memory_total", "memory_used", "memory_free"} <= status.keys()
    assert all(isinstance(status[key], int) for key in ("memory_total", "memory_used", "memory_free"))
    if not status["available"]:
        assert status["memory_total"] == status["memory_used"] == status["memory_free"] == 0

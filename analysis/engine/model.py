"""The DINOv3 engine: loads the model once per process and turns images into embeddings.

The web layer calls :func:`get_engine` and then ``embed_files`` / ``embed_images`` /
``embed_stream`` / ``embed_with_patches`` / ``status`` / ``info``; it never sees a tensor.
The embedding is the L2-normalised class token (``pooler_output``, the final layer norm of
the CLS token); its dimension comes from the checkpoint (384 for ViT-S/16, 768 for ViT-B/16).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Hashable

import numpy as np
import torch
from PIL import Image

from .batching import DynamicBatcher
from .device import Placement, choose_placement
from .errors import GpuMemoryError, ImageDecodeError, ModelNotLoadedError
from .loading import LoadedModel, load_model, missing_weights_instructions
from .preprocess import ImageSource, Preprocessor
from .settings import EngineSettings

logger = logging.getLogger(__name__)

# After a failed load, callers get the remembered error for this long before the engine
# looks for the weights again (also the Retry-After the API sends with MODEL_NOT_LOADED).
LOAD_RETRY_SECONDS = 30
BatchListener = Callable[[int, float], None]


@dataclass
class EmbeddedBatch:
    """One batch out of :meth:`Dinov3Engine.embed_stream`.

    ``keys`` are the caller's keys of the items that were embedded, row for row with
    ``vectors``; ``failures`` maps the keys of undecodable items to an :class:`ImageDecodeError`.
    """

    keys: list[Hashable]
    vectors: np.ndarray
    failures: dict[Hashable, ImageDecodeError] = field(default_factory=dict)


class Dinov3Engine:
    """A lazily loaded DINOv3 model with its preprocessing, device and batching."""

    def __init__(self, settings: EngineSettings | None = None) -> None:
        self.settings = settings or EngineSettings.from_env()
        self._load_lock = threading.Lock()
        # One forward at a time: concurrent forwards only fight over the same cores/GPU memory.
        self._infer_lock = threading.Lock()
        self._loaded: LoadedModel | None = None
        self._placement: Placement | None = None
        self._error: ModelNotLoadedError | None = None
        self._error_at = 0.0
        self._listeners: list[BatchListener] = []
        # Worker processes serving concurrent requests merge them (DINOV3_BATCH_WAIT_MS > 0).
        self.batcher = (DynamicBatcher(self._run_now_cls, max_batch=self.settings.batch_size,
                                       wait_s=self.settings.batch_wait_ms / 1000)
                        if self.settings.batch_wait_ms > 0 else None)
        self.load_count = 0
        self.oom_retries = 0

    # ----------------------------------------------------------------- loading
    @property
    def loaded(self) -> bool:
        return self._loaded is not None

    def load(self) -> None:
        """Load the model unless it is loaded; raise :class:`ModelNotLoadedError` if it cannot be.

        Thread-safe and done once: concurrent callers wait for the first one. A failure is
        remembered for ``LOAD_RETRY_SECONDS`` so a missing model does not mean a disk (or hub)
        search on every request; :meth:`reset` forgets it at once.
        """
        if self._loaded is not None:
            return
        with self._load_lock:
            if self._loaded is not None:
                return
            if self._error is not None and time.monotonic() - self._error_at < LOAD_RETRY_SECONDS:
                # Without a fresh traceback, every re-raise of the remembered exception would
                # chain this call's frames onto it: a leak that grows with each request.
                raise self._error.with_traceback(None)
            try:
                placement = self.placement
                loaded = load_model(self.settings, placement)
            except ModelNotLoadedError as exc:
                self._remember(exc)
                raise
            except Exception as exc:  # a broken checkpoint must answer MODEL_NOT_LOADED, not crash
                logger.exception("loading DINOv3 from %s failed", self.settings.model_name)
                error = ModelNotLoadedError(
                    f"loading DINOv3 from {self.settings.model_name!r} failed: {exc}",
                    instructions=missing_weights_instructions(self.settings.model_name),
                    model_name=self.settings.model_name,
                )
                self._remember(error)
                raise error from exc
            self._loaded = loaded
            self._error = None
            self.load_count += 1
            logger.info("DINOv3 %s loaded on %s (%s)", self.settings.model_name, placement.device, self.dtype_name)

    def _remember(self, error: ModelNotLoadedError) -> None:
        self._error = error
        self._error_at = time.monotonic()

    def reset(self) -> None:
        """Drop the model and any remembered failure; the next call loads again."""
        with self._load_lock:
            self._loaded = None
            self._error = None
        if torch.cuda.is_available():
            torch.cuda.empty_cache()

    def _require(self) -> LoadedModel:
        self.load()
        assert self._loaded is not None
        return self._loaded

    # ------------------------------------------------------------- reporting
    @property
    def placement(self) -> Placement:
        """Where the model runs (resolved once: a CUDA fallback warning is logged once)."""
        if self._placement is None:
            self._placement = choose_placement(self.settings.device, backend=self.settings.backend)
        return self._placement

    @property
    def dtype_name(self) -> str:
        placement = self.placement
        if self.settings.backend == "int8" and placement.device.type == "cpu":
            return "int8-dynamic"
        return placement.dtype_name

    @property
    def preprocessor(self) -> Preprocessor:
        return self._require().preprocessor

    @property
    def preprocessing_version(self) -> str:
        return self._require().preprocessor.version

    @property
    def dim(self) -> int:
        return int(self._require().config.hidden_size)

    def status(self) -> dict[str, Any]:
        """Loaded or not, and why not; never raises and never starts loading (for ``health``)."""
        loaded = self._loaded
        try:
            device, dtype = str(self.placement.device), self.dtype_name
        except Exception as exc:  # noqa: BLE001 - health must answer whatever the device does
            device, dtype = f"unavailable: {exc}", "unknown"
        error = self._error
        return {
            "loaded": loaded is not None,
            "name": self.settings.model_name,
            "device": device,
            "dtype": dtype,
            "backend": self.settings.backend,
            "dim": int(loaded.config.hidden_size) if loaded else None,
            "patch_size": loaded.patch_size if loaded else None,
            "preprocessing_version": loaded.preprocessor.version if loaded else None,
            "error": error.reason if error else None,
            "instructions": error.instructions if error else None,
        }

    def info(self) -> dict[str, Any]:
        """Everything ``model-info`` shows; loads the model (raises ``ModelNotLoadedError``)."""
        loaded = self._require()
        config = loaded.config
        return {
            "name": self.settings.model_name,
            "source": loaded.source,
            "architecture": (getattr(config, "architectures", None) or ["DINOv3ViTModel"])[0],
            "model_type": config.model_type,
            "variant": loaded.variant,
            "patch_size": loaded.patch_size,
            "embedding_dim": int(config.hidden_size),
            "num_hidden_layers": int(config.num_hidden_layers),
            "num_attention_heads": int(config.num_attention_heads),
            "num_register_tokens": loaded.num_registers,
            "intermediate_size": int(config.intermediate_size),
            "parameters": loaded.parameters,
            "embedding": "L2-normalised class token (pooler_output)",
            "preprocessing": loaded.preprocessor.settings(),
            "device": str(self.placement.device),
            "dtype": self.dtype_name,
            "backend": self.settings.backend,
            "batch_size": self.settings.batch_size,
        }

    def add_batch_listener(self, listener: BatchListener) -> None:
        """Call ``listener(batch_size, seconds)`` after every forward pass (for metrics)."""
        self._listeners.append(listener)

    # ------------------------------------------------------------- inference
    def _forward(self, pixels: torch.Tensor, *, with_patches: bool) -> tuple[torch.Tensor, torch.Tensor | None]:
        """One forward pass: (CLS (n, D), patch grid (n, h, w, D) or None), float32 on the CPU."""
        loaded = self._loaded
        assert loaded is not None
        placement = self.placement
        autocast = (
            torch.autocast(device_type=placement.device.type, dtype=placement.autocast_dtype)
            if placement.autocast_dtype is not None
            else nullcontext()
        )
        with torch.inference_mode(), autocast:
            output = loaded.model(pixel_values=pixels.to(placement.device, non_blocking=True))
        cls = output.pooler_output.float()
        patches = None
        if with_patches:
            n, _, height, width = pixels.shape
            # Token layout: [CLS, registers..., patches row-major] (modeling_dinov3_vit.py).
            tokens = output.last_hidden_state[:, 1 + loaded.num_registers :, :].float()
            patches = tokens.reshape(n, height // loaded.patch_size, width // loaded.patch_size, -1).cpu()
        return cls.cpu(), patches

    def _run(self, pixels: np.ndarray, *, with_patches: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
        """Embed prepared inputs (N, 3, H, W), through the dynamic batcher when it is on."""
        if self.batcher is not None and not with_patches:
            self._require()
            return self.batcher(pixels), None
        return self._run_now(pixels, with_patches=with_patches)

    def _run_now_cls(self, pixels: np.ndarray) -> np.ndarray:
        return self._run_now(pixels)[0]

    def _run_now(self, pixels: np.ndarray, *, with_patches: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
        """Embed prepared inputs (N, 3, H, W) in batches, halving the batch on CUDA OOM."""
        self._require()
        total = len(pixels)
        cls_parts: list[torch.Tensor] = []
        patch_parts: list[torch.Tensor] = []
        batch_size = self.settings.batch_size
        start = 0
        with self._infer_lock:
            while start < total:
                chunk = torch.from_numpy(pixels[start : start + batch_size])
                began = time.perf_counter()
                try:
                    cls, patches = self._forward(chunk, with_patches=with_patches)
                except torch.cuda.OutOfMemoryError as exc:
                    if torch.cuda.is_available():
                        torch.cuda.empty_cache()
                    if len(chunk) == 1:
                        raise GpuMemoryError(
                            "the accelerator ran out of memory even for a single image",
                            details={"batch_size": 1},
                        ) from exc
                    batch_size = max(1, len(chunk) // 2)
                    self.oom_retries += 1
                    logger.warning("CUDA out of memory; retrying with batch size %d", batch_size)
                    continue
                seconds = time.perf_counter() - began
                for listener in self._listeners:
                    listener(len(chunk), seconds)
                cls_parts.append(cls)
                if patches is not None:
                    patch_parts.append(patches)
                start += len(chunk)
        if not cls_parts:
            dim = self.dim
            return np.zeros((0, dim), dtype=np.float32), None
        cls = torch.nn.functional.normalize(torch.cat(cls_parts), dim=-1).numpy()
        return cls, (torch.cat(patch_parts).numpy() if with_patches else None)

    def prepare(self, image: Image.Image) -> np.ndarray:
        """The model input for one image (3, H, W) float32 (loads the model for its settings)."""
        return self.preprocessor.prepare(image)

    def embed_images(self, images: Sequence[Image.Image]) -> np.ndarray:
        """Unit-norm embeddings (N, D) float32 of decoded images (e.g. video frames)."""
        preprocessor = self.preprocessor
        pixels = _stack([preprocessor.prepare(image) for image in images], preprocessor)
        return self._run(pixels)[0]

    def embed_with_patches(self, images: Sequence[Image.Image]) -> tuple[np.ndarray, np.ndarray]:
        """Unit-norm CLS embeddings (N, D) and the patch-token grid (N, h, w, D).

        Patch tokens are the final layer-normed hidden states without CLS and register
        tokens, not normalised, laid out as the image (row ``i`` is the ``i``-th patch row).
        """
        preprocessor = self.preprocessor
        pixels = _stack([preprocessor.prepare(image) for image in images], preprocessor)
        cls, patches = self._run(pixels, with_patches=True)
        assert patches is not None
        return cls, patches

    def embed_files(self, sources: Sequence[ImageSource]) -> np.ndarray:
        """Unit-norm embeddings (N, D) of files, bytes or images, in order.

        Raises :class:`ImageDecodeError` (``details["index"]`` says which) when one is not
        a decodable image; use :meth:`embed_stream` to carry on past bad files.
        """
        parts: list[np.ndarray] = []
        for batch in self.embed_stream(enumerate(sources)):
            if batch.failures:
                index, error = next(iter(batch.failures.items()))
                raise ImageDecodeError(error.message, details={**(error.details or {}), "index": index})
            parts.append(batch.vectors)
        if not parts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.concatenate(parts)

    def embed_stream(
        self, items: Iterable[tuple[Hashable, ImageSource]], *, batch_size: int | None = None
    ) -> Iterator[EmbeddedBatch]:
        """Embed ``(key, source)`` pairs batch by batch, for long runs such as ``reindex``.

        Decoding and preprocessing of the next batch run in ``DINOV3_DECODE_WORKERS``
        threads while the model works on the current one (Pillow releases the GIL).
        Undecodable items are reported in ``EmbeddedBatch.failures`` and skipped.
        """
        preprocessor = self.preprocessor
        size = batch_size or self.settings.batch_size
        iterator = iter(items)
        workers = self.settings.decode_workers
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dinov3-decode") if workers else None

        def submit(chunk: list[tuple[Hashable, ImageSource]]) -> list[tuple[Hashable, Future | np.ndarray]]:
            if pool is None:
                return [(key, _safe_prepare(preprocessor, source)) for key, source in chunk]
            return [(key, pool.submit(_safe_prepare, preprocessor, source)) for key, source in chunk]

        try:
            pending = submit(list(islice(iterator, size)))
            while pending:
                upcoming = submit(list(islice(iterator, size)))  # decoded while this batch runs
                keys: list[Hashable] = []
                arrays: list[np.ndarray] = []
                failures: dict[Hashable, ImageDecodeError] = {}
                for key, job in pending:
                    result = job.result() if isinstance(job, Future) else job
                    if isinstance(result, ImageDecodeError):
                        failures[key] = result
                    else:
                        keys.append(key)
                        arrays.append(result)
                vectors = self._run(_stack(arrays, preprocessor))[0]
                yield EmbeddedBatch(keys=keys, vectors=vectors, failures=failures)
                pending = upcoming
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)


def _safe_prepare(preprocessor: Preprocessor, source: ImageSource) -> np.ndarray | ImageDecodeError:
    try:
        return preprocessor.prepare_source(source)
    except ImageDecodeError as exc:
        return exc


def _stack(arrays: list[np.ndarray], preprocessor: Preprocessor) -> np.ndarray:
    if not arrays:
        return np.zeros((0, 3, preprocessor.height, preprocessor.width), dtype=np.float32)
    return np.stack(arrays)


_engine: Dinov3Engine | None = None
_engine_lock = threading.Lock()


def get_engine(settings: EngineSettings | None = None) -> Dinov3Engine:
    """The process-wide engine (created on first use; the model itself loads lazily).

    ``settings`` defaults to the environment; passing settings that differ from the current
    engine's replaces it (tests and the ``dinov3_model`` command do this).
    """
    global _engine
    engine = _engine
    if engine is not None and (settings is None or settings == engine.settings):
        return engine
    with _engine_lock:
        if _engine is None or (settings is not None and settings != _engine.settings):
            _engine = Dinov3Engine(settings or EngineSettings.from_env())
        return _engine


def reset_engine() -> None:
    """Forget the process-wide engine (its model is freed when no caller holds it)."""
    global _engine
    with _engine_lock:
        if _engine is not None:
            _engine.reset()
        _engine = None

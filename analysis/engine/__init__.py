"""The DINOv3 engine: model loading, device choice, preprocessing, batching, embeddings.

Pure Python (no Django). The web layer uses::

    engine = get_engine()              # process-wide, model loads lazily on first use
    engine.status()                    # for health; never raises
    engine.info()                      # for model-info; raises ModelNotLoadedError
    engine.embed_files([path, ...])    # (N, D) float32, unit norm
    engine.embed_stream(pairs)         # batches for reindex, decode overlapped with inference
"""

from .device import choose_placement, gpu_status
from .errors import EngineError, GpuMemoryError, ImageDecodeError, ModelNotLoadedError, SettingsError
from .loading import is_local_name, missing_weights_instructions
from .model import LOAD_RETRY_SECONDS, Dinov3Engine, EmbeddedBatch, get_engine, reset_engine
from .preprocess import PREPROCESSING_VERSION, ImageSource, Preprocessor, open_image, to_rgb
from .settings import EngineSettings

__all__ = [
    "LOAD_RETRY_SECONDS",
    "PREPROCESSING_VERSION",
    "Dinov3Engine",
    "EmbeddedBatch",
    "EngineError",
    "EngineSettings",
    "GpuMemoryError",
    "ImageDecodeError",
    "ImageSource",
    "ModelNotLoadedError",
    "Preprocessor",
    "SettingsError",
    "choose_placement",
    "get_engine",
    "gpu_status",
    "is_local_name",
    "missing_weights_instructions",
    "open_image",
    "reset_engine",
    "to_rgb",
]

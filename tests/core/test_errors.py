"""Every error carries its status from its code, the engines' errors included, and the one
handler answers with them as they are."""
import pytest
from rest_framework.test import APIRequestFactory

from analysis.engine.errors import EngineError, GpuMemoryError, ImageDecodeError, ModelNotLoadedError, SettingsError
from core import errors
from dinov3site.api.errors import envelope_exception_handler
from media.errors import VideoDecodeError, VideoRejected


@pytest.mark.parametrize("error, status", [
    (errors.ValidationFailed, 400), (errors.InvalidFileFormat, 400), (errors.BatchTooLarge, 400),
    (errors.AssetNotFound, 404), (errors.NotFound, 404), (errors.FileTooLarge, 413),
    (errors.GpuMemoryError, 500), (errors.ProcessingFailed, 500), (errors.ModelNotLoaded, 503),
])
def test_each_error_answers_with_the_status_of_its_code(error, status):
    assert error("x").http_status == status == errors.HTTP_STATUS[error.code]


def test_a_subclass_may_fix_its_own_status():
    class Teapot(errors.ApplicationError):
        code, http_status = "TEAPOT", 418

    assert Teapot("x").http_status == 418
    assert errors.ApplicationError("x").http_status == 500


@pytest.mark.parametrize("error, code, status", [
    (EngineError("x"), "PROCESSING_FAILED", 500),
    (SettingsError("x"), "PROCESSING_FAILED", 500),
    (GpuMemoryError("x"), "GPU_MEMORY_ERROR", 500),
    (ImageDecodeError("x"), "INVALID_FILE_FORMAT", 400),
    (VideoRejected("x"), "INVALID_FILE_FORMAT", 400),
    (VideoRejected("x", code="FILE_TOO_LARGE"), "FILE_TOO_LARGE", 413),
    (VideoDecodeError("x"), "PROCESSING_FAILED", 500),
])
def test_engine_errors_are_application_errors_with_the_status_of_their_code(error, code, status):
    assert isinstance(error, errors.ApplicationError)
    assert (error.code, error.http_status) == (code, status)


def test_model_not_loaded_tells_the_client_how_to_fix_it_and_when_to_retry():
    error = ModelNotLoadedError("no weights in /models/x", instructions="Download them.", model_name="x")
    assert isinstance(error, errors.ModelNotLoaded)
    assert (error.code, error.http_status, error.message) == ("MODEL_NOT_LOADED", 503, "DINOv3 model unavailable.")
    assert error.details == {"model": "x", "reason": "no weights in /models/x", "how_to_fix": "Download them."}
    assert error.headers == {"Retry-After": "60"}
    assert str(error) == error.reason == "no weights in /models/x"  # logs and the health page say why


def test_the_handler_answers_an_engine_error_as_it_is():
    request = APIRequestFactory().post("/api/v1/upload-media")
    refused = VideoRejected("Too long.", code="FILE_TOO_LARGE", details={"limit": 10})
    response = envelope_exception_handler(refused, {"request": request, "view": None})
    assert response.status_code == 413
    assert response.data["error"] | {"timestamp": None} == {
        "code": "FILE_TOO_LARGE", "message": "Too long.", "details": {"limit": 10}, "timestamp": None}
    missing = ModelNotLoadedError("gone", instructions="Download them.", model_name="x")
    response = envelope_exception_handler(missing, {"request": request, "view": None})
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert response.data["error"]["details"]["how_to_fix"] == "Download them."


def test_a_failed_step_answers_processing_failed_with_its_prefix():
    with pytest.raises(errors.ProcessingFailed) as caught:
        with errors.processing_failure("Feature extraction failed", ImageDecodeError):
            raise ImageDecodeError("cannot decode image", details={"reason": "undecodable"})
    assert caught.value.message == "Feature extraction failed: cannot decode image"
    assert caught.value.details == {"reason": "undecodable"} and caught.value.http_status == 500
    with pytest.raises(VideoRejected):  # other errors pass as they are
        with errors.processing_failure("The video could not be analysed", VideoDecodeError):
            raise VideoRejected("Not an MP4.")


def test_without_weights_a_model_endpoint_answers_503_with_how_to_fix_and_retry_after(api, no_model, upload_image):
    asset_id = upload_image("PNG")["asset_id"]
    response = api.post("/api/v1/extract-features", {"asset_id": asset_id}, format="json")
    assert response.status_code == 503 and response["Retry-After"] == "60"
    error = response.json()["error"]
    assert (error["code"], error["message"]) == ("MODEL_NOT_LOADED", "DINOv3 model unavailable.")
    assert set(error["details"]) == {"model", "reason", "how_to_fix"}
    assert error["details"]["model"].endswith("dinov3-vitb16-pretrain-lvd1689m") and error["details"]["reason"]

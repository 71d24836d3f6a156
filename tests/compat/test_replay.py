"""Every request shape the existing clients send gets the answer that client expects.

The shapes (tests/compat/shapes.py) are replayed over HTTP against a live service started with the
one-command run's settings, as the clients send them: same methods, paths, query strings, bodies
(JSON, form, multipart, none) and credential headers.
"""
from __future__ import annotations

from typing import Any

import pytest
import requests

from tests.compat.conftest import live_upload
from tests.compat.shapes import SHAPES, Shape
from tests.media import image_bytes, mp4_file


def fill(value: Any, names: dict[str, str], fresh) -> Any:
    if isinstance(value, str):
        if "{disposable}" in value:
            value = value.replace("{disposable}", fresh())
        for name, asset_id in names.items():
            value = value.replace("{" + name + "}", asset_id)
        return value
    if isinstance(value, list):
        return [fill(item, names, fresh) for item in value]
    if isinstance(value, dict):
        return {fill(key, names, fresh): fill(item, names, fresh) for key, item in value.items()}
    return value


def dig(body: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        assert isinstance(body, dict) and part in body, f"the client reads {dotted!r}; answer: {str(body)[:400]}"
        body = body[part]
    return body


def send(live, shape: Shape, names: dict[str, str], tmp_path) -> requests.Response:
    fresh = lambda: live_upload(live, "disposable.jpg", image_bytes("JPEG", "rocket"))["asset_id"]  # noqa: E731
    kwargs: dict[str, Any] = {"headers": fill(shape.headers, names, fresh), "params": fill(shape.query, names, fresh),
                              "timeout": 300, "allow_redirects": True}
    if shape.json is not None:
        kwargs["json"] = fill(shape.json, names, fresh)
    if shape.form is not None:
        kwargs["data"] = fill(shape.form, names, fresh)
    if shape.upload is not None:
        upload = shape.upload
        content = image_bytes("JPEG", "chelsea") if upload.content == "jpeg" else \
            mp4_file(tmp_path / "upload.mp4").read_bytes()
        part = (upload.filename, content) if upload.content_type is None else \
            (upload.filename, content, upload.content_type)
        kwargs["files"] = {"file": part}
    return requests.request(shape.method, live.url + fill(shape.path, names, fresh), **kwargs)


@pytest.mark.parametrize("shape", SHAPES, ids=[shape.label for shape in SHAPES])
def test_each_client_call_gets_the_answer_the_client_expects(live, library, shape, tmp_path):
    response = send(live, shape, library, tmp_path)

    assert response.status_code in shape.status, f"{shape.label}: {response.status_code} {response.text[:500]}"
    if shape.json_answer:
        assert response.headers["Content-Type"].startswith("application/json"), response.headers["Content-Type"]
        body = response.json()
        for dotted in shape.fields:
            assert dig(body, dotted) is not None, dotted


def test_upload_links_are_the_same_under_both_names_and_answer_a_head(live, library):
    uploaded = live_upload(live, "character_front.jpg", image_bytes("JPEG", "astronaut", (128, 128)))
    detail = requests.get(f"{live.url}/api/v1/media/{uploaded['asset_id']}", timeout=30).json()

    assert uploaded["media_url"] == uploaded["public_url"]
    assert detail["media_url"] == detail["public_url"]
    assert uploaded["media_url"].startswith(live.url + "/files/")
    # The character library checks its stored link with a HEAD before using it.
    head = requests.head(uploaded["media_url"], timeout=30)
    assert head.status_code == 200 and head.headers["Content-Type"] == "image/jpeg"


def test_aliases_mean_the_same_as_the_field_names(live, library):
    by_alias = requests.post(f"{live.url}/api/v1/validate-consistency", timeout=60,
                             json={"reference_asset_id": library["image"], "test_asset_id": library["image2"]}).json()
    by_name = requests.post(f"{live.url}/api/v1/validate-consistency", timeout=60,
                            json={"asset_id_1": library["image"], "asset_id_2": library["image2"]}).json()

    assert by_alias["similarity_score"] == by_name["similarity_score"]
    assert by_alias["asset_id_1"] == library["image"] and by_alias["asset_id_2"] == library["image2"]


def test_the_body_wins_over_the_query_string(live, library):
    response = requests.post(f"{live.url}/api/v1/extract-features", params={"asset_id": "not-an-asset"},
                             json={"asset_id": library["image"]}, timeout=60)

    assert response.status_code == 200 and response.json()["asset_id"] == library["image"]


def test_a_query_string_id_that_names_nothing_is_asset_not_found(live, library):
    response = requests.post(f"{live.url}/api/v1/preprocess-image", params={"asset_id": "no-such-asset"}, timeout=30)

    assert response.status_code == 404 and response.json()["error"]["code"] == "ASSET_NOT_FOUND"

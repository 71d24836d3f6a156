"""The report endpoints answer what the OpenAPI schema documents: every required field is in a real
answer, and a real answer has no field the schema leaves out (at the top level and in each nested
object the schema spells out). Answers come from the tiny random model, through the API."""
import json

import pytest

pytestmark = pytest.mark.django_db

_SCHEMA: dict = {}


def _schema() -> dict:
    if not _SCHEMA:
        from drf_spectacular.generators import SchemaGenerator

        _SCHEMA.update(json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str)))
    return _SCHEMA


def _resolve(node: dict) -> dict:
    while "$ref" in node:
        node = _schema()["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    if "allOf" in node and len(node["allOf"]) == 1:
        return _resolve(node["allOf"][0])
    return node


def _mismatches(value, node: dict, where: str) -> list[str]:
    """Where ``value`` departs from the schema ``node``: missing required fields, undocumented fields."""
    node = _resolve(node)
    problems = []
    if isinstance(value, dict) and "properties" in node:
        documented = set(node["properties"])
        problems += [f"{where}.{name}: documented as required, not answered"
                     for name in sorted(set(node.get("required", [])) - value.keys())]
        problems += [f"{where}.{name}: answered, not documented" for name in sorted(value.keys() - documented)]
        for name in sorted(value.keys() & documented):
            problems += _mismatches(value[name], node["properties"][name], f"{where}.{name}")
    elif isinstance(value, list) and "items" in node:
        for index, item in enumerate(value):
            problems += _mismatches(item, node["items"], f"{where}[{index}]")
    return problems


def _response_schema(path: str) -> dict:
    return _schema()["paths"][f"/api/v1/{path}"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]


@pytest.fixture
def library(model, upload_image, api):
    from tests.media import image_bytes, upload

    assets = {name: upload_image("PNG", name)["asset_id"] for name in ("astronaut", "coffee", "chelsea", "rocket")}
    assets["copy"] = upload_image("JPEG", "astronaut", quality=92)["asset_id"]
    api.post("/api/v1/upload-media", {"file": upload(image_bytes("PNG", "chelsea"), "kitten.png"),
                                      "description": "a kitten napping on the couch"}, format="multipart")
    return assets


def _calls(lib: dict) -> list[tuple[str, dict]]:
    ids = list(lib.values())
    same = {"asset_id_1": lib["astronaut"], "asset_id_2": lib["copy"], "same": True}
    different = {"asset_id_1": lib["astronaut"], "asset_id_2": lib["rocket"], "same": False}
    return [
        ("character-matching", {"reference_asset_id": lib["astronaut"], "test_asset_ids": ids[1:], "threshold": 0.9}),
        ("validate-shot-consistency", {"character_reference_asset_id": lib["astronaut"], "shot_asset_ids": ids[1:],
                                       "threshold": 0.9}),
        ("reference-enforcement", {"master_reference_asset_id": lib["astronaut"], "generated_asset_ids": ids[1:],
                                   "minimum": 0.9}),
        ("group-by-character", {"asset_ids": ids, "threshold": 0.9}),
        ("feature-clustering", {"asset_ids": ids}),
        ("feature-clustering", {"asset_ids": ids, "n_clusters": 2, "method": "agglomerative"}),
        ("feature-clustering", {"asset_ids": ids[:2]}),  # too few to pick k: no silhouette, no structure
        ("anomaly-detection", {"reference_asset_ids": ids[:3], "test_asset_ids": ids[3:]}),
        ("calibrate-threshold", {"pairs": [same, different]}),
        ("calibrate-threshold", {"pairs": [same, different], "apply": True}),
        ("semantic-search", {"query_asset_id": lib["astronaut"], "limit": 2}),
        ("semantic-search", {"query_text": "a cat sleeping on a sofa"}),
        ("near-duplicates", {"threshold": 0.98}),
        ("near-duplicates", {"asset_ids": ids, "threshold": 0.98}),
        ("analyze-image-metrics", {"asset_id": lib["astronaut"]}),
        ("analyze-image-composition", {"asset_id": lib["astronaut"]}),
        ("batch-quality-check", {"asset_ids": [lib["astronaut"], lib["rocket"], "missing"]}),
    ]


def test_report_answers_match_their_documented_fields(api, library):
    problems, seen = [], set()
    for path, body in _calls(library):
        response = api.post(f"/api/v1/{path}", body, format="json")
        assert response.status_code == 200, (path, response.content)
        answer = response.json()
        assert "processing_time" in answer, path
        problems += _mismatches(answer, _response_schema(path), path)
        seen.add(path)

    assert len(seen) == 12
    assert not problems, "\n".join(problems)


def test_the_check_sees_a_missing_and_an_undocumented_field(api, library):
    answer = api.post("/api/v1/group-by-character", {"asset_ids": list(library.values())}, format="json").json()
    schema = _response_schema("group-by-character")
    assert _mismatches(answer, schema, "group-by-character") == []

    answer["surprise"] = 1
    del answer["total_groups"]
    answer["groups"][0].pop("cohesion")
    assert _mismatches(answer, schema, "r") == ["r.total_groups: documented as required, not answered",
                                                "r.surprise: answered, not documented",
                                                "r.groups[0].cohesion: documented as required, not answered"]

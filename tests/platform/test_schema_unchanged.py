"""The API a client sees does not change by accident: the generated OpenAPI schema equals the one
checked in (``tests/platform/data/openapi.json``). A refactor must leave it byte-for-byte equal;
an intended API change regenerates the file in the same commit:

    .venv/bin/python manage.py spectacular --format openapi-json --file tests/platform/data/openapi.json
"""
import difflib
import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

CHECKED_IN = Path(__file__).parent / "data" / "openapi.json"


def _lines(schema: dict) -> list[str]:
    return json.dumps(schema, indent=2, sort_keys=True).splitlines()


def test_generated_schema_equals_the_checked_in_schema():
    from drf_spectacular.generators import SchemaGenerator

    generated = SchemaGenerator().get_schema(request=None, public=True)
    generated = json.loads(json.dumps(generated, default=str))
    expected = json.loads(CHECKED_IN.read_text())
    diff = list(difflib.unified_diff(_lines(expected), _lines(generated), "checked in", "generated", lineterm="", n=2))
    assert not diff, "The API schema changed:\n" + "\n".join(diff[:80])

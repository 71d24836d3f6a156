"""Schemathesis walks every operation of our schema: no 5xx, envelope errors, documented statuses.

A few generated cases per operation and mode keep this under a minute; ``bench/api_fuzz.py``
runs the full count (>= 100 per operation) and records it.
"""
import pytest

from tests.reliability.apifuzz import fuzz_operation, load_schema, operations, seed_library

pytestmark = pytest.mark.django_db

CASES_PER_MODE = 4
SCHEMA = load_schema()
OPERATIONS = {f"{op.method.upper()} {op.path}": op for op in operations(SCHEMA)}


@pytest.fixture
def pools(api, model, media_root, tmp_path):
    return seed_library(api, tmp_path)


def test_the_schema_lists_the_served_operations():
    assert "POST /api/v1/upload-media" in OPERATIONS and "GET /api/v1/media/{asset_id}" in OPERATIONS


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_generated_requests_get_documented_answers(label, pools):
    report = fuzz_operation(OPERATIONS[label], max_examples=CASES_PER_MODE, pools=pools, derandomize=True)

    assert report.cases > 0
    assert report.failures == [], report.as_dict()

"""Requests must not leave memory behind: found by the soak in bench/load.py.

Without weights, every health check (and every model endpoint) re-raises the load failure the
engine remembers. Re-raising one exception object chains each call's frames onto its traceback,
so memory, and the garbage collector's pauses, grew with every request (health p95 went from
under a millisecond to seconds under load). The remembered error now starts a fresh traceback.
"""
import pytest

from analysis.features.selectors import engine

pytestmark = pytest.mark.django_db


def traceback_depth(exc: BaseException) -> int:
    depth, tb = 0, exc.__traceback__
    while tb is not None:
        depth, tb = depth + 1, tb.tb_next
    return depth


def test_health_checks_without_a_model_do_not_grow_the_remembered_error(api, no_model):
    assert api.get("/api/v1/health").json()["model"]["loaded"] is False
    remembered = engine()._error
    depth = traceback_depth(remembered)

    for _ in range(200):
        api.get("/api/v1/health")
        api.post("/api/v1/extract-features", {"asset_id": "00000000-0000-4000-8000-000000000000"}, format="json")

    assert engine()._error is remembered  # still the remembered failure (no new disk search)
    assert traceback_depth(remembered) <= depth + 5

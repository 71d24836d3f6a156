import pytest

from core.errors import BatchTooLarge
from core.limits import batch_check


def test_a_batch_within_the_limit_passes_unchanged():
    ids = ["a", "b", "c"]
    assert batch_check(ids, limit=3) is ids


def test_a_batch_over_the_limit_is_refused_before_any_work():
    with pytest.raises(BatchTooLarge) as caught:
        batch_check(["a", "b", "c"], limit=2, field="pairs")
    error = caught.value
    assert (error.code, error.http_status) == ("BATCH_TOO_LARGE", 400)
    assert error.message == "pairs has 3 ids; the limit is 2 (MAX_BATCH_SIZE)."
    assert error.details == {"field": "pairs", "count": 3, "max_batch_size": 2}

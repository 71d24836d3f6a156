import time

from core.timing import Stopwatch, timed


def test_timed_adds_processing_time_in_seconds_to_the_answer():
    def service(*, name):
        time.sleep(0.01)
        return {"name": name}

    answer = timed(service, name="x")
    assert answer["name"] == "x" and 0.01 <= answer["processing_time"] < 5
    assert answer["processing_time"] == round(answer["processing_time"], 4)


def test_a_stopwatch_counts_from_when_it_was_made():
    clock = Stopwatch()
    time.sleep(0.01)
    first = clock.seconds
    assert 0.01 <= first <= clock.seconds and first == round(first, 4)

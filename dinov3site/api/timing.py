"""``processing_time`` for every processing response: run a service and time it."""
import time
from typing import Callable


def timed(fn: Callable[..., dict], **kwargs) -> dict:
    """Call ``fn(**kwargs)`` and add ``processing_time`` (seconds) to the dict it returns."""
    started = time.perf_counter()
    result = fn(**kwargs)
    result["processing_time"] = round(time.perf_counter() - started, 4)
    return result

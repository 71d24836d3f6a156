"""``processing_time``, one way everywhere: seconds on ``time.perf_counter()``, rounded to 0.1 ms.

``timed(service, **kwargs)`` runs a service and adds ``processing_time`` to the dict it returns;
``Stopwatch`` is for the places that time part of a call, or store the figure (an upload's, an
analysis'). Imports nothing from Django.
"""
from __future__ import annotations

import time
from typing import Callable

# Digits of processing_time: a tenth of a millisecond (every answer and stored figure alike).
DIGITS = 4


class Stopwatch:
    """Started when made; ``seconds`` is the processing_time since then."""

    def __init__(self) -> None:
        self.started = time.perf_counter()

    @property
    def seconds(self) -> float:
        return round(time.perf_counter() - self.started, DIGITS)


def timed(fn: Callable[..., dict], **kwargs) -> dict:
    """Call ``fn(**kwargs)`` and add ``processing_time`` (seconds) to the dict it returns."""
    clock = Stopwatch()
    result = fn(**kwargs)
    result["processing_time"] = clock.seconds
    return result

"""Dynamic batching: concurrent small embedding calls share one forward pass.

A model server's usual trick (Triton's dynamic batcher, TorchServe's batch_size/max_batch_delay):
a worker process serving many synchronous requests at once (a threads pool) would otherwise run
one forward pass per request, one after another. Here every call is queued; one thread takes the
first request, waits up to ``wait_s`` for more (or until ``max_batch`` images are queued), runs
them as one batch and hands each caller its rows. Calls of different input shapes, or asking for
patch tokens, never share a batch. A call of ``max_batch`` images or more runs on its own.

Pure Python and numpy; the forward function is injected (``Dinov3Engine._run_now``).
"""
from __future__ import annotations

import threading
import time
from collections import deque
from typing import Callable

import numpy as np

RunFn = Callable[[np.ndarray], np.ndarray]


class _Request:
    __slots__ = ("pixels", "done", "result", "error")

    def __init__(self, pixels: np.ndarray):
        self.pixels = pixels
        self.done = threading.Event()
        self.result: np.ndarray | None = None
        self.error: BaseException | None = None


class DynamicBatcher:
    """Queue ``(N, 3, H, W)`` inputs from many threads; answer each with its ``(N, D)`` rows."""

    def __init__(self, run: RunFn, *, max_batch: int, wait_s: float):
        self._run = run
        self.max_batch = max(1, max_batch)
        self.wait_s = max(0.0, wait_s)
        self._queue: deque[_Request] = deque()
        self._cv = threading.Condition()
        self._thread: threading.Thread | None = None
        self.batches = 0  # forward calls made, and requests they served (for tests and benchmarks)
        self.requests = 0

    def __call__(self, pixels: np.ndarray) -> np.ndarray:
        if len(pixels) == 0 or len(pixels) >= self.max_batch:
            return self._run(pixels)
        request = _Request(pixels)
        with self._cv:
            self._start()
            self._queue.append(request)
            self._cv.notify_all()
        request.done.wait()
        if request.error is not None:
            raise request.error
        assert request.result is not None
        return request.result

    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._loop, name="dinov3-batcher", daemon=True)
            self._thread.start()

    def _take(self) -> list[_Request]:
        """The first queued request and the compatible ones that arrive within ``wait_s``."""
        with self._cv:
            while not self._queue:
                self._cv.wait()
            first = self._queue[0]
            shape = first.pixels.shape[1:]
            deadline = time.monotonic() + self.wait_s

            def compatible() -> list[_Request]:
                chosen, count = [], 0
                for request in self._queue:
                    if request.pixels.shape[1:] == shape and count + len(request.pixels) <= self.max_batch:
                        chosen.append(request)
                        count += len(request.pixels)
                return chosen

            while True:
                chosen = compatible()
                remaining = deadline - time.monotonic()
                if sum(len(r.pixels) for r in chosen) >= self.max_batch or remaining <= 0:
                    break
                self._cv.wait(remaining)
            for request in chosen:
                self._queue.remove(request)
            return chosen

    def _loop(self) -> None:
        while True:
            batch = self._take()
            try:
                vectors = self._run(np.concatenate([r.pixels for r in batch]))
            except BaseException as exc:  # noqa: BLE001 - every caller of the batch gets the error
                for request in batch:
                    request.error = exc
                    request.done.set()
                continue
            self.batches += 1
            self.requests += len(batch)
            start = 0
            for request in batch:
                request.result = vectors[start:start + len(request.pixels)]
                start += len(request.pixels)
                request.done.set()

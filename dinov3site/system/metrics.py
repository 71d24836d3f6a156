"""The metrics read at scrape time: job queue depth and GPU memory (of the process running the
model). Registered into the one registry (`core/metrics.py`) by ``SystemConfig.ready()``: the
system app sits above the jobs and the model it reads."""
from __future__ import annotations

from prometheus_client.core import GaugeMetricFamily

from dinov3site.jobs.selectors import job_queue_depth

from .selectors import gpu_status


class LiveCollector:
    def describe(self):
        # Nothing to declare up front: without this the registry would collect (query MongoDB and
        # the GPU) when the collector is registered, at start-up.
        return []

    def collect(self):
        queue = GaugeMetricFamily("dinov3_queue_depth", "Jobs pending or running.", labels=["status"])
        for status, count in job_queue_depth().items():
            queue.add_metric([status], count)
        yield queue
        gpu = gpu_status()
        memory = GaugeMetricFamily("dinov3_gpu_memory_mib", "GPU memory in MiB.", labels=["kind"])
        for kind in ("total", "used", "free"):
            memory.add_metric([kind], float(gpu.get(f"memory_{kind}", 0) or 0))
        yield memory

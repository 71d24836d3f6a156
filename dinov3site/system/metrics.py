"""The Prometheus gauges read at scrape time: job queue depth and GPU memory.

They read the jobs and the model's accelerator, which sit above the API package's registry, so
they live here, in the top layer; SystemConfig.ready() registers them in that registry.
"""
from __future__ import annotations

from prometheus_client.core import GaugeMetricFamily

from dinov3site.jobs.selectors import job_queue_depth

from .selectors import gpu_status


class LiveCollector:
    """Values read at scrape time: job queue depth and GPU memory."""

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

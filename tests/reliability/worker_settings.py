"""Settings for a real Celery worker process in the fault tests.

Documents on the test run's MongoDB server, in the same database as the test process (both read
MONGODB_TEST_URL and PYTEST_XDIST_WORKER), the broker in the test's redis-server, and a short visibility timeout so a message a dead worker held comes back in
seconds rather than the production 40 minutes (the time limit stays below it, as in production).
"""
import os
from pathlib import Path

from dinov3site.settings.test import *  # noqa: F401,F403

DATA_DIR = Path(os.environ["DATA_DIR"])
CELERY_BROKER_URL = os.environ["REDIS_URL"]
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_TIME_LIMIT = 8
CELERY_TASK_SOFT_TIME_LIMIT = 7
# Sweep for abandoned messages every second (kombu's default is about every 100 s).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 10, "unacked_restore_interval": 1,
                                   "unacked_restore_throttle": 1}
CELERY_IMPORTS = ["tests.reliability.worker_tasks"]

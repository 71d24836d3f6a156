"""Run in a subprocess: make N requests through Django and print how many were allowed."""
import os
import sys

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.platform.redis_settings"
import django  # noqa: E402

django.setup()
from django.test import Client  # noqa: E402

client = Client()
allowed = sum(client.get("/api/v1/config").status_code == 200 for _ in range(int(sys.argv[1])))
print(allowed)

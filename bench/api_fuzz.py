"""API fuzzing at full count: Schemathesis over every operation of our own OpenAPI schema.

In-process against the WSGI app (test settings: in-process documents, a temporary data folder,
a tiny randomly initialised DINOv3 so the model endpoints answer instead of 503). For each
operation, ``--cases`` generated requests in each mode (schema-valid and schema-invalid), with
some ids swapped for ids that exist. Checks (tests/reliability/apifuzz.py): no 5xx, 4xx in the
error envelope, every status documented, 2xx bodies match the schema.

    .venv/bin/python bench/api_fuzz.py [--cases 60] [--seed N]

writes bench/results/api_fuzz.json; exits 1 when any check failed.
"""
from __future__ import annotations

import argparse
import json
from importlib import metadata
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dinov3site.settings.test")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=60, help="generated requests per operation and mode")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--out", default=str(ROOT / "bench/results/api_fuzz.json"))
    args = parser.parse_args()

    import django

    django.setup()
    import random

    from django.conf import settings
    from django.core.management import call_command
    from rest_framework.test import APIClient

    from analysis.engine import reset_engine
    from analysis.engine.testing import build_tiny_checkpoint
    from tests.reliability.apifuzz import fuzz_operation, load_schema, operations, seed_library

    call_command("migrate", verbosity=0)
    work = Path(tempfile.mkdtemp(prefix="api-fuzz-"))
    settings.DINOV3_MODEL_NAME = str(build_tiny_checkpoint(work / "dinov3-tiny"))
    settings.DINOV3_DEVICE = "cpu"
    reset_engine()
    pools = seed_library(APIClient(), work)
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    random.seed(seed)

    schema = load_schema()
    reports, started = [], time.perf_counter()
    for operation in operations(schema):
        report = fuzz_operation(operation, max_examples=args.cases, pools=pools)
        reports.append(report.as_dict())
        print(f"{report.label:50s} {report.cases:4d} cases  {dict(report.statuses)}  "
              f"failures={len(report.failures)}", flush=True)
    total = sum(r["cases"] for r in reports)
    failures = sum(r["failure_count"] for r in reports)
    server_errors = sum(v for r in reports for k, v in r["statuses"].items() if int(k) >= 500)
    result = {
        "what": "Schemathesis over /api/schema/, in-process WSGI, positive and negative generation",
        "schemathesis": metadata.version("schemathesis"),
        "cases_per_operation_and_mode": args.cases, "seed": seed,
        "operations": len(reports), "total_cases": total,
        "min_cases_per_operation": min(r["cases"] for r in reports),
        "server_errors": server_errors, "failures": failures,
        "seconds": round(time.perf_counter() - started, 1),
        "machine": f"{platform.machine()} {os.cpu_count()} cores, shared with other sessions",
        "per_operation": reports,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2))
    print(f"{total} cases over {len(reports)} operations, {server_errors} 5xx, {failures} failures -> {args.out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

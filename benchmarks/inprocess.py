"""The list-wide reads timed inside one process, with DEBUG off
(``benchmarks/pages.py`` runs this once per database and reads its JSON
from stdout). Each is the median of RUNS runs after one warm-up."""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "betterwork_portal.settings.local")
os.environ["DJANGO_DEBUG"] = "false"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from buyers.models import Buyer, Factory  # noqa: E402
from partnerships.selectors import buyers_with_eligibility, monitoring_flags, partners_at_risk  # noqa: E402

RUNS = int(os.environ.get("RUNS", "5"))


def timed(work) -> dict:
    work()
    timings = []
    with CaptureQueriesContext(connection) as queries:
        for _ in range(RUNS):
            started = time.perf_counter()
            rows = work()
            timings.append(time.perf_counter() - started)
    return {"median_ms": statistics.median(timings) * 1000, "queries": len(queries) // RUNS, "rows": rows}


def main():
    reads = {
        "eligibility of every buyer": lambda: len(list(buyers_with_eligibility())),
        "monitoring flags of every partner": lambda: len(monitoring_flags()),
        "partners at risk": lambda: len(partners_at_risk()),
    }
    print(
        json.dumps(
            {
                "factories": Factory.objects.count(),
                "buyers": Buyer.objects.count(),
                "reads": {name: timed(work) for name, work in reads.items()},
            }
        )
    )


if __name__ == "__main__":
    main()

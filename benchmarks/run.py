"""Time the portal's list-wide reads on a programme of a given size.

Fills a database with ``seed_demo --factories N`` (once; reruns reuse it),
then times each selector and page over several runs and prints the median,
the query count and the rows. Not a test: numbers depend on the machine.
Goals, on this 2-core machine with PostgreSQL and 100,000 factories: every
staff page answers within a second.

    make bench                      # 100,000 factories on PostgreSQL
    FACTORIES=20000 make bench      # a smaller programme

Uses DATABASE_URL (make bench points it at a database of its own).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "betterwork_portal.settings.local")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from buyers.models import Buyer, Factory  # noqa: E402
from buyers.selectors import factories_with_progress  # noqa: E402
from partnerships.selectors import (  # noqa: E402
    buyers_with_eligibility,
    monitoring_flags,
    participants_ready_to_graduate,
    partners_at_risk,
)

RUNS = int(os.environ.get("RUNS", "5"))


def measure(name, work):
    timings, rows = [], None
    with CaptureQueriesContext(connection) as queries:
        for _ in range(RUNS):
            started = time.perf_counter()
            rows = work()
            timings.append(time.perf_counter() - started)
    per_run = len(queries.captured_queries) // RUNS
    print(f"{name:<44} {statistics.median(timings) * 1000:>9.1f} ms {per_run:>4} queries  {rows}")


def page(client, url_name, *args, query=""):
    try:
        url = reverse(url_name, args=args) + query
    except NoReverseMatch:
        return None

    def get():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return f"{len(response.content) // 1024} KiB"

    return get


def main():
    factories = int(os.environ.get("FACTORIES", "100000"))
    call_command("migrate", verbosity=0)
    if Factory.objects.count() < factories:
        call_command("seed_demo", factories=factories, verbosity=1, allow_production=True)
    print(
        f"\n{Factory.objects.count():,} factories, {Buyer.objects.count():,} buyers "
        f"on {connection.vendor}; median of {RUNS} runs\n"
    )
    measure("buyers_with_eligibility (whole list)", lambda: len(list(buyers_with_eligibility())))
    measure("participants_ready_to_graduate", lambda: len(list(participants_ready_to_graduate())))
    measure("monitoring_flags (all partners)", lambda: len(monitoring_flags()))
    measure("partners_at_risk", lambda: len(partners_at_risk()))
    measure(
        "factories_with_progress (count improving)",
        lambda: factories_with_progress().filter(is_making_progress=True).count(),
    )

    user = get_user_model().objects.get(username="staff")
    client = Client()
    client.force_login(user)
    buyer = Buyer.objects.filter(tier=Buyer.Tier.PARTNER).order_by("pk").first()
    factory = Factory.objects.order_by("pk").first()
    pages = {
        "admin buyer list": page(client, "admin:buyers_buyer_changelist"),
        "admin buyer list, eligible only": page(client, "admin:buyers_buyer_changelist", query="?eligible=yes"),
        "admin decide partnership": page(client, "admin:buyers_buyer_decide", buyer.pk),
        "admin factory list": page(client, "admin:buyers_factory_changelist"),
        "dashboard overview": page(client, "dashboard:overview"),
        "dashboard buyer list": page(client, "dashboard:buyer_list"),
        "dashboard buyer file": page(client, "dashboard:buyer_detail", buyer.pk),
        "dashboard factory list": page(client, "dashboard:factory_list"),
        "dashboard factory file": page(client, "dashboard:factory_detail", factory.pk),
        "public partner list": page(client, "buyers:partners"),
    }
    for name, get in pages.items():
        if get is not None:
            measure(name, get)


if __name__ == "__main__":
    main()

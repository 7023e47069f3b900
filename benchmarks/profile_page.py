"""Where one page's time goes: each query's time and the busiest functions.

    .venv/bin/python benchmarks/profile_page.py /dashboard/ [--size large] [--user staff]

Serves the page in this process through Django's test client, with the
benchmark's settings (production's, DEBUG off) against the benchmark's
database of that size (``benchmarks/pages.py`` fills it). It warms up once,
then times RUNS requests, prints every query of the last one slowest first
with its milliseconds, and the cProfile functions with most cumulative time.
A page's ``make bench`` median is its time here plus the queueing of four
clients on two workers.
"""

import argparse
import cProfile
import os
import pstats
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--size", default="large", choices=["demo", "large"])
    parser.add_argument("--user", default="staff", help="who signs in; '' for a visitor")
    parser.add_argument("--runs", type=int, default=int(os.environ.get("RUNS", "5")))
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument(
        "--plain", action="store_true", help="time without cProfile, whose overhead doubles Python's share"
    )
    options = parser.parse_args()

    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/betterwork_bench_{options.size}",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
            "DJANGO_REQUIRE_SECOND_FACTOR": "false",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
    )
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    # Production's static storage answers from its manifest: a fresh
    # checkout has none until collectstatic writes it (as pages.py does).
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client(HTTP_X_FORWARDED_PROTO="https")
    if options.user:
        client.force_login(get_user_model().objects.get(username=options.user))
    response = client.get(options.path)
    if response.status_code != 200:
        raise SystemExit(f"{options.path} answered {response.status_code}")

    timings, queries = [], []

    def timed_query(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(((time.perf_counter() - started) * 1000, sql))

    profile = cProfile.Profile()
    for _ in range(options.runs):
        queries.clear()
        started = time.perf_counter()
        with connection.execute_wrapper(timed_query):
            if not options.plain:
                profile.enable()
            response = client.get(options.path)
            if response.streaming:
                b"".join(response.streaming_content)
            profile.disable()
        timings.append((time.perf_counter() - started) * 1000)

    size = "streamed" if response.streaming else f"{len(response.content):,} bytes"
    print(f"{options.path}: median {statistics.median(timings):.1f} ms of {options.runs}, {size}")
    print(f"{len(queries)} queries, {sum(ms for ms, _ in queries):.1f} ms in the database:")
    for ms, sql in sorted(queries, reverse=True):
        print(f"  {ms:7.1f} ms  {sql[:160]}")
    if options.plain:
        return
    print()
    pstats.Stats(profile).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(options.top)


if __name__ == "__main__":
    main()

"""The real server when its database fails (issue 10, finding 4): with
PostgreSQL behind a TCP proxy that the test cuts and restores (loopback
only, a few requests each way), the portal answers only its own 503 with
Retry-After while the database is down or silent, writes nothing half,
and serves again by itself on the first request after it is back."""

import os
import time

import psycopg2
import pytest

from tests.serving.gunicorn_server import gunicorn, redis_is_up
from tests.serving.postgres import fresh_database, postgres_is_up
from tests.serving.signup_client import request, signup_body, signup_page
from tests.serving.tcp_proxy import FaultyProxy

pytestmark = [
    pytest.mark.skipif(
        not redis_is_up() and os.environ.get("CI") != "true", reason="needs Redis on 127.0.0.1:6379 (CI has it)"
    ),
    pytest.mark.skipif(not postgres_is_up(), reason="needs PostgreSQL on 127.0.0.1:5432"),
]


def _timed(base_url, method, path, **kwargs):
    started = time.monotonic()
    status, headers, _body = request(base_url, method, path, **kwargs)
    return status, dict(headers), time.monotonic() - started


def _stored(url):
    with psycopg2.connect(url) as db, db.cursor() as cursor:
        cursor.execute("SELECT organisation_name FROM buyers_signuprequest ORDER BY organisation_name")
        names = [row[0] for row in cursor.fetchall()]
    db.close()
    return names


def test_the_portal_answers_503_while_its_database_is_down_or_silent_and_recovers_by_itself(tmp_path):
    proxy = FaultyProxy(("127.0.0.1", 5432))
    database = f"bw_fault_{os.getpid()}"
    try:
        with fresh_database(database) as direct_url:
            url = f"postgres://postgres@127.0.0.1:{proxy.port}/{database}"
            with gunicorn(tmp_path, workers=2, redis_db=12, database_url=url) as (base_url, env):
                csrf, headers = signup_page(base_url)

                def signup(n, visitor):
                    body = signup_body(csrf=csrf, secret_key=env["DJANGO_SECRET_KEY"], n=n)
                    return _timed(base_url, "POST", "/signup/", body=body, headers=headers, visitor=visitor)

                # Before: pages answer and signups are kept (connections kept open).
                assert [_timed(base_url, "GET", "/partners/")[0] for _ in range(4)] == [200] * 4
                acknowledged = [n for n in range(3) if signup(n, f"198.19.0.{n + 1}")[0] == 302]
                assert acknowledged == [0, 1, 2]

                # Down: the database refuses; every answer is the portal's 503, at once.
                proxy.refuse()
                during = [_timed(base_url, "GET", "/partners/") for _ in range(4)]
                during += [signup(100 + n, f"198.19.1.{n + 1}") for n in range(3)]
                assert [status for status, _h, _s in during] == [503] * len(during)
                assert all(h.get("Retry-After") == "30" for _s, h, _t in during)
                assert all(seconds < 5 for _s, _h, seconds in during)

                # Silent: the database accepts and never answers; no request hangs
                # past the connect timeout.
                proxy.silence()
                silent = [_timed(base_url, "GET", "/partners/") for _ in range(2)]
                assert [status for status, _h, _s in silent] == [503, 503]
                assert all(seconds < 15 for _s, _h, seconds in silent)

                # Back: the first request after recovery succeeds, on every worker.
                proxy.restore()
                assert [_timed(base_url, "GET", "/partners/")[0] for _ in range(4)] == [200] * 4
                assert signup(200, "198.19.2.1")[0] == 302

            # Every acknowledged signup is there; none sent during the outage is.
            assert _stored(direct_url) == sorted(f"Flood Brand {n}" for n in (0, 1, 2, 200))
    finally:
        proxy.close()

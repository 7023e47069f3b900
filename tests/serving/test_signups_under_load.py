"""A bounded load of signups against the real server (issue 10, build
item 8): a few hundred signups from several concurrent clients, on SQLite
and on PostgreSQL, with some forms sent twice; none is lost and none is
stored twice. Loopback only."""

import os
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import psycopg2
import pytest

from betterwork_portal.public import constants
from tests.serving.gunicorn_server import gunicorn, redis_is_up
from tests.serving.postgres import fresh_database, postgres_is_up
from tests.serving.signup_client import form_token, request, signup_body, signup_page

pytestmark = pytest.mark.skipif(
    not redis_is_up() and os.environ.get("CI") != "true", reason="needs Redis on 127.0.0.1:6379 (CI has it)"
)

VISITORS = 60  # each sends the rate limit's worth, so none is refused
CLIENTS = 8


def _load(base_url, env):
    """Send every visitor's signups, a tenth of the forms twice (a double
    click). Return the statuses, and how many distinct forms were sent."""
    csrf, headers = signup_page(base_url)
    sendings = []
    for visitor in range(VISITORS):
        for n in range(constants.SIGNUP_RATE_LIMIT):
            token = form_token(env["DJANGO_SECRET_KEY"])
            body = signup_body(csrf=csrf, secret_key=env["DJANGO_SECRET_KEY"], n=visitor * 100 + n, token=token)
            sendings.append((f"198.18.{visitor // 250}.{visitor % 250 + 1}", body))
    forms = len(sendings)
    sendings += sendings[::10]

    def send(sending):
        visitor, body = sending
        return request(base_url, "POST", "/signup/", body=body, headers=headers, visitor=visitor)[0]

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        statuses = list(pool.map(send, sendings))
    return statuses, forms


def test_signups_under_load_on_sqlite_are_each_stored_once(tmp_path):
    with gunicorn(tmp_path, workers=4, redis_db=14) as (base_url, env):
        statuses, forms = _load(base_url, env)
    with sqlite3.connect(tmp_path / "portal.sqlite3") as db:
        stored, keys = db.execute(
            "SELECT count(*), count(DISTINCT submission_key) FROM buyers_signuprequest"
        ).fetchone()
    assert set(statuses) == {302}
    assert (stored, keys) == (forms, forms)


@pytest.mark.skipif(not postgres_is_up(), reason="needs PostgreSQL on 127.0.0.1:5432")
def test_signups_under_load_on_postgres_are_each_stored_once(tmp_path):
    with fresh_database(f"bw_load_{os.getpid()}") as url:
        with gunicorn(tmp_path, workers=4, redis_db=13, database_url=url) as (base_url, env):
            statuses, forms = _load(base_url, env)
        with psycopg2.connect(url) as db, db.cursor() as cursor:
            cursor.execute("SELECT count(*), count(DISTINCT submission_key) FROM buyers_signuprequest")
            stored, keys = cursor.fetchone()
        db.close()
    assert set(statuses) == {302}
    assert (stored, keys) == (forms, forms)

"""The signup rate limit holds across worker processes (issue 10, finding
1): gunicorn with four workers sharing Redis lets exactly the documented
five signups an hour through from one visitor. Loopback only, bounded."""

import http.client
import os
import re
import secrets
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import signing

from betterwork_portal.public import constants
from tests.serving.gunicorn_server import gunicorn, redis_is_up

pytestmark = pytest.mark.skipif(
    not redis_is_up() and os.environ.get("CI") != "true", reason="needs Redis on 127.0.0.1:6379 (CI has it)"
)

POSTS = 24
VISITOR = "203.0.113.7"


def _request(base_url, method, path, *, body=None, headers=()):
    parts = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        # As the TLS proxy in front of production would send it.
        connection.request(
            method,
            path,
            body=body,
            headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": VISITOR, **dict(headers)},
        )
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read().decode()
    finally:
        connection.close()


def _signup_body(*, csrf: str, secret_key: str, n: int) -> str:
    token = signing.dumps(
        {"k": secrets.token_urlsafe(24), "t": time.time() - 60}, key=secret_key, salt=constants.SIGNUP_FORM_SALT
    )
    return urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": csrf,
            "organisation_name": f"Flood Brand {n}",
            "headquarters_country": "DE",
            "contact_name": "Alex Morgan",
            "contact_email": f"alex{n}@flood.example",
            "requested_scheme": "participant",
            "data_use_consent": "on",
            "form_token": token,
            "factories-TOTAL_FORMS": "0",
            "factories-INITIAL_FORMS": "0",
            "factories-MIN_NUM_FORMS": "0",
            "factories-MAX_NUM_FORMS": "30",
        }
    )


def test_the_signup_rate_limit_is_counted_once_across_four_workers(tmp_path):
    with gunicorn(tmp_path, workers=4) as (base_url, env):
        status, headers, page = _request(base_url, "GET", "/signup/")
        assert status == 200
        csrf_cookie = next(
            v.split(";")[0].split("=", 1)[1] for k, v in headers if k == "Set-Cookie" and v.startswith("csrftoken=")
        )
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        post_headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie}",
            "Referer": f"https://{urllib.parse.urlsplit(base_url).netloc}/signup/",
        }

        def post(n):
            body = _signup_body(csrf=csrf, secret_key=env["DJANGO_SECRET_KEY"], n=n)
            return _request(base_url, "POST", "/signup/", body=body, headers=post_headers)[0]

        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(post, range(POSTS)))

    assert sorted(statuses) == [302] * constants.SIGNUP_RATE_LIMIT + [429] * (POSTS - constants.SIGNUP_RATE_LIMIT)

"""The signup rate limit holds across worker processes (issue 10, finding
1): gunicorn with four workers sharing Redis lets exactly the documented
five signups an hour through from one visitor. Loopback only, bounded."""

import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from betterwork_portal.public import constants
from tests.serving.gunicorn_server import gunicorn, redis_is_up
from tests.serving.signup_client import request, signup_body, signup_page

pytestmark = pytest.mark.skipif(
    not redis_is_up() and os.environ.get("CI") != "true", reason="needs Redis on 127.0.0.1:6379 (CI has it)"
)

POSTS = 24


def test_the_signup_rate_limit_is_counted_once_across_four_workers(tmp_path):
    with gunicorn(tmp_path, workers=4) as (base_url, env):
        csrf, post_headers = signup_page(base_url)

        def post(n):
            body = signup_body(csrf=csrf, secret_key=env["DJANGO_SECRET_KEY"], n=n)
            return request(base_url, "POST", "/signup/", body=body, headers=post_headers)[0]

        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(post, range(POSTS)))

    assert sorted(statuses) == [302] * constants.SIGNUP_RATE_LIMIT + [429] * (POSTS - constants.SIGNUP_RATE_LIMIT)

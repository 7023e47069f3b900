"""A visitor of the real server: the signup page and its POST, as a
browser behind the production TLS proxy sends them."""

import http.client
import re
import secrets
import time
import urllib.parse

from django.core import signing

from betterwork_portal.public import constants

VISITOR = "203.0.113.7"


def request(base_url, method, path, *, body=None, headers=(), visitor=VISITOR):
    parts = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        # As the TLS proxy in front of production would send it.
        connection.request(
            method,
            path,
            body=body,
            headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": visitor, **dict(headers)},
        )
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read().decode()
    finally:
        connection.close()


def form_token(secret_key: str) -> str:
    """A signup form's token, handed out a minute ago."""
    return signing.dumps(
        {"k": secrets.token_urlsafe(24), "t": time.time() - 60}, key=secret_key, salt=constants.SIGNUP_FORM_SALT
    )


def signup_page(base_url):
    """Return the CSRF cookie, the form's CSRF token and the POST headers."""
    status, headers, page = request(base_url, "GET", "/signup/")
    assert status == 200
    cookie = next(
        v.split(";")[0].split("=", 1)[1] for k, v in headers if k == "Set-Cookie" and v.startswith("csrftoken=")
    )
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return csrf, {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={cookie}",
        "Referer": f"https://{urllib.parse.urlsplit(base_url).netloc}/signup/",
    }


def signup_body(*, csrf: str, secret_key: str, n: int, token: str | None = None) -> str:
    token = token or form_token(secret_key)
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

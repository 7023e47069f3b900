"""The done page and the status link: where a signup request stands, for
whoever holds the signed link, without an account."""

import html
import re

import pytest
from django.core import signing
from django.urls import reverse

from betterwork_portal.public import constants as public_constants
from buyers import constants
from buyers.models import SignupRequest
from buyers.selectors import signup_status_token
from tests.factories import BuyerFactory, SignupRequestFactory, UserFactory

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def status_url(signup_request) -> str:
    return reverse("public:signup_status", args=[signup_status_token(signup_request=signup_request)])


STATUSES = [
    (SignupRequest.Status.NEW, {}, "Received: waiting for review"),
    (SignupRequest.Status.ACCEPTED, {"buyer": True}, "Accepted"),
    (SignupRequest.Status.DUPLICATE, {"buyer": True}, "Already known to us"),
    (SignupRequest.Status.REJECTED, {"rejection_reason": "We could not confirm the organisation."}, "Not accepted"),
]


@pytest.mark.parametrize(("status", "extra", "heading"), STATUSES, ids=[s[0] for s in STATUSES])
def test_signup_status_page_says_where_the_request_stands(client, status, extra, heading):
    if extra.pop("buyer", False):
        extra["buyer"] = BuyerFactory()
    signup = SignupRequestFactory(status=status, **extra)

    response = client.get(status_url(signup))

    assert response.status_code == 200
    assert f"{heading}" in page_text(response)
    assert signup.reference in page_text(response)


def test_signup_status_page_shows_the_rejection_reason(client):
    signup = SignupRequestFactory(
        status=SignupRequest.Status.REJECTED, rejection_reason="We could not confirm the organisation."
    )

    response = client.get(status_url(signup))

    assert "The reason given: We could not confirm the organisation." in page_text(response)


def test_signup_status_page_never_shows_internal_notes_or_staff(client):
    buyer = BuyerFactory(name="Existing Brand Ltd", notes="Internal: do not partner before the audit closes.")
    staff = UserFactory(staff=True, username="jo.staff", first_name="Jo", last_name="Staff")
    signup = SignupRequestFactory(
        status=SignupRequest.Status.DUPLICATE, buyer=buyer, possible_duplicate_of=buyer, decided_by=staff
    )

    text = page_text(client.get(status_url(signup)))

    assert "Internal" not in text
    assert "Existing Brand Ltd" not in text
    assert "jo.staff" not in text
    assert "Jo Staff" not in text


def test_signup_status_page_follows_a_decision(client):
    signup = SignupRequestFactory()
    url = status_url(signup)
    assert "Received: waiting for review" in page_text(client.get(url))

    SignupRequest.objects.filter(pk=signup.pk).update(
        status=SignupRequest.Status.REJECTED, rejection_reason="Not an apparel buyer."
    )

    assert "Not an apparel buyer." in page_text(client.get(url))


FORGED = [
    ("garbage", "not-a-token"),
    ("unsigned reference", "BW-2026-000001"),
    ("wrong signature", lambda s: signup_status_token(signup_request=s)[:-3] + "abc"),
    ("other salt", lambda s: signing.dumps(s.reference, salt=public_constants.SIGNUP_FORM_SALT)),
    ("signed non-string", lambda s: signing.dumps({"ref": s.reference}, salt=constants.SIGNUP_STATUS_SALT)),
    ("unknown reference", lambda s: signing.dumps("BW-1999-999999", salt=constants.SIGNUP_STATUS_SALT)),
    ("very long", "A" * 5000),
]


@pytest.mark.parametrize("view", ["public:signup_status", "public:signup_done"])
@pytest.mark.parametrize(("case", "token"), FORGED, ids=[f[0] for f in FORGED])
def test_signup_forged_link_gets_a_friendly_not_valid_page(client, view, case, token):
    signup = SignupRequestFactory(reference="BW-2026-000001")
    if callable(token):
        token = token(signup)

    response = client.get(reverse(view, args=[token]))

    assert response.status_code == 404
    assert "This link is not valid" in page_text(response)


def test_signup_done_page_shows_reference_and_working_status_link(client):
    signup = SignupRequestFactory()
    token = signup_status_token(signup_request=signup)

    response = client.get(reverse("public:signup_done", args=[token]))

    text = page_text(response)
    assert signup.reference in text
    link = "http://testserver" + reverse("public:signup_status", args=[token])
    assert f'href="{link}"' in response.content.decode()
    assert client.get(link).status_code == 200


def test_signup_status_token_is_not_the_reference(client):
    signup = SignupRequestFactory(reference="BW-2026-000123")

    token = signup_status_token(signup_request=signup)

    assert "BW-2026-000123" not in token
    assert len(token) > 40

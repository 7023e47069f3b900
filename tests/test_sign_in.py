"""Staff sign-in (issue 10, finding 2): repeated wrong passwords pause a
username from the address that tried them, at both sign-in pages; a
staff session ends after an idle hour; a password reset never says which
emails exist."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.utils import timezone

from betterwork_portal.middleware import LAST_SEEN
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db]

PASSWORD = "correct horse battery staple"
LOGIN_PAGES = ["/accounts/login/", "/admin/login/"]


@pytest.fixture(autouse=True)
def lockout(settings):
    settings.AXES_ENABLED = True


def _sign_in(page, username, password, address="198.51.100.7"):
    client = Client(REMOTE_ADDR=address)
    response = client.post(page, {"username": username, "password": password})
    return response


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_the_right_password_after_repeated_failures_does_not_sign_in(page, settings):
    UserFactory(staff=True, username="focal.point")
    statuses = [_sign_in(page, "focal.point", "wrong").status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
    # The form says "wrong password" until the limit, which pauses sign-in.
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    response = _sign_in(page, "focal.point", PASSWORD)
    assert response.status_code == 429
    assert "Sign-in is paused for this account" in response.content.decode()


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_one_attacker_cannot_lock_the_owner_out_from_elsewhere(page, settings):
    UserFactory(staff=True, username="focal.point")
    for _ in range(settings.AXES_FAILURE_LIMIT + 5):
        _sign_in(page, "focal.point", "wrong", address="203.0.113.66")
    response = _sign_in(page, "focal.point", PASSWORD, address="198.51.100.7")
    assert response.status_code == 302


def test_fewer_failures_than_the_limit_still_sign_in(settings):
    UserFactory(staff=True, username="focal.point")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in("/accounts/login/", "focal.point", "wrong")
    assert _sign_in("/accounts/login/", "focal.point", PASSWORD).status_code == 302


def test_a_staff_session_slides_and_ends_after_an_idle_hour(settings):
    UserFactory(staff=True, username="focal.point", permissions=["buyers.view_buyer"])
    client = Client()
    client.post("/accounts/login/", {"username": "focal.point", "password": PASSWORD})
    key = client.session.session_key
    assert settings.SESSION_COOKIE_AGE == 60 * 60

    # Fifty idle minutes later, a request starts the hour again ...
    session = client.session
    session[LAST_SEEN] -= 50 * 60
    session.save()
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + datetime.timedelta(minutes=10))
    assert client.get("/dashboard/").status_code == 200
    assert Session.objects.get(pk=key).expire_date > timezone.now() + datetime.timedelta(minutes=59)

    # ... and after a whole idle hour the session is gone.
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/dashboard/").status_code == 302


def test_a_password_reset_answers_the_same_for_known_and_unknown_emails(client):
    UserFactory(staff=True, username="focal.point", email="focal.point@betterwork.test")
    known = client.post("/accounts/password_reset/", {"email": "focal.point@betterwork.test"})
    unknown = client.post("/accounts/password_reset/", {"email": "nobody@betterwork.test"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [message.to for message in mail.outbox] == [["focal.point@betterwork.test"]]

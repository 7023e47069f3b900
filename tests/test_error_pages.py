"""The portal's own error pages (issue 10, findings 4 and 6): a missing page
says where to go, an unexpected error is the portal's page, and a database
that is down or hung answers 503 with Retry-After, never a bare 500."""

import pytest
from django.db import OperationalError
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_browser():
    """A client that gets the response a person would, not the exception."""
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(staff=True, permissions=["buyers.view_buyer"]))
    return client


def test_a_missing_page_is_the_portals_own(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "This page does not exist" in response.content.decode()
    assert 'href="/partners/"' in response.content.decode()


def test_a_database_out_of_reach_answers_503_with_retry_after(staff_browser, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr("betterwork_portal.dashboard.views.overview.buyer_counts", unreachable)
    response = staff_browser.get("/dashboard/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "back in a moment" in response.content.decode()


def test_any_other_error_is_the_portals_own_500(staff_browser, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("betterwork_portal.dashboard.views.overview.buyer_counts", broken)
    response = staff_browser.get("/dashboard/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert "Retry-After" not in response

"""The buyer list keeps its rendered rows in the cache until the data
changes (issue 14; betterwork_portal/cached_pages.py): a second visit reads
them from there, a visit after a committed write sees the write, and each
address, day and set of permissions has rows of its own."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import BuyerFactory, UserFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the version's triggers are PostgreSQL's"),
    # serialized_rollback restores the catalogues the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
URL = "/dashboard/buyers/"


def _visit(client, url=URL):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    # The sign-out form's CSRF token is the one part of the page that is
    # each visit's own, and it lies outside the kept rows.
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return page, len(queries)


def test_a_second_visit_reads_the_buyer_list_from_the_cache(staff_client):
    BuyerFactory.create_batch(3, partner=True)
    first, computed = _visit(staff_client)
    second, cached = _visit(staff_client)
    assert second == first
    # The kept HTML is marked safe, not escaped into the page as text.
    assert "&lt;table" not in second
    assert '<table class="table table-hover align-middle buyer-table">' in second
    # What is left is the sign-in and the version, not the figures.
    assert cached < computed - 5


def test_the_buyer_list_shows_a_buyer_renamed_since_the_last_visit(staff_client):
    buyer = BuyerFactory(name="Old Name Apparel")
    _visit(staff_client)
    buyer.name = "New Name Apparel"
    buyer.save()
    content, _ = _visit(staff_client)
    assert "New Name Apparel" in content
    assert "Old Name Apparel" not in content


def test_each_search_has_rows_of_its_own(staff_client):
    BuyerFactory(name="Alpha Apparel")
    BuyerFactory(name="Beta Brands")
    _visit(staff_client)
    content, _ = _visit(staff_client, f"{URL}?q=Beta")
    assert "Beta Brands" in content
    assert "Alpha Apparel" not in content


def test_staff_who_may_not_export_never_see_the_download_kept_for_those_who_may(staff_client):
    BuyerFactory()
    exporter_view, _ = _visit(staff_client)
    assert "Download CSV" in exporter_view
    viewer = Client()
    viewer.force_login(UserFactory(staff=True, username="viewer", permissions=["buyers.view_buyer"]))
    viewer_view, _ = _visit(viewer)
    assert "Download CSV" not in viewer_view


def test_the_buyer_list_is_rendered_afresh_on_a_new_day(staff_client, monkeypatch):
    BuyerFactory()
    _visit(staff_client)
    _, cached = _visit(staff_client)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr("betterwork_portal.dashboard.views.buyers.timezone.localdate", lambda: tomorrow)
    _, next_day = _visit(staff_client)
    # The rows' figures are read again (the count, which does not depend
    # on the day, may still come from the cache).
    assert next_day > cached

"""Admin changelists keep their drawn rows in the cache until the data
changes (issue 14; betterwork_portal/admin/templatetags/portal_admin.py):
a second visit neither fetches nor draws them, a visit after a committed
write sees the write, and each address and set of permissions has rows of
its own."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.admin.registry import admin_url
from tests.factories import BuyerFactory, FactoryFactory, UserFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the version's triggers are PostgreSQL's"),
    # serialized_rollback restores the catalogues the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _rows(client, query="", label="buyers.buyer"):
    """Return the changelist's table of rows and the queries it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(admin_url(label, "changelist") + query)
    assert response.status_code == 200
    table = re.search(r'<table id="result_list">.*?</table>', response.content.decode(), re.S)
    assert table, "the changelist has no table of rows"
    return table.group(0), queries


def test_a_second_visit_neither_fetches_nor_draws_the_rows_again(staff_client):
    for number in range(3):
        BuyerFactory(name=f"Kept Apparel {number}")
    first, computed = _rows(staff_client)
    second, cached = _rows(staff_client)
    assert second == first
    assert second.count('">Kept Apparel') == 3
    # The rows' own query (the buyers with their checklist figures) is gone.
    assert any('FROM "buyers_buyer"' in q["sql"] and "LIMIT" not in q["sql"] for q in computed.captured_queries)
    assert len(cached) < len(computed)


def test_the_changelist_shows_a_buyer_renamed_since_the_last_visit(staff_client):
    buyer = BuyerFactory(name="Old Name Apparel")
    _rows(staff_client)
    buyer.name = "New Name Apparel"
    buyer.save()
    table, _ = _rows(staff_client)
    assert "New Name Apparel" in table
    assert "Old Name Apparel" not in table


def test_each_search_has_rows_of_its_own(staff_client):
    BuyerFactory(name="Alpha Apparel")
    BuyerFactory(name="Beta Brands")
    _rows(staff_client)
    table, _ = _rows(staff_client, "?q=Beta")
    assert "Beta Brands" in table
    assert "Alpha Apparel" not in table


def test_a_viewer_without_actions_never_sees_the_checkboxes_kept_for_an_editor(staff_client):
    FactoryFactory()
    editor_rows, _ = _rows(staff_client, label="buyers.factory")
    assert 'name="_selected_action"' in editor_rows
    viewer = Client()
    viewer.force_login(UserFactory(staff=True, username="viewer", permissions=["buyers.view_factory"]))
    viewer_rows, _ = _rows(viewer, label="buyers.factory")
    assert 'name="_selected_action"' not in viewer_rows


def test_a_second_visit_keeps_the_filters_and_their_country_choices(staff_client):
    BuyerFactory(headquarters_country="SE")
    _rows(staff_client)
    _, cached = _rows(staff_client)
    assert not any("DISTINCT" in q["sql"] and "headquarters_country" in q["sql"] for q in cached.captured_queries)


def test_the_filters_offer_a_country_first_used_since_the_last_visit(staff_client):
    BuyerFactory(headquarters_country="SE")
    first = staff_client.get(admin_url("buyers.buyer", "changelist")).content.decode()
    assert "headquarters_country=KH" not in first
    BuyerFactory(headquarters_country="KH")
    second = staff_client.get(admin_url("buyers.buyer", "changelist")).content.decode()
    assert "headquarters_country=KH" in second


def test_a_second_visit_does_not_count_the_list_again(staff_client):
    BuyerFactory.create_batch(2)
    _rows(staff_client, "?q=Apparel")
    _, cached = _rows(staff_client, "?q=Apparel")
    assert not any(q["sql"].startswith("SELECT COUNT(*)") for q in cached.captured_queries)


def test_the_count_includes_a_buyer_added_since_the_last_visit(staff_client):
    BuyerFactory.create_batch(2)
    url = admin_url("buyers.buyer", "changelist")
    assert staff_client.get(url).context["cl"].result_count == 2
    BuyerFactory()
    assert staff_client.get(url).context["cl"].result_count == 3

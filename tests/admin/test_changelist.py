"""The admin's changelists: a page knows how many rows it holds from the
count, without fetching them (betterwork_portal/admin/changelist.py); the
table is counted once; the filters ask only the buyer table."""

import pytest
from django.contrib.admin.views.main import PAGE_VAR
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.admin.registry import admin_url
from tests.factories import BuyerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_selection_note_counts_the_rows_of_the_last_page(staff_client):
    BuyerFactory.create_batch(103)
    response = staff_client.get(admin_url("buyers.buyer", "changelist"), {PAGE_VAR: 2})
    assert response.status_code == 200
    assert response.context["selection_note"] == "0 of 3 selected"
    assert response.content.decode().count('name="_selected_action"') == 3


def test_the_selection_note_counts_every_row_of_a_list_on_one_page(staff_client):
    BuyerFactory.create_batch(4)
    response = staff_client.get(admin_url("buyers.buyer", "changelist"))
    assert response.context["selection_note"] == "0 of 4 selected"
    assert len(list(response.context["cl"].result_list)) == 4


@pytest.mark.parametrize("label", ["buyers.buyer", "buyers.sourcing", "buyers.factory"])
def test_a_changelist_counts_its_rows_once(staff_client, label):
    # Lists with history (buyers, sourcing) too: each count of 160,000
    # sourcings is 12 ms at the large size.
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(admin_url(label, "changelist"))
    assert response.status_code == 200
    assert sum(q["sql"].startswith("SELECT COUNT(*)") for q in queries.captured_queries) == 1


def test_the_focal_point_filter_lists_only_focal_points_with_buyers(staff_client):
    BuyerFactory(focal_point=UserFactory(staff=True, username="has.buyers", first_name="Has", last_name="Buyers"))
    UserFactory(staff=True, username="no.buyers", first_name="No", last_name="Buyers")
    content = staff_client.get(admin_url("buyers.buyer", "changelist")).content.decode()
    assert "Has Buyers" in content or "has.buyers" in content
    assert "no.buyers" not in content and "No Buyers" not in content

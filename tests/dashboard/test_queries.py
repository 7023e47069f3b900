"""Every dashboard page runs the same number of queries, whatever the size
of the programme, and none more than twenty-eight (on PostgreSQL two more:
the data's versions a page and the buyer's standing are kept under)."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.dashboard.builders import build_programme

pytestmark = pytest.mark.django_db

MOST_QUERIES_ON_ANY_PAGE = 28 + 2 * (connection.vendor == "postgresql")
# Each page's exact count, the same at both sizes, counted on the richest path: a partner's file (its
# flags are watched), the list sorted and filtered by every select, with
# the session, the signed-in user and the user's permissions (two
# queries, read once for the access check and the page) included.
PAGE_QUERIES = {
    # Coverage is two grouped counts, not an EXISTS per factory; the
    # interactions per month and the partners without a quarterly call one each;
    # the ids of the participants ready to graduate, then the first 20; the
    # decisions' tier changes as rows, the latest eight as models; the
    # buyers grouped by checklist count, then each active buyer's dates; the
    # ids of the flagged partners (kept apart), those of the partners at
    # risk, then the reasons of the first eight.
    # On PostgreSQL one more: the data's versions its figures are cached under
    # (nothing is cached inside the test's transaction, which has written).
    "overview": 23 + (connection.vendor == "postgresql"),
    # The page's ids, then the figures of those buyers alone; the reasons
    # of the partners at risk among them; on PostgreSQL the data's versions
    # its rendered rows are kept under (the count inside them reads the same).
    "buyer_list": 15 + (connection.vendor == "postgresql"),
    "buyer_export": 13,
    # The supplier list history is one query; the relationship five (the
    # interactions and who and what they name), the partner's benefits and
    # review three, the interactions cited by the checklist one, the emails
    # sent to the buyer one; on PostgreSQL the data's versions the file is
    # kept under (the buyer's standing inside it reads the same).
    "buyer_detail": 28 + (connection.vendor == "postgresql"),
    # On PostgreSQL one more: the data's versions its count is kept under.
    "factory_list": 7 + (connection.vendor == "postgresql"),
    "factory_detail": 8,
}


def _url(name, partner, factory):
    if name == "buyer_detail":
        return reverse("dashboard:buyer_detail", args=[partner.pk])
    if name == "factory_detail":
        return reverse("dashboard:factory_detail", args=[factory.pk])
    url = reverse(f"dashboard:{name}")
    if name in ("buyer_list", "buyer_export"):
        programme = factory.country_programme_id
        url += (
            f"?tier=partner&status=active&programme={programme}&focal_point={partner.focal_point_id}&sort=-completion"
        )
    if name == "factory_list":
        url += f"?programme={factory.country_programme_id}&progress=improving&sourcing=any&q=Factory"
    return url


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize("name", sorted(PAGE_QUERIES))
def test_dashboard_page_queries_do_not_grow_with_the_programme(
    staff_client, fill_checklist, django_assert_num_queries, name, size
):
    partner, factory = build_programme(size, fill_checklist)
    # Exactly, not at most: the same count at 5 and at 50 rows is what
    # proves that no query runs once per row.
    with django_assert_num_queries(PAGE_QUERIES[name]) as queries:
        response = staff_client.get(_url(name, partner, factory))
        b"".join(response)  # a streamed export reads its rows as it is sent
    assert response.status_code == 200
    assert len(queries) <= MOST_QUERIES_ON_ANY_PAGE


def test_dashboard_rich_pages_really_show_many_rows(staff_client, fill_checklist):
    partner, factory = build_programme(50, fill_checklist)
    buyer_file = staff_client.get(_url("buyer_detail", partner, factory)).context
    factory_file = staff_client.get(_url("factory_detail", partner, factory)).context
    assert (
        len(buyer_file["current_sourcings"]),
        len(buyer_file["contacts"]),
        len(buyer_file["history"]),
        len(buyer_file["supplier_lists"]),
        len(buyer_file["interactions"]),
    ) == (50, 100, 20, 50, 20)
    assert len(buyer_file["flags"]) > 50
    assert (len(factory_file["assessments"]), len(factory_file["current_sourcings"])) == (50, 50)

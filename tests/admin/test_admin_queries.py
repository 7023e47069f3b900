"""Admin changelists and the buyer page run the same queries whatever the
number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.admin.registry import admin_url, factory_audit
from tests.factories import (
    AssessmentFactory,
    BuyerFactory,
    CommitmentFactory,
    CommitmentRecordFactory,
    ContactFactory,
    CountryProgrammeFactory,
    FactoryFactory,
    PartnershipDecisionFactory,
    SignupRequestFactory,
    SourcingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# Changelists and the buyer page: rows to build, and the query bound that
# must hold whatever the number of rows.


def build_buyers(size):
    for _ in range(size):
        BuyerFactory(focal_point=UserFactory(staff=True))


def build_contacts(size):
    ContactFactory.create_batch(size)


def build_factories(size):
    programmes = [CountryProgrammeFactory(country=country) for country in ("VN", "KH", "BD")]
    for i in range(size):
        FactoryFactory(country_programme=programmes[i % 3])


def build_sourcings(size):
    SourcingFactory.create_batch(size)


def build_factory_audits(size):
    for _ in range(size):
        factory_audit()


def build_assessments(size):
    AssessmentFactory.create_batch(size)


def build_signup_requests(size):
    for _ in range(size):
        SignupRequestFactory(possible_duplicate_of=BuyerFactory())


def build_commitment_records(size):
    for _ in range(size):
        CommitmentRecordFactory(changed_by=UserFactory(staff=True))


def build_commitments(size):
    parent = CommitmentFactory()
    CommitmentFactory.create_batch(size, parent=parent)


def build_partnership_decisions(size):
    PartnershipDecisionFactory.create_batch(size)


CHANGELISTS = {
    "buyers.buyer": (build_buyers, 11),
    "buyers.contact": (build_contacts, 9),
    "buyers.factory": (build_factories, 10),
    "buyers.sourcing": (build_sourcings, 10),
    "buyers.assessment": (build_assessments, 10),
    "buyers.factoryaudit": (build_factory_audits, 10),
    "buyers.signuprequest": (build_signup_requests, 9),
    "partnerships.commitmentrecord": (build_commitment_records, 10),
    "partnerships.commitment": (build_commitments, 9),
    "partnerships.partnershipdecision": (build_partnership_decisions, 9),
}
# On PostgreSQL each changelist reads the data's versions its count, its
# drawn rows and its filters are kept under, once each
# (betterwork_portal/admin/changelist.py, templates/admin/change_list.html);
# nothing is kept inside the test's transaction, which has written.
DATA_VERSION_QUERIES = 3 * (connection.vendor == "postgresql")


def buyer_with_rows(size):
    """Return a partner with *size* contacts, sourcings, checklist lines and
    decisions, each row pointing at its own factory, commitment and user."""
    buyer = BuyerFactory(partner=True, focal_point=UserFactory(staff=True))
    ContactFactory.create_batch(size, buyer=buyer)
    SourcingFactory.create_batch(size, buyer=buyer)
    for _ in range(size):
        CommitmentRecordFactory(buyer=buyer, changed_by=UserFactory(staff=True))
        PartnershipDecisionFactory(buyer=buyer)
    return buyer


# Eleven for the page and its inlines, eight for the standing its first line
# states (the eligibility verdict, and a partner's monitoring flags), two for
# the sourcing summary (its counts and first rows); on PostgreSQL the data
# versions the standing, and the drawn fields and rows, are kept under.
BUYER_PAGE_MAX_QUERIES = 21 + 2 * (connection.vendor == "postgresql")


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize("label", sorted(CHANGELISTS))
def test_admin_changelist_queries_do_not_grow_with_rows(staff_client, django_assert_max_num_queries, label, size):
    build, max_queries = CHANGELISTS[label]
    build(size)
    url = admin_url(label, "changelist")

    with django_assert_max_num_queries(max_queries + DATA_VERSION_QUERIES):
        response = staff_client.get(url)

    assert response.status_code == 200
    assert response.context["cl"].result_count >= size


@pytest.mark.parametrize("label", sorted(CHANGELISTS))
def test_admin_changelist_makes_same_queries_for_5_and_50_rows(staff_client, label):
    build, _max_queries = CHANGELISTS[label]
    url = admin_url(label, "changelist")
    staff_client.get(url)  # Warm the session and the permission cache.

    counts = []
    for size in (5, 45):
        build(size)
        with CaptureQueriesContext(connection) as queries:
            staff_client.get(url)
        counts.append(len(queries))

    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("size", [5, 50])
def test_buyer_change_page_queries_do_not_grow_with_inline_rows(staff_client, django_assert_max_num_queries, size):
    buyer = buyer_with_rows(size)
    url = admin_url("buyers.buyer", "change", buyer.pk)
    staff_client.get(url)  # Warm the content-type cache, as a running server has it.

    with django_assert_max_num_queries(BUYER_PAGE_MAX_QUERIES):
        response = staff_client.get(url)

    assert response.status_code == 200
    # Contacts, checklist lines and decisions as inline rows; the sourcing
    # in its summary, up to 15 rows.
    assert response.content.count(b'class="form-row has_original') >= 3 * size
    assert response.context["sourcing"].current == size


def test_buyer_change_page_makes_same_queries_for_5_and_50_inline_rows(staff_client):
    counts = []
    for size in (5, 50):
        buyer = buyer_with_rows(size)
        url = admin_url("buyers.buyer", "change", buyer.pk)
        staff_client.get(url)  # Warm the session and the permission cache.
        with CaptureQueriesContext(connection) as queries:
            staff_client.get(url)
        counts.append(len(queries))

    assert counts[0] == counts[1], counts

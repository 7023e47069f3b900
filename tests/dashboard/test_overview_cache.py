"""The overview keeps its figures in the cache until the data changes
(issue 14; buyers/selectors/data_version.py): a second visit reads them
from there, and a visit after any committed write sees the write. Each part
is kept under the tables it reads: a write recomputes the parts that read
its table, and only those."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnerships.models import Commitment, CommitmentRecord
from partnerships.services import record_commitment_states
from tests.factories import BuyerFactory, InteractionFactory, SourcingFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the version's triggers are PostgreSQL's"),
    # serialized_rollback restores the catalogues the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
URL = "/dashboard/"


def _visit(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return response, len(queries)


def test_a_second_visit_reads_the_overviews_figures_from_the_cache(staff_client):
    BuyerFactory.create_batch(3, partner=True)
    first, computed = _visit(staff_client)
    second, cached = _visit(staff_client)
    assert second.context["figures"] == first.context["figures"]
    assert second.context["sections"] == first.context["sections"]
    # The kept HTML is marked safe, not escaped into the page as text.
    assert "&lt;section" not in second.content.decode()
    assert 'aria-labelledby="at-risk-title"' in second.content.decode()
    # What is left is the sign-in and the version, not the figures.
    assert cached < computed - 8


def test_the_overview_shows_a_partner_added_since_the_last_visit(staff_client):
    BuyerFactory.create_batch(3, partner=True)
    _visit(staff_client)
    BuyerFactory(partner=True)
    response, _ = _visit(staff_client)
    assert response.context["figures"]["partners"] == 4


def test_staff_who_may_not_see_benefits_get_an_overview_without_the_link(staff_client, staff_user):
    _visit(staff_client)
    staff_user.user_permissions.remove(*staff_user.user_permissions.filter(codename="view_benefitdelivery"))
    response, _ = _visit(staff_client)
    assert 'href="/dashboard/benefits/"' not in response.context["sections"]


def test_the_overview_computes_its_figures_afresh_on_a_new_day(staff_client, monkeypatch):
    _visit(staff_client)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr("betterwork_portal.dashboard.views.overview.timezone.localdate", lambda: tomorrow)
    with CaptureQueriesContext(connection) as queries:
        staff_client.get(URL)
    # The calls per month end on the day; the programmes' coverage does not.
    assert _ran(queries, '"partnerships_interaction"."occurred_on"')
    assert not _ran(queries, COVERAGE_SQL)


def _ran(queries, fragment: str) -> bool:
    return any(fragment in query["sql"] for query in queries.captured_queries)


# The programmes' coverage: one grouped count over the factories
# (buyers/selectors/factories.py), which reads no call and no checklist.
COVERAGE_SQL = 'AS "any_buyer"'


def test_logging_a_call_recomputes_the_calls_but_keeps_the_coverage(staff_client):
    buyer = BuyerFactory(partner=True)
    InteractionFactory(buyer=buyer, occurred_on=timezone.localdate())
    first, _ = _visit(staff_client)
    InteractionFactory(buyer=buyer, occurred_on=timezone.localdate())
    with CaptureQueriesContext(connection) as queries:
        second = staff_client.get(URL)
    assert second.context["interactions_total"] == first.context["interactions_total"] + 1
    assert not _ran(queries, COVERAGE_SQL)


def test_a_checklist_change_recomputes_the_completion_but_keeps_the_coverage(staff_client, fill_checklist):
    buyer = BuyerFactory(partner=True)
    first, _ = _visit(staff_client)
    fill_checklist(buyer)
    with CaptureQueriesContext(connection) as queries:
        second = staff_client.get(URL)
    # The completion chart moves the partner to a full checklist.
    assert second.context["sections"] != first.context["sections"]
    assert not _ran(queries, COVERAGE_SQL)


def test_a_new_sourcing_recomputes_the_coverage(staff_client):
    buyer = BuyerFactory(partner=True)
    _visit(staff_client)
    SourcingFactory(buyer=buyer)
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(URL)
    assert _ran(queries, COVERAGE_SQL)
    assert sum(programme.partner_sourced_count for programme in response.context["programmes"]) == 1


# The tier mix reads every change of tier.
TIER_MIX_SQL = '"partnerships_partnershipdecision"."from_tier"'


def _tested_every_partners_flags(queries) -> bool:
    # The ids of the flagged partners, each ended sourcing's factory judged
    # as assessed by its end (the reasons of the eight named read theirs).
    return any(
        query["sql"].startswith('SELECT "buyers_buyer"."id" AS "pk"') and '"buyers_assessment"' in query["sql"]
        for query in queries.captured_queries
    )


def test_a_checklist_change_through_its_service_recomputes_the_checklist_figures_alone(staff_client, staff_user):
    buyer = BuyerFactory(partner=True)
    first, _ = _visit(staff_client)
    # The service counts a change of the buyer too (its version), which
    # is not a change of anything the overview shows.
    record_commitment_states(
        buyer=buyer,
        commitments=Commitment.objects.filter(level=Commitment.Level.REQUIRED),
        state=CommitmentRecord.State.VERIFIED,
        changed_by=staff_user,
    )

    with CaptureQueriesContext(connection) as queries:
        second = staff_client.get(URL)

    full = second.context["overview"].completion[-1]
    assert (full.partners, first.context["overview"].completion[-1].partners) == (1, 0)
    assert not _ran(queries, COVERAGE_SQL)
    assert not _ran(queries, TIER_MIX_SQL)
    assert not _tested_every_partners_flags(queries)

"""Decide partnership keeps what it reads of a buyer (its standing, the
checklist table, the decision history) under the data's versions (issue 14;
partnerships/selectors/standing.py, the decide template's kept parts): a
second visit reads them from the cache, and a decision or a checklist
change shows on the next visit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import CommitmentRecord
from partnerships.services import record_commitment_states
from tests.factories import BuyerFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the version's triggers are PostgreSQL's"),
    # serialized_rollback restores the catalogues the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
State = CommitmentRecord.State


def _visit(client, buyer):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:buyers_buyer_decide", args=[buyer.pk]))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_second_visit_reads_the_standing_from_the_cache(staff_client, fill_checklist):
    buyer = fill_checklist(BuyerFactory())
    first, computed = _visit(staff_client, buyer)
    second, cached = _visit(staff_client, buyer)
    assert "Ready to graduate" in second
    assert cached < computed - 3


def test_a_decision_shows_on_the_next_visit(staff_client, fill_checklist):
    buyer = fill_checklist(BuyerFactory(name="Fjord Apparel"))
    _visit(staff_client, buyer)
    staff_client.post(
        reverse("admin:buyers_buyer_decide", args=[buyer.pk]),
        {"action": "decide", "outcome": "approved", "rationale": "Signed letter.", "expected_tier": "participant"},
    )
    page, _ = _visit(staff_client, buyer)
    assert "Now a <strong>partner</strong>" in page
    assert "Signed letter." in page
    assert "No decision has been recorded" not in page


def test_a_breach_recorded_since_the_last_visit_shows(staff_client, staff_user, fill_checklist):
    buyer = fill_checklist(BuyerFactory())
    before, _ = _visit(staff_client, buyer)
    assert "Ready to graduate" in before
    record = CommitmentRecord.objects.filter(buyer=buyer, commitment__level="required").first()
    record_commitment_states(buyer=buyer, commitments=[record.commitment], state=State.BREACHED, changed_by=staff_user)
    after, _ = _visit(staff_client, buyer)
    assert "Not eligible for partnership" in after
    assert "Ready to graduate" not in after

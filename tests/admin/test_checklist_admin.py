"""Checklist lines edited in the admin go through record_commitment_states,
so who changed a line, and when, is always recorded."""

import pytest
from django.urls import reverse

from buyers.services import page_version
from partnerships.models import Commitment, CommitmentRecord
from tests.factories import BuyerFactory, CommitmentRecordFactory

pytestmark = pytest.mark.django_db


def test_commitment_record_admin_change_records_who_changed_it(staff_client, staff_user):
    record = CommitmentRecordFactory(state=CommitmentRecord.State.NOT_YET, changed_by=None)
    response = staff_client.post(
        reverse("admin:partnerships_commitmentrecord_change", args=[record.pk]),
        {
            "buyer": record.buyer.pk,
            "commitment": record.commitment.pk,
            "state": "verified",
            "evidence": "Saw the signed letter.",
            "source": "signed_agreement",
            "review_by": "",
            "page_version": page_version(buyer=record.buyer),
        },
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.state, record.changed_by) == ("verified", staff_user)
    assert record.history.count() == 2


def test_commitment_record_admin_add_creates_line_through_service(staff_client, staff_user):
    buyer = BuyerFactory()
    commitment = Commitment.objects.get(code="governance")
    response = staff_client.post(
        reverse("admin:partnerships_commitmentrecord_add"),
        {
            "buyer": buyer.pk,
            "commitment": commitment.pk,
            "state": "affirmed",
            "evidence": "",
            "source": "call_note",
            "review_by": "",
        },
    )
    assert response.status_code == 302
    record = CommitmentRecord.objects.get(buyer=buyer, commitment=commitment)
    assert (record.state, record.source, record.changed_by) == ("affirmed", "call_note", staff_user)

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


def test_retiring_a_commitment_on_its_admin_page_changes_who_is_eligible(staff_client, fill_checklist):
    from partnerships.selectors import buyers_with_eligibility

    buyer = fill_checklist(BuyerFactory(), engage_suppliers=CommitmentRecord.State.BREACHED)
    assert not buyers_with_eligibility().get(pk=buyer.pk).is_eligible
    commitment = Commitment.objects.get(code="engage-suppliers")

    response = staff_client.post(
        reverse("admin:partnerships_commitment_change", args=[commitment.pk]),
        {
            "code": commitment.code,
            "title": commitment.title,
            "pledge": commitment.pledge,
            "parent": "",
            "level": commitment.level,
            "position": commitment.position,
            # is_active left out: the box unticked.
        },
    )

    assert response.status_code == 302
    assert buyers_with_eligibility().get(pk=buyer.pk).is_eligible

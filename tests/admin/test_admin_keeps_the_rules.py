"""The admin cannot walk around the checklist's rules (issue 9, findings
3 to 7): every write goes through its service, which checks the
permission; a refusal is said beside its field, never a 500."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from buyers.services import page_version
from partnerships.models import Commitment, CommitmentRecord
from partnerships.services import record_commitment_states
from tests.admin.form_data import change_form_data
from tests.admin.registry import admin_url
from tests.factories import BuyerFactory, CommitmentRecordFactory, UserFactory

pytestmark = pytest.mark.django_db

State = CommitmentRecord.State


def _record_page_data(record, **fields):
    return {
        "buyer": record.buyer.pk,
        "commitment": record.commitment.pk,
        "state": State.VERIFIED,
        "evidence": "Saw the signed letter.",
        "source": "signed_agreement",
        "review_by": "",
        "page_version": page_version(buyer=record.buyer),
    } | fields


def test_saving_a_line_of_a_retired_commitment_on_its_page_is_refused_beside_the_form(staff_client):
    # Finding 3: a 500 before.
    record = CommitmentRecordFactory(state=State.NOT_YET)
    Commitment.objects.filter(pk=record.commitment_id).update(is_active=False)

    response = staff_client.post(
        admin_url("partnerships.commitmentrecord", "change", record.pk), _record_page_data(record)
    )

    assert response.status_code == 200
    assert "Retired commitments cannot be recorded" in str(response.context["adminform"].form.errors)
    record.refresh_from_db()
    assert record.state == State.NOT_YET


def test_adding_a_line_of_a_retired_commitment_is_refused_beside_the_commitment(staff_client):
    buyer = BuyerFactory()
    retired = Commitment.objects.get(code="engage-suppliers")
    retired.is_active = False
    retired.save()

    response = staff_client.post(
        admin_url("partnerships.commitmentrecord", "add"),
        {"buyer": buyer.pk, "commitment": retired.pk, "state": State.AFFIRMED, "source": "", "evidence": ""},
    )

    assert response.status_code == 200
    assert "Retired commitments cannot be recorded" in " ".join(
        response.context["adminform"].form.errors["commitment"]
    )
    assert not CommitmentRecord.objects.exists()


def test_saving_a_retired_line_from_the_buyer_page_is_refused_on_its_row(staff_client):
    record = CommitmentRecordFactory(state=State.NOT_YET)
    Commitment.objects.filter(pk=record.commitment_id).update(is_active=False)
    data = change_form_data(staff_client, record.buyer)
    data["commitment_records-0-state"] = State.VERIFIED

    response = staff_client.post(admin_url("buyers.buyer", "change", record.buyer.pk), data)

    assert response.status_code == 200
    (checklist,) = [f for f in response.context["inline_admin_formsets"] if f.formset.model is CommitmentRecord]
    assert "Retired commitments cannot be recorded" in str(checklist.formset.errors[0])
    record.refresh_from_db()
    assert record.state == State.NOT_YET


def test_the_commitment_of_an_existing_line_cannot_be_changed_on_its_page(staff_client):
    # Finding 4: the old line stayed and a second one was written.
    record = CommitmentRecordFactory(commitment=Commitment.objects.get(code="governance"), state=State.NOT_YET)
    other = Commitment.objects.get(code="clear-roles")

    staff_client.post(
        admin_url("partnerships.commitmentrecord", "change", record.pk),
        _record_page_data(record, commitment=other.pk),
    )

    assert list(CommitmentRecord.objects.values_list("commitment__code", "state")) == [("governance", "verified")]


def test_the_commitment_of_an_existing_line_cannot_be_changed_from_the_buyer_page(staff_client):
    record = CommitmentRecordFactory(commitment=Commitment.objects.get(code="governance"), state=State.NOT_YET)
    data = change_form_data(staff_client, record.buyer)
    data["commitment_records-0-commitment"] = str(Commitment.objects.get(code="clear-roles").pk)
    data["commitment_records-0-state"] = State.AFFIRMED

    staff_client.post(admin_url("buyers.buyer", "change", record.buyer.pk), data)

    assert list(CommitmentRecord.objects.values_list("commitment__code", "state")) == [("governance", "affirmed")]


def test_checklist_lines_cannot_be_deleted_from_their_admin(admin_client_):
    # Finding 5.
    record = CommitmentRecordFactory()

    page = admin_client_.get(admin_url("partnerships.commitmentrecord", "delete", record.pk))
    admin_client_.post(admin_url("partnerships.commitmentrecord", "delete", record.pk), {"post": "yes"})
    changelist = admin_client_.get(admin_url("partnerships.commitmentrecord", "changelist"))

    assert page.status_code == 403
    assert CommitmentRecord.objects.filter(pk=record.pk).exists()
    assert 'value="delete_selected"' not in changelist.content.decode()


def test_signup_requests_cannot_be_added_by_hand_with_an_outcome(staff_client):
    # Finding 6: status accepted and a buyer could be typed in.
    buyer = BuyerFactory()
    response = staff_client.post(
        reverse("admin:buyers_signuprequest_add"),
        {"organisation_name": "Typed In", "status": "accepted", "buyer": buyer.pk},
    )
    assert response.status_code == 403


def test_record_commitment_states_checks_the_permission_itself():
    # Finding 7: only the admin view checked it.
    buyer = BuyerFactory()
    viewer = UserFactory(staff=True, permissions=["partnerships.view_commitmentrecord"])

    with pytest.raises(PermissionDenied):
        record_commitment_states(
            buyer=buyer, commitments=Commitment.objects.all(), state=State.AFFIRMED, changed_by=viewer
        )
    assert not CommitmentRecord.objects.exists()

"""The partner rule at the door of the signup form: which commitments are
missing, and the Participant scheme offered instead."""

import pytest

from buyers.models import SignupRequest
from partnerships.models import Commitment
from tests.factories import signup_form_data
from tests.public.signup_page import SIGNUP_URL, error_next_to, form_top, required_titles

pytestmark = pytest.mark.django_db


# The partner rule at the door.


def test_signup_partner_without_commitments_is_refused_listing_every_missing_one(client):
    response = client.post(SIGNUP_URL, signup_form_data(requested_scheme="partner"))

    summary = form_top(response)
    assert "To join as a Partner, every required commitment must be affirmed" in summary
    for title in required_titles():
        assert title in summary
    assert "Apply as Participant instead" in summary
    assert SignupRequest.objects.count() == 0


def test_signup_partner_ticking_some_commitments_is_told_which_are_missing(client):
    ticked = ["spirit-and-practice", "governance", "stop-auditing", "continuous-improvement", "no-fee-charge-back"]
    response = client.post(SIGNUP_URL, signup_form_data(requested_scheme="partner", commitments=ticked))

    summary = form_top(response)
    missing = Commitment.objects.filter(level="required", is_active=True).exclude(code__in=ticked)
    for commitment in missing:
        assert commitment.title in summary
        field_id = "commitment_" + commitment.code.replace("-", "_")
        assert error_next_to(response, field_id) == "Required for the Partner scheme."
    for commitment in Commitment.objects.filter(code__in=ticked):
        assert commitment.title not in summary
    assert SignupRequest.objects.count() == 0


def test_signup_partner_does_not_need_the_encouraged_commitment(client):
    required = Commitment.objects.filter(level="required", is_active=True).values_list("code", flat=True)

    response = client.post(SIGNUP_URL, signup_form_data(requested_scheme="partner", commitments=list(required)))

    assert response.status_code == 302
    assert SignupRequest.objects.get().requested_scheme == "partner"


def test_signup_apply_as_participant_instead_keeps_every_answer(client):
    ticked = ["stop-auditing", "governance"]
    data = signup_form_data(requested_scheme="partner", commitments=ticked)
    refused = client.post(SIGNUP_URL, data)
    # The re-rendered form posts back what it shows, with the other button.
    data["form_token"] = refused.context["form"].data["form_token"]

    response = client.post(SIGNUP_URL, {**data, "apply_as": "participant"})

    assert response.status_code == 302
    signup = SignupRequest.objects.get()
    assert signup.requested_scheme == SignupRequest.Scheme.PARTICIPANT
    assert signup.organisation_name == "Northwind Outfitters"
    assert signup.affirmed_commitments == ["governance", "stop-auditing"]

"""The partner rule at the door of the signup form: which commitments are
missing, and the Participant scheme offered instead."""

import re

import pytest

from buyers.models import SignupRequest
from partnerships.models import Commitment
from tests.factories import signup_form_data
from tests.public.signup_page import SIGNUP_URL, form_top, required_labels

pytestmark = pytest.mark.django_db


# The partner rule at the door.


def test_signup_partner_without_commitments_is_refused_listing_every_missing_one(client):
    response = client.post(SIGNUP_URL, signup_form_data(requested_scheme="partner"))

    summary = form_top(response)
    assert "To join as a Partner, every required commitment must be affirmed" in summary
    for label in required_labels():
        assert label in summary
    assert "Apply as Participant instead" in summary
    assert SignupRequest.objects.count() == 0


def test_signup_partner_ticking_some_commitments_is_told_which_are_missing(client):
    ticked = ["spirit-and-practice", "governance", "stop-auditing", "continuous-improvement", "no-fee-charge-back"]
    response = client.post(SIGNUP_URL, signup_form_data(requested_scheme="partner", commitments=ticked))

    summary = form_top(response)
    missing = Commitment.objects.filter(level="required", is_active=True).exclude(code__in=ticked)
    for commitment in missing:
        assert commitment.signup_label in summary
    for commitment in Commitment.objects.filter(code__in=ticked):
        assert commitment.signup_label not in summary
    assert SignupRequest.objects.count() == 0


def test_signup_partner_missing_commitments_are_linked_from_the_summary(client):
    response = client.post(SIGNUP_URL, signup_form_data(requested_scheme="partner", commitments=["stop-auditing"]))

    page = response.content.decode()
    governance = Commitment.objects.get(code="governance")
    assert f'<li><a href="#id_commitment_governance" class="alert-link">{governance.signup_label}</a></li>' in page


def test_signup_partner_says_once_why_the_unticked_commitments_are_marked(client):
    ticked = ["spirit-and-practice", "governance", "stop-auditing", "continuous-improvement", "no-fee-charge-back"]
    response = client.post(SIGNUP_URL, signup_form_data(requested_scheme="partner", commitments=ticked))

    page = response.content.decode()
    assert page.count("Required for the Partner scheme") == 1
    assert "Required for the Partner scheme: the 5 commitments marked below are not ticked yet." in page
    marked = re.findall(r'<input [^>]*aria-describedby="commitments-problem"[^>]*>', page)
    assert len(marked) == 5
    assert all('aria-invalid="true"' in box and "is-invalid" in box for box in marked)
    assert 'id="id_commitment_stop_auditing"' in page
    assert not any('id="id_commitment_stop_auditing"' in box for box in marked)


def test_signup_partner_commitments_read_in_one_voice(client):
    """The guide's list mixes "Committing to…", "Stop auditing…" and "Not
    charging…"; the form completes "As a Buyer Partner, we will…"."""
    page = client.get(SIGNUP_URL).content.decode()
    assert "As a Buyer Partner, we will:" in page
    assert "Stop auditing factories in the Better Work programme" in page
    assert "Not charge any of the buyer fees back to factories" in page
    assert "Committing to the programme" not in page


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

"""Buyers are told (issue 12, item 6): their signup accepted or rejected
(with the reason), a partnership decision recorded; each email goes
through the mail queue and is kept with the buyer."""

import pytest
from post_office.models import Email

from partnerships.models import BuyerMessage, Commitment, CommitmentRecord
from partnerships.services import accept_signup_request, decide_partnership, reject_signup_request
from tests.factories import BuyerFactory, ContactFactory, SignupRequestFactory

pytestmark = [pytest.mark.django_db]


def test_an_accepted_signup_is_told_and_the_buyer_keeps_the_email(staff_user):
    signup = SignupRequestFactory(contact_email="asa@nordic.example", organisation_name="Nordic Threads")
    accepted = accept_signup_request(signup_request=signup, accepted_by=staff_user)
    [message] = BuyerMessage.objects.filter(buyer=accepted.buyer)
    assert (message.kind, message.to) == ("signup_accepted", "asa@nordic.example")
    assert "Welcome to Better Work" in message.email.message
    assert message.email.to == ["asa@nordic.example"]


def test_a_rejected_signup_is_told_the_reason(staff_user):
    signup = SignupRequestFactory(contact_email="asa@nordic.example")
    reject_signup_request(signup_request=signup, reason="We work with apparel buyers only.", decided_by=staff_user)
    [message] = BuyerMessage.objects.filter(signup_request=signup)
    assert message.kind == "signup_rejected"
    assert "We work with apparel buyers only." in message.email.message


def test_a_decision_is_told_to_the_liaison_without_the_staff_rationale(superuser):
    buyer = BuyerFactory(name="Nordic Threads")
    ContactFactory(buyer=buyer, email="liaison@nordic.example", is_better_work_liaison=True)
    ContactFactory(buyer=buyer, email="other@nordic.example")
    decide_partnership(
        buyer=buyer, outcome="declined", rationale="Internal: waiting on audit data.", decided_by=superuser
    )
    [message] = BuyerMessage.objects.filter(buyer=buyer, kind="decision")
    assert message.to == "liaison@nordic.example"
    body = message.email.message
    assert "cannot confirm it yet" in body
    assert Commitment.objects.filter(level="required").first().title[:30] in body
    assert "Internal: waiting on audit data." not in body


def test_an_approval_welcomes_the_partner(superuser, fill_checklist):
    buyer = fill_checklist(BuyerFactory(name="Nordic Threads"), state=CommitmentRecord.State.VERIFIED)
    ContactFactory(buyer=buyer, email="team@nordic.example")
    decide_partnership(buyer=buyer, outcome="approved", rationale="All verified.", decided_by=superuser)
    assert "Buyer Partner" in Email.objects.get(to=["team@nordic.example"]).message


def test_a_buyer_without_contacts_is_sent_nothing(superuser):
    buyer = BuyerFactory()
    decide_partnership(buyer=buyer, outcome="declined", rationale="Not yet.", decided_by=superuser)
    assert not BuyerMessage.objects.filter(buyer=buyer).exists()

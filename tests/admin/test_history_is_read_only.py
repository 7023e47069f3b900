"""Past versions can be read in the admin but never restored: a revert
would change tiers, checklists and signup outcomes behind their services."""

import datetime

import pytest
from django.urls import reverse

from buyers.models import Buyer, SignupRequest
from tests.factories import (
    BuyerFactory,
    CommitmentRecordFactory,
    FactoryAuditFactory,
    SignupRequestFactory,
    SourcingFactory,
)

pytestmark = pytest.mark.django_db


def _first_version_url(obj):
    version = obj.history.order_by("history_id").first()
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, version.history_id])


def test_buyer_history_revert_cannot_restore_partner_tier_without_a_decision(staff_client):
    buyer = BuyerFactory(partner=True)
    buyer.tier, buyer.partner_since = Buyer.Tier.PARTICIPANT, None
    buyer.save()
    response = staff_client.post(
        _first_version_url(buyer),
        {"name": buyer.name, "headquarters_country": "US", "status": "active", "joined_on": "2020-01-15"},
    )
    assert response.status_code == 403
    buyer.refresh_from_db()
    assert (buyer.tier, buyer.partner_since) == (Buyer.Tier.PARTICIPANT, None)


def test_signup_history_revert_cannot_reopen_an_accepted_request(staff_client):
    signup = SignupRequestFactory()
    signup.status, signup.buyer = SignupRequest.Status.ACCEPTED, BuyerFactory()
    signup.save()
    assert staff_client.post(_first_version_url(signup), {"possible_duplicate_of": ""}).status_code == 403
    signup.refresh_from_db()
    assert signup.status == SignupRequest.Status.ACCEPTED


@pytest.mark.parametrize(
    "make",
    [
        BuyerFactory,
        SignupRequestFactory,
        CommitmentRecordFactory,
        lambda: SourcingFactory(started_on=datetime.date(2021, 3, 1)),
        FactoryAuditFactory,
    ],
)
def test_history_version_can_still_be_read(staff_client, make):
    obj = make()
    response = staff_client.get(_first_version_url(obj))
    assert response.status_code == 200
    assert b"Revert" not in response.content

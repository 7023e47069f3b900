"""A buyer's standing, the first line of its file (issue 13, finding 3):
an at-risk partner is told so, not "Eligible for partnership"."""

import pytest

from partnerships.models import CommitmentRecord
from partnerships.selectors import buyer_eligibility, monitoring_flags
from partnerships.selectors.standing import Standing, buyer_standing
from tests.factories import BuyerFactory

pytestmark = [pytest.mark.django_db]

State = CommitmentRecord.State


def _standing(buyer):
    from buyers.models import Buyer

    flags = monitoring_flags(buyers=Buyer.objects.filter(pk=buyer.pk))
    return buyer_standing(buyer=buyer, verdict=buyer_eligibility(buyer=buyer), flags=flags)


def test_an_eligible_partner_with_a_flag_is_at_risk(fill_checklist):
    partner = fill_checklist(BuyerFactory(partner=True), state=State.VERIFIED)
    standing = _standing(partner)  # no contacts: the two missing roles are flagged
    assert (standing.kind, standing.flags) == (Standing.Kind.PARTNER_AT_RISK, 2)


def test_an_eligible_participant_is_ready_to_graduate(fill_checklist):
    assert _standing(fill_checklist(BuyerFactory(), state=State.VERIFIED)).kind == Standing.Kind.READY_TO_GRADUATE


def test_a_participant_missing_commitments_is_not_eligible():
    assert _standing(BuyerFactory()).kind == Standing.Kind.NOT_ELIGIBLE


def test_a_withdrawn_buyer_is_withdrawn_whatever_its_checklist(fill_checklist):
    buyer = fill_checklist(BuyerFactory(status="withdrawn"), state=State.VERIFIED)
    assert _standing(buyer).kind == Standing.Kind.WITHDRAWN


def test_the_file_of_an_at_risk_partner_opens_with_it(staff_client, fill_checklist):
    partner = fill_checklist(BuyerFactory(partner=True), state=State.VERIFIED)
    html = staff_client.get(f"/dashboard/buyers/{partner.pk}/").content.decode()
    first_heading = html.split('id="verdict-title"', 1)[1][:80]
    assert "⚠ Partner at risk" in first_heading
    assert "Eligible for partnership" not in html.split('id="verdict-title"', 1)[1][:400]

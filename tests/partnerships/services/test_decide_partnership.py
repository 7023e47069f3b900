import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from buyers.models import Buyer
from partnerships.models import Commitment, CommitmentRecord, PartnershipDecision
from partnerships.services import decide_partnership, decision_outcomes_for, record_commitment_states
from tests.factories import BuyerFactory, PartnershipDecisionFactory, UserFactory

pytestmark = pytest.mark.django_db

Outcome = PartnershipDecision.Outcome
State = CommitmentRecord.State


@pytest.fixture
def decider(db):
    return UserFactory(staff=True, username="decider", permissions=["partnerships.decide_partnership"])


def test_decide_partnership_approves_eligible_participant(fill_checklist, decider):
    buyer = fill_checklist(BuyerFactory())
    decision = decide_partnership(
        buyer=buyer, outcome=Outcome.APPROVED, rationale="Signed letter.", decided_by=decider
    )
    buyer.refresh_from_db()
    assert buyer.tier == Buyer.Tier.PARTNER
    assert buyer.partner_since == timezone.localdate()
    assert (decision.from_tier, decision.to_tier, decision.decided_by) == ("participant", "partner", decider)


def test_decide_partnership_refuses_ineligible_buyer_with_reasons(fill_checklist, decider):
    buyer = fill_checklist(BuyerFactory(name="Halfway Ltd"), stop_auditing=State.NOT_YET)
    with pytest.raises(ValidationError, match="Stop auditing factories in Better Work programme") as raised:
        decide_partnership(buyer=buyer, outcome=Outcome.APPROVED, rationale="Keen.", decided_by=decider)
    assert "Halfway Ltd is not eligible for partnership." in raised.value.messages
    buyer.refresh_from_db()
    assert buyer.tier == Buyer.Tier.PARTICIPANT
    assert not PartnershipDecision.objects.exists()


def test_decide_partnership_refuses_breached_buyer(fill_checklist, decider):
    buyer = fill_checklist(BuyerFactory(), no_fee_charge_back=State.BREACHED)
    with pytest.raises(ValidationError, match="Breached: Not charging back"):
        decide_partnership(buyer=buyer, outcome=Outcome.APPROVED, rationale="x", decided_by=decider)


def test_decide_partnership_downgrades_partner_and_clears_partner_since(fill_checklist, decider):
    buyer = fill_checklist(BuyerFactory(partner=True), stop_auditing=State.BREACHED)
    decide_partnership(buyer=buyer, outcome=Outcome.DOWNGRADED, rationale="Audits resumed.", decided_by=decider)
    buyer.refresh_from_db()
    assert (buyer.tier, buyer.partner_since) == (Buyer.Tier.PARTICIPANT, None)


def test_decide_partnership_decline_keeps_tier_and_records_why(decider):
    buyer = BuyerFactory()
    decision = decide_partnership(
        buyer=buyer, outcome=Outcome.DECLINED, rationale="Will not stop auditing.", decided_by=decider
    )
    buyer.refresh_from_db()
    assert buyer.tier == Buyer.Tier.PARTICIPANT
    assert decision.to_tier == Buyer.Tier.PARTICIPANT


def test_decide_partnership_reinstates_former_partner(fill_checklist, decider):
    buyer = fill_checklist(BuyerFactory(partner=True))
    decide_partnership(buyer=buyer, outcome=Outcome.DOWNGRADED, rationale="Breach.", decided_by=decider)
    decide_partnership(buyer=buyer, outcome=Outcome.REINSTATED, rationale="Remedied.", decided_by=decider)
    buyer.refresh_from_db()
    assert buyer.tier == Buyer.Tier.PARTNER


def test_decide_partnership_refuses_reinstating_a_buyer_that_never_was_partner(fill_checklist, decider):
    buyer = fill_checklist(BuyerFactory())
    with pytest.raises(ValidationError, match="Reinstate a buyer that was a partner before"):
        decide_partnership(buyer=buyer, outcome=Outcome.REINSTATED, rationale="x", decided_by=decider)


def test_decide_partnership_refuses_outcome_that_does_not_apply_to_tier(decider):
    buyer = BuyerFactory(partner=True)
    with pytest.raises(ValidationError, match="“Approved as partner” does not apply to a partner."):
        decide_partnership(buyer=buyer, outcome=Outcome.APPROVED, rationale="x", decided_by=decider)


def test_decide_partnership_refuses_withdrawn_buyer(fill_checklist, decider):
    buyer = fill_checklist(BuyerFactory(name="Gone Co", status=Buyer.Status.WITHDRAWN))
    with pytest.raises(ValidationError, match="Gone Co has withdrawn from the programme"):
        decide_partnership(buyer=buyer, outcome=Outcome.APPROVED, rationale="x", decided_by=decider)


def test_decide_partnership_requires_a_rationale(fill_checklist, decider):
    buyer = fill_checklist(BuyerFactory())
    with pytest.raises(ValidationError, match="Give the rationale for the decision."):
        decide_partnership(buyer=buyer, outcome=Outcome.APPROVED, rationale="   ", decided_by=decider)


def test_decide_partnership_refuses_user_without_permission(fill_checklist):
    buyer = fill_checklist(BuyerFactory())
    clerk = UserFactory(staff=True, username="clerk")
    with pytest.raises(PermissionDenied, match="You do not have permission to decide partnerships."):
        decide_partnership(buyer=buyer, outcome=Outcome.APPROVED, rationale="x", decided_by=clerk)
    assert not PartnershipDecision.objects.exists()


def test_decide_partnership_refuses_decision_made_on_stale_page(fill_checklist, decider):
    buyer = fill_checklist(BuyerFactory())
    decide_partnership(buyer=buyer, outcome=Outcome.APPROVED, rationale="First.", decided_by=decider)
    with pytest.raises(ValidationError, match="someone decided while this page was open"):
        decide_partnership(
            buyer=buyer, outcome=Outcome.DECLINED, rationale="Second.", decided_by=decider, expected_tier="participant"
        )


def test_decide_partnership_keeps_checklist_snapshot(fill_checklist, decider):
    buyer = fill_checklist(BuyerFactory(), state=State.VERIFIED, governance=State.AFFIRMED)
    decision = decide_partnership(buyer=buyer, outcome=Outcome.APPROVED, rationale="x", decided_by=decider)
    record_commitment_states(
        buyer=buyer, commitments=Commitment.objects.all(), state=State.BREACHED, changed_by=UserFactory(superuser=True)
    )
    decision.refresh_from_db()
    snapshot = {line["code"]: line["state"] for line in decision.checklist_snapshot}
    assert snapshot["governance"] == "affirmed"
    assert snapshot["stop-auditing"] == "verified"
    assert len(snapshot) == 11


def test_decision_outcomes_for_participant_depend_on_eligibility(fill_checklist):
    eligible = fill_checklist(BuyerFactory())
    assert decision_outcomes_for(buyer=eligible, eligible=True) == [Outcome.APPROVED, Outcome.DECLINED]
    assert decision_outcomes_for(buyer=eligible, eligible=False) == [Outcome.DECLINED]


def test_decision_outcomes_for_partner_is_downgrade():
    assert decision_outcomes_for(buyer=BuyerFactory(partner=True), eligible=True) == [Outcome.DOWNGRADED]


def test_decision_outcomes_for_former_partner_offers_reinstatement():
    buyer = BuyerFactory()
    PartnershipDecisionFactory(buyer=buyer, from_tier="partner", to_tier="participant", outcome=Outcome.DOWNGRADED)
    assert decision_outcomes_for(buyer=buyer, eligible=True) == [Outcome.DECLINED, Outcome.REINSTATED]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are proven on PostgreSQL only")
# serialized_rollback restores the catalogues the flush after this test removes.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_decide_partnership_two_staff_at_once_produce_exactly_one_decision(fill_checklist):
    buyer = fill_checklist(BuyerFactory())
    deciders = [
        UserFactory(staff=True, username=f"decider{i}", permissions=["partnerships.decide_partnership"])
        for i in range(2)
    ]
    barrier = threading.Barrier(2)
    results = []

    def decide(user):
        try:
            barrier.wait()
            decide_partnership(buyer=buyer, outcome=Outcome.APPROVED, rationale=f"By {user}", decided_by=user)
            results.append("decided")
        except ValidationError as error:
            results.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(user,)) for user in deciders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results) == ["decided", "“Approved as partner” does not apply to a partner."]
    assert PartnershipDecision.objects.filter(buyer=buyer).count() == 1

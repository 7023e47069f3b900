"""Partnership decisions: the table of allowed transitions and the decision service."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from buyers.models import Buyer
from buyers.services import count_buyer_change
from partnerships.models import PartnershipDecision
from partnerships.selectors import buyer_eligibility
from partnerships.services.buyer_mail import tell_decision

Outcome = PartnershipDecision.Outcome
Tier = Buyer.Tier

# The decisions that make sense from each tier, and the tier each leads to.
# The decision form offers exactly these; decide_partnership refuses others.
DECISIONS = {
    (Tier.PARTICIPANT, Outcome.APPROVED): Tier.PARTNER,
    (Tier.PARTICIPANT, Outcome.DECLINED): Tier.PARTICIPANT,
    (Tier.PARTICIPANT, Outcome.REINSTATED): Tier.PARTNER,
    (Tier.PARTNER, Outcome.DOWNGRADED): Tier.PARTICIPANT,
}
# Outcomes that make a buyer a partner, and so need the eligibility rule.
OUTCOMES_TO_PARTNER = {outcome for (_, outcome), to_tier in DECISIONS.items() if to_tier == Tier.PARTNER}
DECIDE_PERMISSION = "partnerships.decide_partnership"


def decision_outcomes_for(*, buyer: Buyer, eligible: bool) -> list[str]:
    """Return the outcomes a decision on *buyer* may have now.

    Approval and reinstatement are offered only to an eligible buyer;
    reinstatement only to a buyer that was a partner before, approval only
    to one that never was.
    """
    outcomes = [outcome for (tier, outcome) in DECISIONS if tier == buyer.tier]
    if not eligible:
        outcomes = [o for o in outcomes if o not in OUTCOMES_TO_PARTNER]
    was_partner = buyer.partnership_decisions.filter(Q(to_tier=Tier.PARTNER) | Q(from_tier=Tier.PARTNER)).exists()
    unwanted = Outcome.APPROVED if was_partner else Outcome.REINSTATED
    return [o for o in outcomes if o != unwanted]


def checklist_snapshot(*, buyer: Buyer) -> list[dict]:
    """Return the buyer's checklist as plain data, to keep with a decision."""
    return [
        {
            "code": line.commitment.code,
            "title": line.commitment.title,
            "level": line.commitment.level,
            "state": line.state,
            "evidence": line.record.evidence if line.record else "",
            "changed_at": line.record.changed_at.isoformat() if line.record else None,
        }
        for line in buyer_eligibility(buyer=buyer).checklist
    ]


@transaction.atomic
def decide_partnership(
    *,
    buyer: Buyer,
    outcome: str,
    rationale: str,
    decided_by,
    expected_tier: str | None = None,
) -> PartnershipDecision:
    """Record a decision on *buyer*'s tier and apply it, in one transaction.

    Approving or reinstating makes the buyer a partner (partner since
    today) and needs the eligibility rule to pass: "Buyers unwilling to meet
    the above commitments are not eligible for partnership and should engage
    as participants" (``docs/buyer-guide.md``, IV.3). Downgrading makes a partner a
    participant again and clears partner-since. Declining keeps the tier and
    records why.

    The buyer row is locked (``select_for_update``) and the tier and rule
    re-checked inside the lock, so two staff deciding at once produce one
    decision: the second sees the first's result and is refused. Pass
    *expected_tier* (the tier the decider saw) to refuse a decision made on
    a stale page.

    Raises ``PermissionDenied`` unless *decided_by* has
    ``partnerships.decide_partnership``, and ``ValidationError`` naming the
    missing or breached commitments, or the reason the outcome does not
    apply.
    """
    if not decided_by.has_perm(DECIDE_PERMISSION):
        raise PermissionDenied("You do not have permission to decide partnerships.")
    rationale = (rationale or "").strip()
    if not rationale:
        raise ValidationError({"rationale": "Give the rationale for the decision."})

    buyer = Buyer.objects.select_for_update().get(pk=buyer.pk)
    if expected_tier is not None and buyer.tier != expected_tier:
        raise ValidationError(
            f"{buyer} is now a {buyer.get_tier_display().lower()}: someone decided while this page was open. "
            "Reload the page to see the latest decision."
        )
    to_tier = DECISIONS.get((buyer.tier, outcome))
    if to_tier is None:
        raise ValidationError(
            {"outcome": f"“{Outcome(outcome).label}” does not apply to a {buyer.get_tier_display().lower()}."}
        )
    if buyer.status == Buyer.Status.WITHDRAWN and to_tier == Tier.PARTNER:
        raise ValidationError(f"{buyer} has withdrawn from the programme and cannot become a partner.")
    if outcome not in decision_outcomes_for(buyer=buyer, eligible=True):
        raise ValidationError(
            {"outcome": "Reinstate a buyer that was a partner before; approve a buyer that never was."}
        )

    verdict = buyer_eligibility(buyer=buyer)
    if outcome in OUTCOMES_TO_PARTNER and not verdict.eligible:
        raise ValidationError(
            [
                f"{buyer} is not eligible for partnership.",
                *(f"Breached: {c.title}" for c in verdict.breached),
                *(f"Not yet affirmed: {c.title}" for c in verdict.missing),
            ],
            code="not_eligible",
        )

    decision = PartnershipDecision(
        buyer=buyer,
        from_tier=buyer.tier,
        to_tier=to_tier,
        outcome=outcome,
        rationale=rationale,
        checklist_snapshot=checklist_snapshot(buyer=buyer),
        decided_by=decided_by,
        decided_at=timezone.now(),
    )
    decision.full_clean()
    decision.save()

    if to_tier != buyer.tier:
        buyer.tier = to_tier
        buyer.partner_since = timezone.localdate() if to_tier == Tier.PARTNER else None
        buyer.full_clean()
        buyer.save(update_fields=["tier", "partner_since", "updated_at"])
        count_buyer_change(buyer=buyer)
    tell_decision(decision=decision, missing_titles=[c.title for c in verdict.missing])
    return decision

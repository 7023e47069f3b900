"""Writes of the partnerships app: decisions, checklist changes, catalogues."""

import datetime

from django.apps import apps as global_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from buyers.models import Buyer
from partnerships.constants import BENEFITS, COMMITMENTS, COUNTRY_PROGRAMMES
from partnerships.models import CommitmentRecord, PartnershipDecision
from partnerships.selectors import buyer_eligibility

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
    as participants" (seed section IV.3). Downgrading makes a partner a
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
        raise ValidationError([f"{buyer} is not eligible for partnership.", *verdict.reasons], code="not_eligible")

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
    return decision


@transaction.atomic
def record_commitment_states(
    *,
    buyer: Buyer,
    commitments,
    state: str,
    changed_by,
    evidence: str = "",
    source: str = "",
    review_by: datetime.date | None = None,
) -> list[CommitmentRecord]:
    """Set *buyer*'s state on each of *commitments* at once, with one
    evidence note: e.g. "all affirmed, from the signed partnership letter".

    Creates the records that do not exist yet; each change is kept in the
    records' history. A record whose state, evidence, source and review
    date are already those given is left untouched. Returns the records
    changed. Raises ``ValidationError`` for an unknown state or a retired
    commitment.
    """
    if state not in CommitmentRecord.State.values:
        raise ValidationError({"state": f"Unknown checklist state “{state}”."})
    commitments = list(commitments)
    retired = [c.title for c in commitments if not c.is_active]
    if retired:
        raise ValidationError(f"Retired commitments cannot be recorded: {'; '.join(retired)}")

    existing = {
        r.commitment_id: r
        for r in CommitmentRecord.objects.select_for_update().filter(buyer=buyer, commitment__in=commitments)
    }
    now = timezone.now()
    changed = []
    for commitment in commitments:
        record = existing.get(commitment.pk) or CommitmentRecord(buyer=buyer, commitment=commitment)
        unchanged = (record.state, record.evidence, record.source, record.review_by) == (
            state,
            evidence,
            source,
            review_by,
        )
        if record.pk and unchanged:
            continue
        record.state = state
        record.evidence = evidence
        record.source = source
        record.review_by = review_by
        record.changed_by = changed_by
        record.changed_at = now
        record.full_clean()
        record.save()
        changed.append(record)
    return changed


@transaction.atomic
def load_catalogues(*, apps=global_apps) -> None:
    """Load the commitment and benefit catalogues and the country programmes.

    The wording comes from section IV of the buyer guide
    (``partnerships.constants``). Idempotent: rows are matched by code, their
    wording and order brought up to date, and ``is_active`` is set only when
    a row is created, so a commitment staff retired stays retired.

    *apps* is the model registry to use: the data migration passes its
    historical one, everything else the live one. The end-to-end tests call
    this again because the live server flushes migration-loaded rows.
    """
    CountryProgramme = apps.get_model("buyers", "CountryProgramme")
    Commitment = apps.get_model("partnerships", "Commitment")
    Benefit = apps.get_model("partnerships", "Benefit")

    for country, name in COUNTRY_PROGRAMMES:
        CountryProgramme.objects.update_or_create(
            country=country, defaults={"name": name}, create_defaults={"name": name, "is_active": True}
        )

    by_code = {}
    for position, (code, title, level, parent_code) in enumerate(COMMITMENTS, start=1):
        values = {
            "title": title,
            "level": level,
            "position": position * 10,
            "parent": by_code.get(parent_code),
        }
        by_code[code], _ = Commitment.objects.update_or_create(
            code=code, defaults=values, create_defaults={**values, "is_active": True}
        )

    for position, (code, title) in enumerate(BENEFITS, start=1):
        values = {"title": title, "position": position * 10}
        Benefit.objects.update_or_create(code=code, defaults=values, create_defaults={**values, "is_active": True})

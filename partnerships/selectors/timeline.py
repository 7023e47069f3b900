"""A buyer's way through the programme: when it joined and every decision."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from buyers.models import Buyer


@dataclass(frozen=True)
class TimelineEvent:
    """One step of a buyer's way through the programme."""

    on: datetime.date
    kind: str
    title: str
    detail: str = ""
    by: Any = None
    tiers: str = ""


def buyer_decision_timeline(*, buyer: Buyer) -> list[TimelineEvent]:
    """Return *buyer*'s timeline, latest first: when it joined, every
    partnership decision (outcome, tiers, rationale, who), and its
    partner-since date when no decision on file explains it (a buyer
    entered as a partner). One query."""
    decisions = list(buyer.partnership_decisions.select_related("decided_by").order_by("decided_at", "pk"))
    events = [TimelineEvent(on=buyer.joined_on, kind="joined", title="Began working with the programme")]
    for decision in decisions:
        events.append(
            TimelineEvent(
                on=timezone.localdate(decision.decided_at),
                kind=decision.outcome,
                title=decision.get_outcome_display(),
                detail=decision.rationale,
                by=decision.decided_by,
                tiers=f"{decision.get_from_tier_display()} → {decision.get_to_tier_display()}",
            )
        )
    explained = any(
        d.to_tier == Buyer.Tier.PARTNER and timezone.localdate(d.decided_at) == buyer.partner_since for d in decisions
    )
    if buyer.partner_since and not explained:
        events.append(
            TimelineEvent(
                on=buyer.partner_since,
                kind="partner_since",
                title="Partner since",
                detail="Entered with the buyer's record; no partnership decision on file explains it.",
            )
        )
    # Stable sort: on one day, the order above (joined, decisions) holds.
    events.sort(key=lambda event: event.on)
    return events[::-1]

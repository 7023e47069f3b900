"""A buyer's way through the programme: when it joined and every decision."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from buyers.models import Buyer
from partnerships.models import PartnershipDecision


@dataclass(frozen=True)
class TimelineEvent:
    """One step of a buyer's way through the programme.

    *kind* is ``joined``, ``partner_since`` (a partner-since date no
    decision explains: a buyer entered as a partner) or the outcome of
    *decision*. The buyer file's ``includes/timeline/`` templates word it.
    """

    on: datetime.date
    kind: str
    decision: PartnershipDecision | None = None


def buyer_decision_timeline(*, buyer: Buyer) -> list[TimelineEvent]:
    """Return *buyer*'s timeline, latest first: when it joined, every
    partnership decision (outcome, tiers, rationale, who), and its
    partner-since date when no decision on file explains it (a buyer
    entered as a partner). One query."""
    decisions = list(buyer.partnership_decisions.select_related("decided_by").order_by("decided_at", "pk"))
    events = [TimelineEvent(on=buyer.joined_on, kind="joined")]
    events += [
        TimelineEvent(on=timezone.localdate(decision.decided_at), kind=decision.outcome, decision=decision)
        for decision in decisions
    ]
    explained = any(
        d.to_tier == Buyer.Tier.PARTNER and timezone.localdate(d.decided_at) == buyer.partner_since for d in decisions
    )
    if buyer.partner_since and not explained:
        events.append(TimelineEvent(on=buyer.partner_since, kind="partner_since"))
    # Stable sort: on one day, the order above (joined, decisions) holds.
    events.sort(key=lambda event: event.on)
    return events[::-1]

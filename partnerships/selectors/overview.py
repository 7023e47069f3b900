"""The figures of the staff dashboard: the buyer list and the overview."""

import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import OuterRef, QuerySet
from django.utils import timezone

from buyers.models import Buyer, Sourcing
from buyers.selectors import subquery_count
from partnerships.models import PartnershipDecision
from partnerships.selectors.eligibility import buyers_with_eligibility
from partnerships.selectors.relationship import with_last_contact


def buyers_for_dashboard(queryset: QuerySet[Buyer] | None = None) -> QuerySet[Buyer]:
    """Return buyers for the staff list, in one query, ordered by name.

    Each buyer carries the annotations of ``buyers_with_eligibility``, its
    focal point, ``current_sourcing_count`` (the programme factories it
    sources from now) and ``last_contact_on`` (its latest interaction).
    """
    if queryset is None:
        queryset = Buyer.objects.all()
    current = Sourcing.objects.filter(buyer=OuterRef("pk"), ended_on__isnull=True)
    return with_last_contact(
        buyers_with_eligibility(queryset.select_related("focal_point")).annotate(
            current_sourcing_count=subquery_count(current)
        )
    ).order_by("name", "pk")


@dataclass(frozen=True)
class TierMixYear:
    """How many of today's active buyers were participants and partners at
    the end of *year* (or today, for the current year)."""

    year: int
    participants: int
    partners: int
    to_date: bool


@dataclass(frozen=True)
class CompletionBin:
    """How many active buyers have exactly *done* required commitments
    affirmed or verified."""

    done: int
    participants: int
    partners: int


@dataclass(frozen=True)
class BuyerOverview:
    """The figures of the dashboard overview that come from the buyers."""

    participants: int
    partners: int
    withdrawn: int
    required_total: int
    completion: tuple[CompletionBin, ...]
    tier_mix: tuple[TierMixYear, ...]
    recent_decisions: tuple[PartnershipDecision, ...]


class _TierChange(NamedTuple):
    decided_at: datetime.datetime
    from_tier: str
    to_tier: str


def _tier_changes(*, joined_on, partner_since, decisions) -> tuple[str, list[tuple[datetime.date, str]]]:
    """Return a buyer's tier when it joined and its later changes of tier.

    Decisions are the record of every change of tier made in the portal. A
    buyer entered as a partner has none: its partner-since date is the
    change. *decisions* are the buyer's, oldest first.
    """
    changes = [(timezone.localdate(d.decided_at), d.to_tier) for d in decisions if d.from_tier != d.to_tier]
    if changes:
        first = next(d for d in decisions if d.from_tier != d.to_tier)
        return first.from_tier, changes
    if partner_since is not None:
        return Buyer.Tier.PARTICIPANT, [(max(partner_since, joined_on), Buyer.Tier.PARTNER)]
    return Buyer.Tier.PARTICIPANT, []


def _tier_on(day, *, joined_on, start, changes) -> str | None:
    if day < joined_on:
        return None
    tier = start
    for changed_on, to_tier in changes:
        if changed_on <= day:
            tier = to_tier
    return tier


def buyer_overview(*, today: datetime.date | None = None, years: int = 10, recent: int = 8) -> BuyerOverview:
    """Return the counts, checklist distribution, tier mix over the years
    and latest decisions shown on the dashboard overview. Three queries.

    Counts: active participants, active partners, withdrawn buyers (of
    either tier). The checklist distribution and the tier mix cover active
    buyers only. The tier mix shows each buyer's tier at the end of each of
    the last *years* years, rebuilt from its joined date, its partnership
    decisions and, for buyers entered as partners, its partner-since date.
    Withdrawn buyers are left out of it: the date they withdrew is not
    recorded, so their past cannot be placed.
    """
    today = today or timezone.localdate()
    buyers = list(
        buyers_with_eligibility(Buyer.objects.order_by()).values_list(
            "pk", "tier", "status", "joined_on", "partner_since", "required_done", "required_total"
        )
    )
    # Every decision's tier change, as plain rows: loading them as models
    # (with the buyer, the decider and the checklist snapshot's JSON) took
    # most of this function's second at 2,600 decisions (issue 14).
    decisions_of: dict[int, list[_TierChange]] = {}
    for buyer_id, *change in PartnershipDecision.objects.order_by("decided_at", "pk").values_list(
        "buyer_id", "decided_at", "from_tier", "to_tier"
    ):
        decisions_of.setdefault(buyer_id, []).append(_TierChange(*change))
    recent_decisions = (
        PartnershipDecision.objects.select_related("buyer", "decided_by")
        .defer("checklist_snapshot")
        .order_by("-decided_at", "-pk")[:recent]
    )

    active = [row for row in buyers if row[2] == Buyer.Status.ACTIVE]
    required_total = buyers[0][6] if buyers else 0
    bins = {done: [0, 0] for done in range(required_total + 1)}
    for _pk, tier, _status, _joined, _since, done, _total in active:
        bins[min(done, required_total)][tier == Buyer.Tier.PARTNER] += 1

    histories = [
        (joined_on, *_tier_changes(joined_on=joined_on, partner_since=since, decisions=decisions_of.get(pk, [])))
        for pk, _tier, _status, joined_on, since, _done, _total in active
    ]
    first_year = min((joined_on.year for joined_on, _start, _changes in histories), default=today.year)
    tier_mix = []
    for year in range(max(first_year, today.year - years + 1), today.year + 1):
        day = today if year == today.year else datetime.date(year, 12, 31)
        tiers = [_tier_on(day, joined_on=j, start=start, changes=changes) for j, start, changes in histories]
        tier_mix.append(
            TierMixYear(
                year=year,
                participants=tiers.count(Buyer.Tier.PARTICIPANT),
                partners=tiers.count(Buyer.Tier.PARTNER),
                to_date=year == today.year,
            )
        )

    return BuyerOverview(
        participants=sum(1 for row in active if row[1] == Buyer.Tier.PARTICIPANT),
        partners=sum(1 for row in active if row[1] == Buyer.Tier.PARTNER),
        withdrawn=sum(1 for row in buyers if row[2] == Buyer.Status.WITHDRAWN),
        required_total=required_total,
        completion=tuple(CompletionBin(done=done, participants=p, partners=q) for done, (p, q) in bins.items()),
        tier_mix=tuple(tier_mix),
        recent_decisions=tuple(recent_decisions),
    )

"""The figures of the staff dashboard: the buyer list and the overview."""

import bisect
import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, F, OuterRef, QuerySet
from django.db.models.functions import TruncDate
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
    decided_on: datetime.date  # in the portal's time zone
    from_tier: str
    to_tier: str


def _tier_changes(*, joined_on, partner_since, decisions) -> tuple[str, list[tuple[datetime.date, str]]]:
    """Return a buyer's tier when it joined and its later changes of tier.

    Decisions are the record of every change of tier made in the portal. A
    buyer entered as a partner has none: its partner-since date is the
    change. *decisions* are the buyer's that changed its tier, oldest first.
    """
    if decisions:
        return decisions[0].from_tier, [(d.decided_on, d.to_tier) for d in decisions]
    if partner_since is not None:
        return Buyer.Tier.PARTICIPANT, [(max(partner_since, joined_on), Buyer.Tier.PARTNER)]
    return Buyer.Tier.PARTICIPANT, []


def _tier_mix(histories, *, days) -> list[tuple[int, int]]:
    """Count (participants, partners) at each of *days* (ascending), from
    each buyer's (joined_on, start tier, changes): where each buyer enters
    and changes tier, summed up the days, so the cost grows with buyers plus
    changes, not with buyers times years. A change dated before the buyer
    joined counts from its joined day on."""
    partner = Buyer.Tier.PARTNER
    # steps[i] is the change in (participants, partners) from day i - 1 to day i.
    steps = [[0, 0] for _ in days]
    for joined_on, start, changes in histories:
        entered = bisect.bisect_left(days, joined_on)
        if entered == len(days):
            continue
        tier = start
        steps[entered][tier == partner] += 1
        for changed_on, to_tier in changes:  # oldest first
            at = max(bisect.bisect_left(days, changed_on), entered)
            if at == len(days):
                break
            if to_tier != tier:
                steps[at][tier == partner] -= 1
                steps[at][to_tier == partner] += 1
                tier = to_tier
    counts, participants, partners = [], 0, 0
    for step_participants, step_partners in steps:
        participants += step_participants
        partners += step_partners
        counts.append((participants, partners))
    return counts


@dataclass(frozen=True)
class BuyerCounts:
    """How many buyers there are of each tier and status, and how far the
    active ones' checklists have come (``buyer_counts``)."""

    participants: int
    partners: int
    withdrawn: int
    required_total: int
    completion: tuple[CompletionBin, ...]


def buyer_counts() -> BuyerCounts:
    """Return the counts of active participants, active partners and
    withdrawn buyers (of either tier), and the active buyers by how many
    required commitments they have affirmed or verified. One query, grouped
    in SQL over each buyer's checklist summary (``buyers_with_eligibility``)."""
    groups = list(
        buyers_with_eligibility(Buyer.objects.order_by())
        .values("status", "tier", "required_done", "required_total")
        .annotate(buyers=Count("pk"))
        .values_list("status", "tier", "required_done", "required_total", "buyers")
    )
    active = [row for row in groups if row[0] == Buyer.Status.ACTIVE]
    required_total = groups[0][3] if groups else 0
    bins = {done: [0, 0] for done in range(required_total + 1)}
    for _status, tier, done, _total, count in active:
        bins[min(done, required_total)][tier == Buyer.Tier.PARTNER] += count
    return BuyerCounts(
        participants=sum(row[4] for row in active if row[1] == Buyer.Tier.PARTICIPANT),
        partners=sum(row[4] for row in active if row[1] == Buyer.Tier.PARTNER),
        withdrawn=sum(row[4] for row in groups if row[0] == Buyer.Status.WITHDRAWN),
        required_total=required_total,
        completion=tuple(CompletionBin(done=done, participants=p, partners=q) for done, (p, q) in bins.items()),
    )


def tier_mix(*, today: datetime.date, years: int = 10) -> tuple[TierMixYear, ...]:
    """Return each of the last *years* years' count of today's active
    buyers by their tier at its end (today, for the current year), rebuilt
    from each buyer's joined date, its partnership decisions and, for
    buyers entered as partners, its partner-since date. Withdrawn buyers
    are left out: the date they withdrew is not recorded, so their past
    cannot be placed. Two queries.

    It reads three dates per active buyer and every tier change (issue 14:
    with every buyer's tier worked out year by year, this took 200 ms at
    10,000 buyers).
    """
    # Every change of tier, as plain rows dated in SQL: loading decisions as
    # models (with the buyer, the decider and the checklist snapshot's JSON)
    # took most of this function's second at 2,600 decisions, and dating
    # each in Python 40 ms more (issue 14).
    decisions_of: dict[int, list[_TierChange]] = {}
    changes = (
        PartnershipDecision.objects.exclude(from_tier=F("to_tier"))
        .annotate(decided_on=TruncDate("decided_at"))
        .order_by("decided_at", "pk")
        .values_list("buyer_id", "decided_on", "from_tier", "to_tier")
    )
    for buyer_id, *change in changes:
        decisions_of.setdefault(buyer_id, []).append(_TierChange(*change))
    histories = [
        (joined_on, *_tier_changes(joined_on=joined_on, partner_since=since, decisions=decisions_of.get(pk, [])))
        for pk, joined_on, since in Buyer.objects.filter(status=Buyer.Status.ACTIVE)
        .order_by()
        .values_list("pk", "joined_on", "partner_since")
    ]
    first_year = min((joined_on.year for joined_on, _start, _changes in histories), default=today.year)
    shown_years = range(max(first_year, today.year - years + 1), today.year + 1)
    days = [today if year == today.year else datetime.date(year, 12, 31) for year in shown_years]
    return tuple(
        TierMixYear(year=year, participants=participants, partners=partners, to_date=year == today.year)
        for year, (participants, partners) in zip(shown_years, _tier_mix(histories, days=days), strict=True)
    )


def recent_decisions(*, recent: int = 8) -> tuple[PartnershipDecision, ...]:
    """Return the latest *recent* partnership decisions, newest first, with
    their buyer and decider, without their checklist snapshots. One query."""
    return tuple(
        PartnershipDecision.objects.select_related("buyer", "decided_by")
        .defer("checklist_snapshot")
        .order_by("-decided_at", "-pk")[:recent]
    )


def buyer_overview(*, today: datetime.date | None = None, years: int = 10, recent: int = 8) -> BuyerOverview:
    """Return the counts, checklist distribution, tier mix over the years
    and latest decisions shown on the dashboard overview: ``buyer_counts``,
    ``tier_mix`` and ``recent_decisions`` together. Four queries.

    The overview (``betterwork_portal/dashboard/views/overview.py``) keeps
    the three parts apart, each under the tables it reads, so that a
    checklist change recomputes the counts and not the tier mix.
    """
    today = today or timezone.localdate()
    return combine_buyer_overview(
        counts=buyer_counts(), tier_mix=tier_mix(today=today, years=years), recent=recent_decisions(recent=recent)
    )


def combine_buyer_overview(
    *, counts: BuyerCounts, tier_mix: tuple[TierMixYear, ...], recent: tuple[PartnershipDecision, ...]
) -> BuyerOverview:
    """Return the ``BuyerOverview`` of the three parts."""
    return BuyerOverview(
        participants=counts.participants,
        partners=counts.partners,
        withdrawn=counts.withdrawn,
        required_total=counts.required_total,
        completion=counts.completion,
        tier_mix=tier_mix,
        recent_decisions=recent,
    )

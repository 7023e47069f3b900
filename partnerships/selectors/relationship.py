"""Reads of the relationship: a buyer's interactions, when each benefit
was last delivered, partners without a quarterly call, the partners ×
benefits table, interactions per month, and yearly reviews coming due.

Every function here runs a fixed number of queries, whatever the number
of buyers or interactions.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import TruncMonth

from buyers.models import Buyer
from partnerships.models import Benefit, BenefitDelivery, Interaction, PartnerReview

# A partner's first yearly review falls due a year after it became one.
REVIEW_INTERVAL = datetime.timedelta(days=365)


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def interactions_with_people() -> QuerySet[Interaction]:
    """Interactions with everyone and everything they name, in four more
    queries for a whole list."""
    return Interaction.objects.select_related("buyer", "follow_up_owner", "recorded_by").prefetch_related(
        "contacts",
        "staff",
        "country_programmes",
        Prefetch("benefit_deliveries", queryset=BenefitDelivery.objects.select_related("benefit")),
    )


def buyer_interactions(*, buyer: Buyer, limit: int = 20) -> list[Interaction]:
    """The buyer's latest interactions, newest first."""
    return list(interactions_with_people().filter(buyer=buyer).order_by("-occurred_on", "-pk")[:limit])


@dataclass(frozen=True)
class BenefitLastDelivered:
    benefit: Benefit
    last_delivered_on: datetime.date | None
    deliveries_this_year: int


def benefits_last_delivered(*, buyer: Buyer, today: datetime.date) -> list[BenefitLastDelivered]:
    """For each active benefit, when *buyer* last received it and how often
    this year. Two queries."""
    delivered = {
        row["benefit_id"]: row
        for row in BenefitDelivery.objects.filter(buyer=buyer)
        .values("benefit_id")
        .annotate(last=Max("delivered_on"), this_year=Count("pk", filter=_in_year(today.year)))
    }
    return [
        BenefitLastDelivered(
            benefit=benefit,
            last_delivered_on=delivered.get(benefit.pk, {}).get("last"),
            deliveries_this_year=delivered.get(benefit.pk, {}).get("this_year", 0),
        )
        for benefit in Benefit.objects.filter(is_active=True).order_by("position", "code")
    ]


def _in_year(year: int) -> Q:
    return Q(delivered_on__year=year)


@dataclass(frozen=True)
class WithoutQuarterlyCall:
    """How many active partners have had no quarterly call this quarter,
    and the first of them by name."""

    count: int
    partners: list[Buyer]


def partners_without_quarterly_call(*, today: datetime.date, first: int | None = None) -> WithoutQuarterlyCall:
    """Active partners with no quarterly call logged since this quarter
    began, in name order, each with ``last_quarterly_call`` (or ``None``):
    all of them, or the *first* few with the count of all. One query: the
    count comes with the rows (a window over them), so the date of the last
    call is looked up for the rows returned only (at 10,000 buyers, 470
    partners read to show ten took 25 ms; issue 14)."""
    calls = Interaction.objects.filter(buyer=OuterRef("pk"), kind=Interaction.Kind.QUARTERLY_CALL)
    partners = (
        Buyer.objects.active_partners()
        .annotate(
            called_this_quarter=Exists(calls.filter(occurred_on__gte=quarter_start(today), occurred_on__lte=today))
        )
        .filter(called_this_quarter=False)
        .annotate(
            last_quarterly_call=Subquery(calls.order_by("-occurred_on").values("occurred_on")[:1]),
            without_call_count=Window(Count("pk")),
        )
        .select_related("focal_point")
        .order_by("name", "pk")
    )
    rows = list(partners if first is None else partners[:first])
    return WithoutQuarterlyCall(count=rows[0].without_call_count if rows else 0, partners=rows)


@dataclass(frozen=True)
class BenefitTable:
    """Partners × benefits: how many times each partner received each
    benefit in *year*."""

    year: int
    benefits: list[Benefit]
    rows: list[tuple[Buyer, list[int]]]


def partners_by_name() -> QuerySet[Buyer]:
    """The active partners in the benefits table's order, for its pages."""
    return Buyer.objects.active_partners().order_by("name", "pk")


def partner_benefit_table(*, year: int, partners=None) -> BenefitTable:
    """The benefits table of *partners* (a page of ``partners_by_name``; all
    of them by default). Three queries: the benefits, the partners, and one
    grouped count."""
    benefits = list(Benefit.objects.filter(is_active=True).order_by("position", "code"))
    partners = list(partners_by_name() if partners is None else partners)
    counts = {
        (row["buyer_id"], row["benefit_id"]): row["n"]
        for row in BenefitDelivery.objects.filter(delivered_on__year=year, buyer__in=[p.pk for p in partners])
        .values("buyer_id", "benefit_id")
        .annotate(n=Count("pk"))
    }
    return BenefitTable(
        year=year,
        benefits=benefits,
        rows=[(partner, [counts.get((partner.pk, b.pk), 0) for b in benefits]) for partner in partners],
    )


def interactions_per_month(*, today: datetime.date, months: int = 12) -> list[tuple[datetime.date, int]]:
    """Interactions logged in each of the last *months* months, oldest
    first, months without any included. One query."""
    first = _months_before(today.replace(day=1), months - 1)
    counted = {
        row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"]: row["n"]
        for row in Interaction.objects.filter(occurred_on__gte=first, occurred_on__lte=today)
        .annotate(month=TruncMonth("occurred_on"))
        .values("month")
        .annotate(n=Count("pk"))
    }
    return [(month, counted.get(month, 0)) for month in (_months_before(first, -i) for i in range(months))]


def _months_before(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 - count
    return datetime.date(index // 12, index % 12 + 1, 1)


def next_review_due(*, buyers: QuerySet[Buyer]) -> QuerySet[Buyer]:
    """*buyers* annotated with ``last_review_on`` and ``review_due_on``: a
    year after becoming a partner until the first review, then the date
    the last review set."""
    latest = PartnerReview.objects.filter(buyer=OuterRef("pk")).order_by("-reviewed_on", "-pk")
    return buyers.annotate(
        last_review_on=Subquery(latest.values("reviewed_on")[:1]),
        last_review_due=Subquery(latest.values("next_review_by")[:1]),
    )


def review_due_on(buyer: Buyer) -> datetime.date | None:
    """When *buyer* (annotated by ``next_review_due``) is next reviewed."""
    if buyer.last_review_due:
        return buyer.last_review_due
    if buyer.partner_since:
        return buyer.partner_since + REVIEW_INTERVAL
    return None


def with_last_contact(buyers: QuerySet[Buyer]) -> QuerySet[Buyer]:
    """*buyers* annotated with ``last_contact_on``: the day of the latest
    interaction logged with each, ``None`` if none. A subquery on the
    (buyer, day) index, so that a list can sort by it."""
    latest = Interaction.objects.filter(buyer=OuterRef("pk")).order_by("-occurred_on").values("occurred_on")[:1]
    return buyers.annotate(last_contact_on=Subquery(latest))

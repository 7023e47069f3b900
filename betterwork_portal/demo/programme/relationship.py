"""The demo's relationship: calls, quarterly calls and forum sessions with
the demo buyers, the benefits they delivered, follow-ups, and partners'
yearly reviews (``partnerships/models/relationship.py``).

Written with the buyers it belongs to, only when they are new, so a
second ``seed_demo`` adds nothing. Each buyer's story is drawn from a
``random.Random`` seeded by its name, so it is the same on every run.
Dates count back from ``REFERENCE_DATE``; the open follow-ups fall due in
the weeks around it and belong to the demo login, so that "My work" of a
newcomer who signs in as ``staff`` has something in it.
"""

import datetime
import random
import zlib

from betterwork_portal.demo.programme.dataset import REFERENCE_DATE, moment
from buyers.models import Buyer, Contact, Factory
from partnerships.models import Benefit, BenefitDelivery, Interaction, PartnerReview
from partnerships.services import KIND_BENEFITS

DAY = datetime.timedelta(days=1)
SUMMARIES = {
    Interaction.Kind.QUARTERLY_CALL: (
        "Quarterly call: the programme's update on the sector, and the remediation of two factories' "
        "occupational safety findings.",
        "Quarterly call: progress on working time in the factories the buyer sources from, and the next "
        "assessment dates.",
    ),
    Interaction.Kind.BUYERS_FORUM: (
        "Buyers Forum session on the national minimum wage review; the buyer asked for the briefing notes.",
    ),
    Interaction.Kind.CALL: (
        "Call about the buyer's next sourcing season and which supplier factories it will keep.",
        "Call with the sustainability team about joining as a partner: walked through the commitments.",
    ),
    Interaction.Kind.MEETING: ("Meeting at the buyer's office: the partnership's year, and the forum agenda.",),
    Interaction.Kind.EMAIL: ("Sent the latest assessment summaries for the buyer's factories, as asked.",),
}
FOLLOW_UPS = (
    "Send the remediation plan for the two factories",
    "Share the forum briefing notes",
    "Confirm the date of the next quarterly call",
    "Ask for the buyer's updated supplier list",
)


def _quarters_back(count: int) -> list[datetime.date]:
    """A day early in each of the last *count* quarters (the 12th of its
    first month), newest first, so that the reference quarter has had its
    calls."""
    days, year, quarter = [], REFERENCE_DATE.year, (REFERENCE_DATE.month - 1) // 3
    for _ in range(count):
        days.append(datetime.date(year, 3 * quarter + 1, 12))
        quarter -= 1
        if quarter < 0:
            year, quarter = year - 1, 3
    return [day for day in days if day <= REFERENCE_DATE]


def write_relationship(buyer_ids: list[tuple[int, object]], users: dict[str, int], staff_login: str) -> int:
    """Insert the interactions, deliveries and reviews of the new demo
    buyers (``[(buyer id, PlannedBuyer)]``). Returns the rows inserted."""
    if not buyer_ids:
        return 0
    benefits = dict(Benefit.objects.values_list("code", "pk"))
    pks = [pk for pk, _ in buyer_ids]
    contacts = {}
    for contact_id, buyer_id in Contact.objects.filter(buyer_id__in=pks).order_by("pk").values_list("pk", "buyer_id"):
        contacts.setdefault(buyer_id, contact_id)
    programmes = {}
    for buyer_id, programme_id in (
        Factory.objects.filter(sourcings__buyer_id__in=pks)
        .order_by("pk")
        .values_list("sourcings__buyer_id", "country_programme_id")
    ):
        programmes.setdefault(buyer_id, programme_id)
    owner = users.get(staff_login)
    planned = []  # (Interaction, contact id, programme id)
    reviews = []
    for index, (pk, buyer) in enumerate(buyer_ids):
        rng = random.Random(zlib.crc32(buyer.name_key.encode()))  # noqa: S311 - demo data, not secrets
        focal = users.get(buyer.focal_point)
        active_partner = buyer.tier == Buyer.Tier.PARTNER and buyer.status == Buyer.Status.ACTIVE
        events = []
        if active_partner:
            # Most partners had their quarterly call every quarter; one in
            # five has not had this quarter's yet.
            quarters = _quarters_back(4)[1:] if rng.random() < 0.2 else _quarters_back(4)
            events += [(Interaction.Kind.QUARTERLY_CALL, day - rng.randrange(0, 10) * DAY) for day in quarters]
            if rng.random() < 0.6:
                events.append((Interaction.Kind.BUYERS_FORUM, REFERENCE_DATE - rng.randrange(30, 200) * DAY))
        elif buyer.status == Buyer.Status.ACTIVE and rng.random() < 0.7:
            events += [
                (rng.choice((Interaction.Kind.CALL, Interaction.Kind.EMAIL, Interaction.Kind.MEETING)), day)
                for day in sorted({REFERENCE_DATE - rng.randrange(5, 400) * DAY for _ in range(rng.randrange(1, 4))})
            ]
        events = [(kind, max(day, buyer.joined_on)) for kind, day in events if day >= buyer.joined_on]
        events.sort(key=lambda event: event[1])
        for number, (kind, day) in enumerate(events):
            interaction = Interaction(
                buyer_id=pk,
                kind=kind,
                occurred_on=day,
                summary=rng.choice(SUMMARIES[kind]),
                recorded_by_id=focal,
                recorded_at=moment(day, 17),
            )
            last = number == len(events) - 1
            if last and owner and index % 12 == 0:
                interaction.follow_up = FOLLOW_UPS[(index // 12) % len(FOLLOW_UPS)]
                interaction.follow_up_due = REFERENCE_DATE + rng.randrange(15, 80) * DAY
                interaction.follow_up_owner_id = owner
            planned.append((interaction, contacts.get(pk), programmes.get(pk)))
        if active_partner and buyer.partner_since and rng.random() < 0.5:
            reviewed = max(buyer.partner_since + 300 * DAY, REFERENCE_DATE - rng.randrange(20, 330) * DAY)
            if reviewed <= REFERENCE_DATE and focal:
                reviews.append(
                    PartnerReview(
                        buyer_id=pk,
                        reviewed_on=reviewed,
                        next_review_by=reviewed + 365 * DAY,
                        note="Reviewed the year's checklist and calls: stays a partner.",
                        reviewed_by_id=focal,
                        recorded_at=moment(reviewed, 16),
                    )
                )
    interactions = Interaction.objects.bulk_create([item[0] for item in planned], batch_size=1000)
    links = Interaction.contacts.through, Interaction.country_programmes.through
    links[0].objects.bulk_create(
        links[0](interaction_id=i.pk, contact_id=c) for i, (_, c, _p) in zip(interactions, planned, strict=True) if c
    )
    links[1].objects.bulk_create(
        links[1](interaction_id=i.pk, countryprogramme_id=p)
        for i, (_, _c, p) in zip(interactions, planned, strict=True)
        if p and i.kind == Interaction.Kind.QUARTERLY_CALL
    )
    deliveries = BenefitDelivery.objects.bulk_create(
        BenefitDelivery(
            buyer_id=i.buyer_id,
            benefit_id=benefits[KIND_BENEFITS[i.kind]],
            delivered_on=i.occurred_on,
            interaction_id=i.pk,
            recorded_by_id=i.recorded_by_id,
        )
        for i in interactions
        if i.kind in KIND_BENEFITS and KIND_BENEFITS[i.kind] in benefits
    )
    PartnerReview.objects.bulk_create(reviews)
    return len(interactions) + len(deliveries) + len(reviews)

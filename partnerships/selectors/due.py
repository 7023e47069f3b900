"""What comes due for staff: checklist lines to review, follow-ups, and
partners' yearly reviews. "My work" on the dashboard shows one staff
member's; the daily reminder digest sends each theirs
(``partnerships/management/commands/send_reminders.py``).

A checklist review and a partner review are the buyer's focal point's; a
follow-up is its owner's.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from buyers.models import Buyer
from partnerships.models import CommitmentRecord, Interaction
from partnerships.selectors.relationship import next_review_due, review_due_on, with_last_contact

# How far ahead "coming due" looks.
HORIZON_DAYS = 30


@dataclass(frozen=True)
class DueItem:
    """One thing to do by a day; the templates in
    ``betterwork_portal/dashboard/templates/dashboard/includes/due/`` say it."""

    class Kind:
        CHECKLIST_REVIEW = "checklist_review"
        FOLLOW_UP = "follow_up"
        PARTNER_REVIEW = "partner_review"

    kind: str
    due_on: datetime.date
    buyer: Buyer
    user_id: int
    record: CommitmentRecord | None = None
    interaction: Interaction | None = None

    def is_overdue(self, today: datetime.date) -> bool:
        return self.due_on < today


def due_items(*, today: datetime.date, user=None, horizon_days: int = HORIZON_DAYS) -> list[DueItem]:
    """Everything due by ``today + horizon_days`` (overdue included), for
    *user* or for every staff member, soonest first. Three queries."""
    until = today + datetime.timedelta(days=horizon_days)
    items: list[DueItem] = []

    records = CommitmentRecord.objects.filter(
        review_by__lte=until,
        commitment__is_active=True,
        buyer__status=Buyer.Status.ACTIVE,
        buyer__focal_point__isnull=False,
    ).select_related("buyer", "commitment")
    if user is not None:
        records = records.filter(buyer__focal_point=user)
    items += [
        DueItem(DueItem.Kind.CHECKLIST_REVIEW, r.review_by, r.buyer, r.buyer.focal_point_id, record=r) for r in records
    ]

    follow_ups = Interaction.objects.filter(
        follow_up_done_on__isnull=True, follow_up_due__lte=until, follow_up_owner__isnull=False
    ).select_related("buyer")
    if user is not None:
        follow_ups = follow_ups.filter(follow_up_owner=user)
    items += [
        DueItem(DueItem.Kind.FOLLOW_UP, i.follow_up_due, i.buyer, i.follow_up_owner_id, interaction=i)
        for i in follow_ups
    ]

    partners = Buyer.objects.active_partners().filter(focal_point__isnull=False)
    if user is not None:
        partners = partners.filter(focal_point=user)
    for partner in next_review_due(buyers=partners):
        due_on = review_due_on(partner)
        if due_on is not None and due_on <= until:
            items.append(DueItem(DueItem.Kind.PARTNER_REVIEW, due_on, partner, partner.focal_point_id))

    return sorted(items, key=lambda item: (item.due_on, item.buyer.name, item.kind))


def due_items_by_user(*, today: datetime.date) -> dict[int, list[DueItem]]:
    """``due_items`` for every staff member at once, by user id."""
    by_user: dict[int, list[DueItem]] = defaultdict(list)
    for item in due_items(today=today):
        by_user[item.user_id].append(item)
    return dict(by_user)


@dataclass(frozen=True)
class MyBuyers:
    """How many active buyers a staff member is the focal point of, and the
    first of them, partners first."""

    total: int
    shown: list


def my_buyers(*, user, limit: int = 30) -> MyBuyers:
    """The active buyers *user* is the focal point of, with
    ``last_contact_on``: their number and the first *limit*, partners first.
    Two queries; the rest are in the buyer list (a focal point of 1,700
    buyers made a 390 KB page, issue 14)."""
    buyers = Buyer.objects.filter(focal_point=user, status=Buyer.Status.ACTIVE)
    return MyBuyers(
        total=buyers.count(),
        shown=list(with_last_contact(buyers).order_by("-tier", "name", "pk")[:limit]),
    )


def open_follow_ups(*, user) -> list[Interaction]:
    """The follow-ups *user* owns and has not done, soonest first. One query."""
    return list(
        Interaction.objects.filter(~Q(follow_up=""), follow_up_owner=user, follow_up_done_on__isnull=True)
        .select_related("buyer")
        .order_by("follow_up_due", "pk")
    )

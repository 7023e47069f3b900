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

from django.db.models import BooleanField, Case, Count, F, Q, Value, When, Window
from django.db.models.functions import RowNumber

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


def _checklist_reviews(*, until: datetime.date, user=None):
    records = CommitmentRecord.objects.filter(
        review_by__lte=until,
        commitment__is_active=True,
        buyer__status=Buyer.Status.ACTIVE,
        buyer__focal_point__isnull=False,
    ).select_related("buyer", "commitment")
    return records if user is None else records.filter(buyer__focal_point=user)


def _checklist_review(record: CommitmentRecord) -> DueItem:
    return DueItem(
        DueItem.Kind.CHECKLIST_REVIEW, record.review_by, record.buyer, record.buyer.focal_point_id, record=record
    )


def _follow_ups(*, until: datetime.date, user=None):
    follow_ups = Interaction.objects.filter(
        follow_up_done_on__isnull=True, follow_up_due__lte=until, follow_up_owner__isnull=False
    ).select_related("buyer")
    return follow_ups if user is None else follow_ups.filter(follow_up_owner=user)


def _follow_up(interaction: Interaction) -> DueItem:
    return DueItem(
        DueItem.Kind.FOLLOW_UP,
        interaction.follow_up_due,
        interaction.buyer,
        interaction.follow_up_owner_id,
        interaction=interaction,
    )


def _partner_reviews(*, until: datetime.date, user=None) -> list[DueItem]:
    partners = Buyer.objects.active_partners().filter(focal_point__isnull=False)
    if user is not None:
        partners = partners.filter(focal_point=user)
    items = []
    for partner in next_review_due(buyers=partners):
        due_on = review_due_on(partner)
        if due_on is not None and due_on <= until:
            items.append(DueItem(DueItem.Kind.PARTNER_REVIEW, due_on, partner, partner.focal_point_id))
    return items


def _soonest_first(items) -> list[DueItem]:
    return sorted(items, key=lambda item: (item.due_on, item.buyer.name, item.kind))


def due_items(*, today: datetime.date, user=None, horizon_days: int = HORIZON_DAYS) -> list[DueItem]:
    """Everything due by ``today + horizon_days`` (overdue included), for
    *user* or for every staff member, soonest first. Three queries."""
    until = today + datetime.timedelta(days=horizon_days)
    return _soonest_first(
        [_checklist_review(r) for r in _checklist_reviews(until=until, user=user)]
        + [_follow_up(i) for i in _follow_ups(until=until, user=user)]
        + _partner_reviews(until=until, user=user)
    )


@dataclass(frozen=True)
class DueLists:
    """What is overdue and what comes due, each list's first lines and
    how many lines it has in all."""

    overdue: list[DueItem]
    overdue_total: int
    coming: list[DueItem]
    coming_total: int


def _first_on_each_side(queryset, *, due: str, today: datetime.date, shown: int | None):
    """Return *queryset*'s rows due before *today* (``True``) and from
    *today* on (``False``), the first *shown* of each (all if None),
    soonest first, and how many each side has: one query, the sides
    counted and cut by window functions, so a staff member with a thousand
    lines due reads fifty."""
    overdue = Case(When(**{f"{due}__lt": today}, then=Value(True)), default=Value(False), output_field=BooleanField())
    ranked = queryset.annotate(
        is_overdue=overdue,
        side_rank=Window(RowNumber(), partition_by=[overdue], order_by=[F(due).asc(), F("buyer__name").asc(), "pk"]),
        side_total=Window(Count("pk"), partition_by=[overdue]),
    )
    if shown is not None:
        ranked = ranked.filter(side_rank__lte=shown)
    rows = {True: [], False: []}
    totals = {True: 0, False: 0}
    for row in ranked:
        rows[row.is_overdue].append(row)
        totals[row.is_overdue] = row.side_total
    return rows, totals


def due_lists(*, today: datetime.date, user, shown: int | None, horizon_days: int = HORIZON_DAYS) -> DueLists:
    """What *user* has overdue and coming due by ``today + horizon_days``,
    soonest first as ``due_items`` orders them: each list's first *shown*
    lines (all if None) and its total. Three queries, whatever the number
    of lines: each kind's first *shown* on each side are enough to find
    the first *shown* of all kinds."""
    until = today + datetime.timedelta(days=horizon_days)
    overdue, coming = [], []
    overdue_total = coming_total = 0
    for queryset, due, item in (
        (_checklist_reviews(until=until, user=user), "review_by", _checklist_review),
        (_follow_ups(until=until, user=user), "follow_up_due", _follow_up),
    ):
        rows, totals = _first_on_each_side(queryset, due=due, today=today, shown=shown)
        overdue += [item(row) for row in rows[True]]
        coming += [item(row) for row in rows[False]]
        overdue_total += totals[True]
        coming_total += totals[False]
    # A staff member's partners are few (one yearly review each): counted here.
    for review in _partner_reviews(until=until, user=user):
        if review.is_overdue(today):
            overdue.append(review)
            overdue_total += 1
        else:
            coming.append(review)
            coming_total += 1
    return DueLists(
        overdue=_soonest_first(overdue)[:shown],
        overdue_total=overdue_total,
        coming=_soonest_first(coming)[:shown],
        coming_total=coming_total,
    )


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


def follow_ups_due_after(*, user, after: datetime.date, shown: int | None) -> tuple[list[Interaction], int]:
    """The follow-ups *user* owns, has not done and that are due after
    *after*, soonest first: the first *shown* (all if None) and how many
    there are. One query, the count a window over the same rows."""
    follow_ups = (
        Interaction.objects.filter(
            ~Q(follow_up=""), follow_up_owner=user, follow_up_done_on__isnull=True, follow_up_due__gt=after
        )
        .select_related("buyer")
        .annotate(total=Window(Count("pk")))
        .order_by("follow_up_due", "pk")
    )
    rows = list(follow_ups if shown is None else follow_ups[:shown])
    return rows, rows[0].total if rows else 0
